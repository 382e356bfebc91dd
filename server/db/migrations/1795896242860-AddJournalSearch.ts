import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddJournalSearch1795896242860 implements MigrationInterface {
  name = 'AddJournalSearch1795896242860';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "entries" ADD "search" tsvector`);
    // The searchable document of an entry, in the Russian configuration, kept by a trigger.
    await q.query(`
      CREATE FUNCTION entries_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search := to_tsvector('russian',
          NEW.description || ' ' || NEW.organization_name || ' ' || NEW.person_name || ' ' || NEW.resolution);
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER entries_search_trg BEFORE INSERT OR UPDATE OF description, organization_name, person_name, resolution
      ON "entries" FOR EACH ROW EXECUTE FUNCTION entries_search_update()`);
    await q.query(`UPDATE "entries" SET description = description`);
    await q.query(`CREATE INDEX "entries_search_idx" ON "entries" USING gin ("search")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "entries_search_idx"`);
    await q.query(`DROP TRIGGER IF EXISTS entries_search_trg ON "entries"`);
    await q.query(`DROP FUNCTION IF EXISTS entries_search_update()`);
    await q.query(`ALTER TABLE "entries" DROP COLUMN "search"`);
  }
}
