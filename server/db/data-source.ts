// Opens the database: a PostgreSQL server (DATABASE_URL) or embedded PostgreSQL (PGlite) in DATA_DIR.
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

export interface Database {
  dataSource: DataSource;
  kind: 'postgres' | 'pglite';
  /** Connection settings for extra pg clients (listen/notify, advisory locks); PostgreSQL only. */
  pgConfig: pg.ClientConfig | undefined;
  /** Connections of the pool now (metrics); null for the embedded database's single connection. */
  pool(): { total: number; idle: number; waiting: number } | null;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Run pending migrations on open (the server does; the drift check does it itself). */
  migrate?: boolean;
}

/** Key of the advisory lock that serialises migrations between instances starting together. */
const MIGRATION_LOCK_KEY = 4242_0001;

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const db = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openPglite(opts.dataDir);
  try {
    if (opts.migrate !== false) await runMigrations(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  return db;
}

async function openPostgres(url: string): Promise<Database> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    poolSize: 10,
    // JIT off: the statistics' queries over a million calls are planned as costly, and compiling
    // them took seconds where running them takes milliseconds.
    extra: { connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000, options: '-c jit=off' },
  });
  await dataSource.initialize();
  // A connection lost while checked out (database restart) must not become an uncaught 'error' event.
  const pool = (dataSource.driver as unknown as { master?: pg.Pool }).master;
  pool?.on('connect', (client) => client.on('error', () => undefined));
  return {
    dataSource,
    kind: 'postgres',
    pgConfig: { connectionString: url },
    pool: () => (pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null),
    close: () => dataSource.destroy(),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  // Loaded lazily so PostgreSQL deployments never load the WASM build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const pglite = new PGlite(path.join(dataDir, 'pgdata'), { extensions: { pg_trgm } });
  await pglite.waitReady;
  const dataSource = new DataSource({
    type: 'postgres',
    entities,
    migrations,
    synchronize: false,
    poolSize: 1,
    extra: { ...createPgConfig(pglite) },
  });
  await dataSource.initialize();
  return {
    dataSource,
    kind: 'pglite',
    pgConfig: undefined,
    pool: () => null,
    close: async () => {
      await dataSource.destroy();
      await pglite.close();
      releaseLock();
    },
  };
}

/** PGlite is single-process: refuse a second process on the same data directory. */
function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, 'callog.pid');
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by another callog process (pid ${pid}). ` +
          'Stop it, or set DATA_DIR to another folder, or use DATABASE_URL for several instances.',
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Applies pending migrations; PostgreSQL instances starting together take turns under an advisory lock. */
export async function runMigrations(db: Database): Promise<void> {
  // PGlite has one connection and one process: nothing to serialise, and a held lock would deadlock.
  if (db.kind === 'pglite') {
    await db.dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = db.dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await db.dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
