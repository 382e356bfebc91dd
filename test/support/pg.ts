// Finds the PostgreSQL server tests run on, and makes a scratch database per test file.
import crypto from 'node:crypto';
import pg from 'pg';

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/test';

let cached: Promise<string | undefined> | undefined;

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The server's admin URL: TEST_DATABASE_URL, else a reachable local PostgreSQL, else undefined
 * (PGlite). With CI=true a missing PostgreSQL is an error, never a silent fallback.
 */
export function postgresAdminUrl(): Promise<string | undefined> {
  cached ??= (async () => {
    const explicit = process.env.TEST_DATABASE_URL;
    if (explicit) {
      if (!(await reachable(explicit))) throw new Error(`TEST_DATABASE_URL is not reachable: ${explicit}`);
      return explicit;
    }
    if (await reachable(LOCAL_URL)) return LOCAL_URL;
    if (process.env.CI === 'true') {
      throw new Error('CI=true but no PostgreSQL is reachable at 127.0.0.1:5432 (set TEST_DATABASE_URL)');
    }
    return undefined;
  })();
  return cached;
}

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database on the test server; drop() removes it (closing stray sessions). */
export async function createScratchDatabase(adminUrl: string, prefix = 'callog_t'): Promise<ScratchDatabase> {
  const name = `${prefix}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
