// The 1M-entry, 1M-call database the benchmarks share (callog_bench_journal on the test PostgreSQL,
// seeded once by scripts/seed-big.ts and reused), and a callog server process on it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../server/db/data-source';
import { seedBig } from '../../scripts/seed-big';
import { ensureServerBuilt, startArgs } from '../../scripts/server-build';
import { CalendarService } from '../../server/calendar/calendar.service';
import { loadConfig } from '../../server/config';
import { StatsFacts } from '../../server/stats/facts';
import { postgresAdminUrl } from '../support/pg';

const ROOT = path.resolve(__dirname, '..', '..');
export const BIG_DB = 'callog_bench_journal';
export const BENCH_ADMIN_PASSWORD = 'bench-admin-pass';

/** The server as `npm start` runs it: compiled (built when stale), in its own process. */
export async function startServer(databaseUrl: string): Promise<{ url: string; proc: ChildProcess }> {
  ensureServerBuilt();
  const proc = spawn(process.execPath, startArgs(), {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      DEMO_USERS: 'false',
      DEMO_CALL_INTERVAL_S: 'off',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /callog is running: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  return { url, proc };
}

export async function stopServer(proc: ChildProcess): Promise<void> {
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
}

/** Creates the database when missing and returns its URL (the server creates the schema and the admin). */
export async function bigDatabaseUrl(what: string): Promise<string> {
  const admin = await postgresAdminUrl();
  if (!admin) throw new Error(`${what} needs PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432)`);
  const url = new URL(admin);
  url.pathname = `/${BIG_DB}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [BIG_DB]);
  if (!exists.rowCount) await c.query(`CREATE DATABASE ${BIG_DB}`);
  await c.end();
  return url.toString();
}

/** Seeds up to `target` entries and calls (once; later runs reuse them); answers the counts. */
export async function ensureSeeded(databaseUrl: string, target: number): Promise<{ e: number; c: number }> {
  const db = await openDatabase({ databaseUrl, dataDir: '', migrate: false });
  try {
    const have: { n: number }[] = await db.dataSource.query(`SELECT count(*)::int AS n FROM entries`);
    if (have[0]!.n < target) {
      console.log(
        `Seeding ${(target - have[0]!.n).toLocaleString('en-US')} entries and calls (once; reused by later runs)…`,
      );
      await seedBig(db.dataSource, { entries: target - have[0]!.n, calls: target - have[0]!.n });
    }
    const counts: { e: number; c: number }[] = await db.dataSource.query(
      `SELECT (SELECT count(*) FROM entries)::int AS e, (SELECT count(*) FROM calls)::int AS c`,
    );
    return counts[0]!;
  } finally {
    await db.close();
  }
}

export const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

/**
 * Waits until the statistics' daily summaries are up to date, summarising here too (the server's own
 * job shares the work: one at a time, an advisory lock). Answers how long it took.
 */
export async function ensureSummarised(databaseUrl: string): Promise<number> {
  const db = await openDatabase({ databaseUrl, dataDir: '', migrate: false });
  const t0 = performance.now();
  try {
    // The server's settings (time zone, short abandon, service level), as it reads them.
    const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl });
    const calendar = new CalendarService(db.dataSource, config.timeZone);
    const facts = new StatsFacts(db.dataSource, { timeZone: config.timeZone, ...config.stats }, () => calendar.get());
    for (;;) {
      if ((await facts.refresh()) > 0) continue;
      if ((await facts.pending()) === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    return performance.now() - t0;
  } finally {
    await db.close();
  }
}
