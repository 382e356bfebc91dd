import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserMustChangePassword1795927131235 implements MigrationInterface {
  name = 'UserMustChangePassword1795927131235';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
  }
}
