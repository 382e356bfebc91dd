import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journal's search document becomes the text as written (the `simple` configuration: lower case, ё as
 * е) instead of Russian stems: the stemmer gave different stems to forms of one word («журнал» → журна,
 * «журналы» → журнал; «ошибка» / «ошибок»). A search now asks for every form of each word from the
 * dictionary (server/search), which needs the forms themselves in the document.
 */
export class SearchWordForms1795990000000 implements MigrationInterface {
  name = 'SearchWordForms1795990000000';

  async up(q: QueryRunner): Promise<void> {
    await this.document(q, 'simple', `translate(%s, 'ёЁ', 'еЕ')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.document(q, 'russian', '%s');
  }

  private async document(q: QueryRunner, config: string, wrap: string): Promise<void> {
    const text = `NEW.description || ' ' || NEW.organization_name || ' ' || NEW.person_name || ' ' || NEW.resolution`;
    await q.query(`
      CREATE OR REPLACE FUNCTION entries_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search := to_tsvector('${config}', ${wrap.replace('%s', text)});
        RETURN NEW;
      END $$`);
    // Rebuilt without the index, then indexed once (a million entries: minutes, not an hour).
    await q.query(`DROP INDEX IF EXISTS "entries_search_idx"`);
    await q.query(
      `UPDATE "entries" SET search = to_tsvector('${config}', ${wrap.replace('%s', text.replace(/NEW\./g, ''))})`,
    );
    await q.query(`CREATE INDEX "entries_search_idx" ON "entries" USING gin ("search")`);
  }
}
