import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journal's filter indexes carry the columns the filters also test (status, type), so that counting a
 * month of one specialist, one organisation or one status/type reads the index alone, not the table.
 */
export class JournalCoveringIndexes1795920000000 implements MigrationInterface {
  name = 'JournalCoveringIndexes1795920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."entries_owner_idx"`);
    await q.query(`CREATE INDEX "entries_owner_idx" ON "entries" ("owner_id", "registered_at") INCLUDE ("status")`);
    await q.query(`DROP INDEX "public"."entries_status_idx"`);
    await q.query(`CREATE INDEX "entries_status_idx" ON "entries" ("status", "registered_at") INCLUDE ("type")`);
    await q.query(`DROP INDEX "public"."entries_organization_idx"`);
    await q.query(
      `CREATE INDEX "entries_organization_idx" ON "entries" ("organization_id", "registered_at") INCLUDE ("status")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, cols] of [
      ['entries_owner_idx', '"owner_id", "registered_at"'],
      ['entries_status_idx', '"status", "registered_at"'],
      ['entries_organization_idx', '"organization_id", "registered_at"'],
    ] as const) {
      await q.query(`DROP INDEX "public"."${name}"`);
      await q.query(`CREATE INDEX "${name}" ON "entries" (${cols})`);
    }
  }
}
