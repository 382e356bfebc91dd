// Compiles the server for `npm start`: one CommonJS file per entry (the server and the report worker) in
// dist/server, node_modules left as they are. In production the server runs as plain JavaScript: loading
// the TypeScript sources through tsx at run time cost about 45 MB of resident memory (its compiler,
// caches and loader thread) — tests and `npm run dev` still run the sources.
import { buildSync } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { newestMtime } from './client-build';

const ROOT = path.resolve(__dirname, '..');
export const SERVER_OUT = path.join(ROOT, 'dist', 'server');
const MAIN = path.join(SERVER_OUT, 'main.js');
const SOURCES = ['server', 'shared', 'package-lock.json', 'tsconfig.base.json'];

export function serverIsStale(): boolean {
  const built = fs.statSync(MAIN, { throwIfNoEntry: false });
  if (!built) return true;
  return SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > built.mtimeMs);
}

export function ensureServerBuilt(log: (msg: string) => void = console.log): void {
  if (!serverIsStale()) return;
  log('Building the server (esbuild)…');
  buildSync({
    absWorkingDir: ROOT,
    entryPoints: { main: 'server/main.ts', 'form1.worker': 'server/reports/form1.worker.ts' },
    outdir: SERVER_OUT,
    bundle: true,
    packages: 'external',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Entity and error classes are looked up by name (TypeORM metadata, error mapping).
    keepNames: true,
    logLevel: 'warning',
  });
}

/**
 * The Node.js arguments `npm start` runs the compiled server with (its flags, then dist/server/main.js),
 * read from package.json so that the benchmarks measure the very process operators run.
 */
export function startArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const m = /&& exec node ((?:--\S+ )*)dist\/server\/main\.js$/.exec(pkg.scripts.start);
  if (!m) throw new Error(`package.json scripts.start no longer ends with "exec node [flags] dist/server/main.js"`);
  return [...m[1]!.split(' ').filter(Boolean), MAIN];
}

if (require.main === module) ensureServerBuilt();
