// The schema comes from the migrations, and the migrations match the entities (no drift).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/data-source';
import { createScratchDatabase, postgresAdminUrl } from '../support/pg';

const TABLES = [
  'users',
  'user_extensions',
  'sessions',
  'lines',
  'calls',
  'entries',
  'entry_history',
  'reg_counters',
  'organizations',
  'organization_phones',
  'calendar_overrides',
  'calendar_years',
  'report_handovers',
  'settings',
  'pbx_state',
];

async function tablesOf(query: (sql: string) => Promise<{ table_name: string }[]>) {
  const rows = await query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  it('on PostgreSQL: create every table and leave nothing for the entities to change', async () => {
    const adminUrl = await postgresAdminUrl();
    if (!adminUrl) {
      console.warn('No PostgreSQL server: drift check skipped (CI=true would fail instead)');
      return;
    }
    const scratch = await createScratchDatabase(adminUrl);
    try {
      const db = await openDatabase({ databaseUrl: scratch.url, dataDir: '' });
      try {
        expect(await tablesOf((s) => db.dataSource.query(s))).toEqual(expect.arrayContaining(TABLES));
        const drift = await db.dataSource.driver.createSchemaBuilder().log();
        expect(drift.upQueries.map((q) => q.query)).toEqual([]);
        const lines: { did: string }[] = await db.dataSource.query('SELECT did FROM lines ORDER BY did');
        expect(lines.map((l) => l.did)).toEqual(['3452390679', '3452399069']);
      } finally {
        await db.close();
      }
      // Running them again (a restart, a second instance) changes nothing.
      const again = await openDatabase({ databaseUrl: scratch.url, dataDir: '' });
      await again.close();
    } finally {
      await scratch.drop();
    }
  });

  it('on embedded PGlite: the same migrations create the same tables', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callog-mig-'));
    try {
      const db = await openDatabase({ databaseUrl: undefined, dataDir: dir });
      try {
        expect(await tablesOf((s) => db.dataSource.query(s))).toEqual(expect.arrayContaining(TABLES));
        const drift = await db.dataSource.driver.createSchemaBuilder().log();
        expect(drift.upQueries.map((q) => q.query)).toEqual([]);
      } finally {
        await db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
