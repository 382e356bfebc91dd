// Runs callog as its own process (as `npm start` does), on a scratch database, for tests that must
// see the process itself: whether it stays up, what it prints, how it dies.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureServerBuilt, startArgs } from '../../scripts/server-build';
import { createScratchDatabase, postgresAdminUrl, type ScratchDatabase } from './pg';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ServerProcess {
  url: string;
  proc: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  env?: Record<string, string>;
  /** Share a database (a second instance); default: a new scratch database (or PGlite). */
  databaseUrl?: string;
  /** Extra Node.js flags (a CPU profile for a benchmark). */
  nodeArgs?: string[];
  /** Run the compiled server of `npm start` (dist/server, built when stale) instead of the sources. */
  compiled?: boolean;
  /** The embedded database (PGlite in a scratch DATA_DIR) even when PostgreSQL is there. */
  embedded?: boolean;
}

export async function startServerProcess(opts: ServerProcessOptions = {}): Promise<ServerProcess> {
  const adminUrl = await postgresAdminUrl();
  let scratch: ScratchDatabase | undefined;
  let databaseUrl = opts.databaseUrl;
  let dataDir: string | undefined;
  if (!databaseUrl && adminUrl && !opts.embedded) {
    scratch = await createScratchDatabase(adminUrl);
    databaseUrl = scratch.url;
  }
  if (!databaseUrl) dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callog-proc-'));
  if (opts.compiled) ensureServerBuilt((m) => process.stderr.write(m + '\n'));
  const entry = opts.compiled ? startArgs() : ['--import', 'tsx', 'server/main.ts'];
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      PORT: '0',
      HOST: '127.0.0.1',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
      ADMIN_LOGIN: 'admin',
      ADMIN_PASSWORD: 'admin-password-1',
      LOG_LEVEL: 'warn',
      DEMO_CALL_INTERVAL_S: 'off',
      DEMO_USERS: 'false',
      DEMO_MAIL: 'false',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      const m = /callog is running: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    proc.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}):\n${out}`));
    });
  });
  return {
    url,
    proc,
    output: () => out,
    exited,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        await exited;
      }
      await scratch?.drop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
