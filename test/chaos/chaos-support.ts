// Helpers of the fault tests (test/chaos): a private PostgreSQL cluster a test may restart without
// touching the machine's shared one, the channel list a PBX would answer for synthetic calls, and
// the small tables of figures each test prints.
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import request from 'supertest';
import { connectAs, type TestSocket } from '../support/sockets';

const run = promisify(execFile);
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `pred` holds; throws with `what` after `timeoutMs`. */
export async function waitUntil(pred: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await pred()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

/** The fault tests run on real PostgreSQL only: with CI=true a missing part fails, else it is skipped loudly. */
export function missing(what: string): void {
  if (process.env.CI === 'true') throw new Error(`CI=true but ${what}: the fault tests cannot run`);
  console.warn(`SKIPPED (not CI): ${what}`);
}

function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin');
  }
  return null;
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface PrivateCluster {
  port: number;
  /** URL of a database in this cluster (user postgres, trust auth). */
  url(db?: string): string;
  /** `pg_ctl restart` in the given mode; resolves with how long the server was away (ms). */
  restart(mode: 'fast' | 'immediate'): Promise<number>;
  /** Runs SQL on the cluster's `postgres` database on a fresh connection. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL cluster of our own (initdb in a temporary directory, a free port, trust auth), so a
 * test can restart it while other tests use the machine's server. initdb refuses root: as root the
 * directory belongs to `postgres` and the tools run through `su postgres`. Null when PostgreSQL's
 * server binaries are not installed.
 */
export async function startPrivateCluster(): Promise<PrivateCluster | null> {
  const bin = pgBinDir();
  if (!bin) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callog-chaos-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    fs.chmodSync(dir, 0o700);
    fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const sh = async (cmd: string[]) => {
    const quoted = cmd.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    if (asRoot) return run('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { cwd: '/' });
    return run(cmd[0]!, cmd.slice(1));
  };
  const port = await freePort();
  await sh([
    path.join(bin, 'initdb'),
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  // The server's options are remembered by pg_ctl for restarts (postmaster.opts).
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const ctl = (args: string[]) => sh([path.join(bin, 'pg_ctl'), '-D', data, '-l', path.join(dir, 'log'), ...args]);
  await ctl(['-w', '-o', opts, 'start']);
  // Should the test process die without its afterAll, the cluster must not outlive it.
  let stopped = false;
  const pgCtl = path.join(bin, 'pg_ctl');
  const onExit = () => {
    if (stopped) return;
    const cmd = [pgCtl, '-D', data, '-m', 'immediate', 'stop'];
    try {
      if (asRoot) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd.join(' ')], { stdio: 'ignore' });
      else execFileSync(cmd[0]!, cmd.slice(1), { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  };
  process.once('exit', onExit);
  const url = (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`;
  return {
    port,
    url,
    async restart(mode) {
      const t0 = Date.now();
      await ctl(['-w', '-m', mode, 'restart']);
      return Date.now() - t0;
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const c = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 5000 });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows as T[];
      } finally {
        await c.end().catch(() => undefined);
      }
    },
    async stop() {
      stopped = true;
      process.removeListener('exit', onExit);
      await ctl(['-w', '-m', 'immediate', 'stop']).catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a PBX lists in CoreShowChannels for answeredCall(seq, ext) (test/bench/synthetic-calls.ts). */
export function channelItems(seq: number, ext: string, phase: 'ringing' | 'up', ageSec: number): string[] {
  const linkedid = `${2000000000 + seq}.${seq * 2}`;
  const leg = `${2000000000 + seq}.${seq * 2 + 1}`;
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const caller = `8345${String(2_000_000 + (seq % 1_000_000)).padStart(7, '0')}`;
  const up = phase === 'up';
  const bridge = up ? `b${hex(seq)}-chaos` : '';
  const age = `00:00:${String(Math.min(59, ageSec)).padStart(2, '0')}`;
  const item = (f: Record<string, string>) =>
    'Event: CoreShowChannel\r\n' +
    Object.entries(f)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n');
  return [
    item({
      Channel: `PJSIP/trunk-${hex(seq * 2)}`,
      ChannelState: up ? '6' : '4',
      ChannelStateDesc: up ? 'Up' : 'Ring',
      CallerIDNum: caller,
      CallerIDName: caller,
      ConnectedLineNum: up ? ext : '<unknown>',
      ConnectedLineName: up ? ext : '<unknown>',
      Language: 'en',
      AccountCode: '',
      Context: 'support-direct',
      Exten: 's-390679',
      Priority: '1',
      Uniqueid: linkedid,
      Linkedid: linkedid,
      ChanVariable: 'SUPPORT_LINE=390679',
      Application: 'Dial',
      ApplicationData: `PJSIP/${ext},30`,
      Duration: age,
      BridgeId: bridge,
    }),
    item({
      Channel: `PJSIP/${ext}-${hex(seq * 2 + 1)}`,
      ChannelState: up ? '6' : '5',
      ChannelStateDesc: up ? 'Up' : 'Ringing',
      CallerIDNum: ext,
      CallerIDName: ext,
      ConnectedLineNum: caller,
      ConnectedLineName: caller,
      Language: 'en',
      AccountCode: '',
      Context: 'internal',
      Exten: '',
      Priority: '1',
      Uniqueid: leg,
      Linkedid: linkedid,
      ChanVariable: 'SUPPORT_LINE=390679',
      Application: 'AppDial',
      ApplicationData: '(Outgoing Line)',
      Duration: age,
      BridgeId: bridge,
    }),
  ];
}

/** A supertest agent logged in as the first administrator (as startTestServer/startServerProcess make it). */
export async function adminAgent(url: string): Promise<request.Agent> {
  const a = request.agent(url);
  const res = await a.post('/api/auth/login').send({ login: 'admin', password: 'admin-password-1' });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status}`);
  return a;
}

/**
 * Creates specialists spec0..spec<n-1> with extensions 201.. through the API, ten at a time (the
 * login throttle allows bursts, not fifty logins at once).
 */
export async function createSpecialists(url: string, n: number): Promise<void> {
  const admin = await adminAgent(url);
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, (_, k) => i + k);
    await Promise.all(
      batch.map(async (k) => {
        const res = await admin.post('/api/users').send({
          login: `spec${k}`,
          password: 'password-123',
          fullName: `Специалист ${k}`,
          role: 'specialist',
          extensions: [`${201 + k}`],
        });
        if (res.status !== 201) throw new Error(`create spec${k}: ${res.status} ${JSON.stringify(res.body)}`);
      }),
    );
  }
}

/** Connects the sockets of spec0..spec<n-1>, ten at a time. */
export async function connectSpecialists(url: string, n: number): Promise<TestSocket[]> {
  const out: TestSocket[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, (_, k) => i + k);
    out.push(...(await Promise.all(batch.map((k) => connectAs(url, `spec${k}`, 'password-123')))));
  }
  return out;
}

/** Drafts pushed per call, over every socket that listened (several instances, reconnects). */
export function draftsPerCall(sockets: TestSocket[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const s of sockets) for (const d of s.drafts) n.set(d.call.linkedid, (n.get(d.call.linkedid) ?? 0) + 1);
  return n;
}

/** Calls and entries per linkedid in the database (calls per linkedid, entries per call). */
export async function rowsPerCall(
  query: (sql: string, params: unknown[]) => Promise<{ linkedid: string; calls: string; entries: string }[]>,
  linkedids: string[],
): Promise<Map<string, { calls: number; entries: number }>> {
  const rows = await query(
    `SELECT c.linkedid, count(DISTINCT c.id) AS calls, count(e.id) AS entries
       FROM calls c LEFT JOIN entries e ON e.origin_call_id = c.id
      WHERE c.linkedid = ANY($1::text[]) GROUP BY c.linkedid`,
    [linkedids],
  );
  return new Map(rows.map((r) => [r.linkedid, { calls: Number(r.calls), entries: Number(r.entries) }]));
}

/** Prints a small table of figures (for the README), and returns it. */
export function printFigures(title: string, rows: [string, string | number][]): string {
  const text = [`\n${title}`, '| figure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  console.log(text);
  return text;
}

export const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
