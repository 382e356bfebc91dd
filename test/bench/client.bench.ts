// npm run bench:client — what each page of the web client loads before it shows: the entry with the
// chunks it imports, plus the page's own lazy chunk with its imports; sizes as sent (gzip -9), from
// the build's manifest. Goal: login and desk ≤ 300 KB gzip.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ensureClientBuilt } from '../../scripts/client-build';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, 'dist', 'client');
const GOAL_KB = 300;

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/** Behind the login: the shell, the desk, realtime (a lazy chunk of the entry). */
const SIGNED_IN = 'src/app/Authenticated.tsx';
/** [page, its lazy module (null: the login page, in the entry), held to the goal]. */
const PAGES: [string, string | null, boolean][] = [
  ['Вход (login)', null, true],
  ['Рабочее место (desk)', SIGNED_IN, true],
  ['Журнал', 'src/pages/journal/JournalPage.tsx', false],
  ['Звонки', 'src/pages/calls/CallsPage.tsx', false],
  ['Статистика', 'src/pages/stats/StatsPage.tsx', false],
  ['Табло', 'src/pages/wallboard/WallboardPage.tsx', false],
  ['Отчёты', 'src/pages/reports/ReportsPage.tsx', false],
  ['Пользователи (admin)', 'src/pages/admin/AdminUsersPage.tsx', false],
  ['Организации (admin)', 'src/pages/admin/AdminOrganizationsPage.tsx', false],
  ['Календарь (admin)', 'src/pages/admin/AdminCalendarPage.tsx', false],
];

function main(): void {
  ensureClientBuilt();
  const manifest = JSON.parse(fs.readFileSync(path.join(OUT, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    Chunk
  >;
  const gz = new Map<string, number>();
  const size = (file: string) => {
    if (!gz.has(file)) gz.set(file, zlib.gzipSync(fs.readFileSync(path.join(OUT, file)), { level: 9 }).length);
    return gz.get(file)!;
  };
  /** A chunk and everything it imports statically. */
  const closure = (key: string, into: Set<string>) => {
    const c = manifest[key]!;
    if (into.has(c.file)) return;
    into.add(c.file);
    for (const css of c.css ?? []) into.add(css);
    for (const i of c.imports ?? []) closure(i, into);
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const rows: string[] = [];
  let failed = false;
  for (const [name, src, goal] of PAGES) {
    const files = new Set<string>();
    closure(entryKey, files);
    if (src) closure(SIGNED_IN, files);
    if (src && src !== SIGNED_IN) closure(src, files);
    const bytes = [...files].reduce((n, f) => n + size(f), 0);
    const kb = bytes / 1024;
    if (goal && kb > GOAL_KB) failed = true;
    rows.push(
      `| ${name} | ${files.size} | ${kb.toFixed(1)} | ${goal ? (kb <= GOAL_KB ? `≤ ${GOAL_KB} ✓` : `> ${GOAL_KB} ✗`) : ''} |`,
    );
  }
  console.log('\nWhat each page loads before it shows (gzip -9 of the built files)');
  console.log('| page | files | KB gzip | goal |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(failed ? `\nlogin/desk over the ${GOAL_KB} KB goal` : `\nlogin and desk within ${GOAL_KB} KB`);
}

main();
