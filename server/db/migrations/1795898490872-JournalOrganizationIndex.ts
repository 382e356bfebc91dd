import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JournalOrganizationIndex1795898490872 implements MigrationInterface {
  name = 'JournalOrganizationIndex1795898490872';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "entries_organization_idx" ON "entries"  ("organization_id", "registered_at") `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."entries_organization_idx"`);
  }
}
