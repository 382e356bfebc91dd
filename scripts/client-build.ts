// Builds the client with Vite when dist/client is missing or older than its sources.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'client', 'index.html');
const SOURCES = ['client', 'shared', 'vite.config.mts', 'package-lock.json'];

export function newestMtime(p: string): number {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of fs.readdirSync(p)) {
    if (name === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(path.join(p, name)));
  }
  return newest;
}

export function clientIsStale(): boolean {
  const built = fs.statSync(OUT, { throwIfNoEntry: false });
  if (!built) return true;
  return SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > built.mtimeMs);
}

export function ensureClientBuilt(log: (msg: string) => void = console.log): void {
  if (!clientIsStale()) return;
  log('Building the web client (vite build)…');
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [ROOT] })), 'bin', 'vite.js');
  // A production build whatever the caller's NODE_ENV (jest sets "test": Vite would then bundle React's
  // development build, twice the size, and the browser tests and bench:client would see that).
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

if (require.main === module) ensureClientBuilt();
