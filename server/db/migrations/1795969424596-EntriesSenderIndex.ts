import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EntriesSenderIndex1795969424596 implements MigrationInterface {
  name = 'EntriesSenderIndex1795969424596';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "entries_sender_idx" ON "entries"  ("sender_email", "registered_at") WHERE "sender_email" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."entries_sender_idx"`);
  }
}
