// Every string the client shows goes through t(): a Russian literal in a component (JSX text, a string or a
// template) fails this test with its file and line, and English is complete as the second language.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '..', '..', 'client', 'src');
// The dictionaries: i18n.tsx (the first load) and the modules of lib/messages (static ones merged into the
// first load, page ones registered when their page loads). Required at run time (jest compiles .tsx), so
// that the server's tsconfig (no JSX) need not read them.
type Dictionary = { ru?: Record<string, string>; en?: Record<string, string> };
const MESSAGES = path.join(SRC, 'lib', 'messages');
const modules = new Map<string, Dictionary>(
  fs.readdirSync(MESSAGES).map((f) => [
    path.basename(f, '.ts'),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(MESSAGES, f)) as Dictionary,
  ]),
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const i18n = require('../../client/src/lib/i18n') as {
  loadEnglish: () => Promise<void>;
  loadedMessages: (locale: 'ru' | 'en') => Record<string, string>;
};
/** The page modules: a file that uses one of their keys must import the module. */
const PAGE_MODULES = [...modules]
  .filter(([name]) => fs.readFileSync(path.join(MESSAGES, `${name}.ts`), 'utf8').includes('registerMessages('))
  .map(([name, m]) => [name, m.ru!] as const);
/** The dictionaries themselves. */
const DICTIONARIES = [path.join(SRC, 'lib', 'i18n.tsx'), path.join(SRC, 'lib', 'messages')];
const CYRILLIC = /[А-Яа-яЁё]/;
/** English strings that name Russian on purpose: the switch to Russian, the words a calendar file holds. */
const RUSSIAN_ON_PURPOSE = new Set(['user.language', 'calendar.import.formats']);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (DICTIONARIES.some((x) => p === x)) return [];
    if (d.isDirectory()) return files(p);
    return /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

function literals(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node) ||
      ts.isJsxText(node)
    ) {
      if (CYRILLIC.test(node.text)) {
        const { line } = src.getLineAndCharacterOfPosition(node.getStart(src));
        found.push(`${path.relative(SRC, file)}:${line + 1}: ${node.text.trim().slice(0, 60)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

describe('client i18n', () => {
  it('no component shows a literal Russian string: all go through t()', () => {
    const all = files(SRC);
    expect(all.length).toBeGreaterThan(30);
    expect(all.flatMap(literals)).toEqual([]);
  });

  it('English is complete: every key translated, no Russian left in it', async () => {
    expect(modules.size).toBeGreaterThan(5);
    // The pages' modules registered themselves when required above; the first load's English is a chunk.
    await i18n.loadEnglish();
    const ru = i18n.loadedMessages('ru');
    const en = i18n.loadedMessages('en');
    expect(Object.keys(ru).length).toBeGreaterThan(500);
    expect(Object.keys(en).sort()).toEqual(Object.keys(ru).sort());
    const untranslated = Object.keys(ru).filter(
      (k) => !en[k]?.trim() || (CYRILLIC.test(en[k]) && !RUSSIAN_ON_PURPOSE.has(k)),
    );
    expect(untranslated).toEqual([]);
  });

  it("a file that shows a page module's strings imports that module (they load with the page)", () => {
    const missing: string[] = [];
    for (const file of files(SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [name, ru] of PAGE_MODULES) {
        if (text.includes(`/messages/${name}'`)) continue;
        const used = Object.keys(ru).filter((k) => text.includes(`'${k}'`) || text.includes(`\`${k}`));
        const prefixes = [...new Set(Object.keys(ru).map((k) => k.slice(0, k.lastIndexOf('.') + 1)))];
        const dynamic = prefixes.filter((p) => text.includes(`t(\`${p}\${`));
        if (used.length || dynamic.length)
          missing.push(`${path.relative(SRC, file)}: ${[...used, ...dynamic][0]} (${name})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
