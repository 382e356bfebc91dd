// Writes a new migration with the SQL that brings a migrated database up to the entities.
// Usage: npm run migration:generate -- <Name>   (needs a PostgreSQL server, as the tests do)
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../server/db/data-source';
import { createScratchDatabase, postgresAdminUrl } from '../test/support/pg';

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('Give the migration a PascalCase name: npm run migration:generate -- AddThing');
  }
  const adminUrl = await postgresAdminUrl();
  if (!adminUrl) throw new Error('No PostgreSQL server found (set TEST_DATABASE_URL)');
  const scratch = await createScratchDatabase(adminUrl, 'callog_gen');
  try {
    const db = await openDatabase({ databaseUrl: scratch.url, dataDir: '', migrate: true });
    try {
      const sql = await db.dataSource.driver.createSchemaBuilder().log();
      if (sql.upQueries.length === 0) {
        console.log('The migrations already match the entities: nothing to generate.');
        return;
      }
      const stamp = Date.now();
      const cls = `${name}${stamp}`;
      const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
      const up = sql.upQueries.map((x) => `    await q.query(${q(x.query)});`).join('\n');
      const down = sql.downQueries
        .reverse()
        .map((x) => `    await q.query(${q(x.query)});`)
        .join('\n');
      const file = path.join(__dirname, '..', 'server', 'db', 'migrations', `${stamp}-${name}.ts`);
      fs.writeFileSync(
        file,
        `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
          `export class ${cls} implements MigrationInterface {\n` +
          `  name = '${cls}';\n\n` +
          `  async up(q: QueryRunner): Promise<void> {\n${up}\n  }\n\n` +
          `  async down(q: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      console.log(`Wrote ${path.relative(process.cwd(), file)}; add ${cls} to server/db/migrations/index.ts`);
    } finally {
      await db.close();
    }
  } finally {
    await scratch.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
