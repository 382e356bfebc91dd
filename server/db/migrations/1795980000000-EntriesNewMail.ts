import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When a mail answering an entry arrived that its owner has not opened yet (the desk marks it). */
export class EntriesNewMail1795980000000 implements MigrationInterface {
  name = 'EntriesNewMail1795980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "entries" ADD "new_mail_at" TIMESTAMP WITH TIME ZONE`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "entries" DROP COLUMN "new_mail_at"`);
  }
}
