import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JournalIndexes1795896535487 implements MigrationInterface {
  name = 'JournalIndexes1795896535487';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."entries_registered_idx"`);
    await q.query(`CREATE INDEX "entries_registered_idx" ON "entries"  ("registered_at", "id") `);
    // The organisation filter matches any part of the name: trigrams make it an index lookup.
    // (pg_trgm is a trusted extension: the database owner may create it; PGlite loads it at start.)
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE INDEX "entries_organization_trgm_idx" ON "entries" USING gin ("organization_name" gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "entries_organization_trgm_idx"`);
    await q.query(`DROP INDEX "public"."entries_registered_idx"`);
    await q.query(`CREATE INDEX "entries_registered_idx" ON "entries" USING btree ("registered_at") `);
  }
}
