import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CallHoldAndRawCallerId1795925066508 implements MigrationInterface {
  name = 'CallHoldAndRawCallerId1795925066508';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "calls" ADD "caller_id_raw" character varying(200)`);
    await q.query(`ALTER TABLE "calls" ADD "hold_seconds" integer`);
    // Withheld numbers were stored as the "number" anonymous: keep it as the raw caller ID only.
    await q.query(
      `UPDATE calls SET caller_id_raw = caller_number, caller_number = NULL, caller_number_norm = NULL
        WHERE caller_number IS NOT NULL AND (caller_number !~ '[0-9]'
           OR caller_number ~* '^(anonymous|unknown|<unknown>|restricted|private|unavailable|withheld)$')`,
    );
    await q.query(
      `UPDATE entries SET caller_number = NULL, caller_number_norm = NULL
        WHERE channel = 'phone' AND caller_number IS NOT NULL AND caller_number !~ '[0-9]'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "calls" DROP COLUMN "hold_seconds"`);
    await q.query(`ALTER TABLE "calls" DROP COLUMN "caller_id_raw"`);
  }
}
