// Every form of a Russian word, from the OpenCorpora dictionary that npm `az` ships: «журналы» → журнал,
// журнала, …, журналов; «ошибок» → ошибка, ошибки, …, ошибок (fleeting vowels are in the dictionary's
// paradigms, which a stemmer cannot know). Only the word list (a DAWG) and the paradigms are read, ~8 MB;
// Az's own morphology (tags, probabilities, guessers) would take ~45 MB and is not needed. Loaded at the
// first search, not at start.
import fs from 'node:fs/promises';
import path from 'node:path';

/** ё is written as е in most texts: both sides of a search use е. */
export const foldYo = (s: string) => s.replace(/ё/g, 'е');

/** A word's forms (itself included), or null when the dictionary does not know it. Lower case, ё as е. */
export type WordForms = (word: string) => string[] | null;
let loading: Promise<WordForms> | undefined;

/** Prefixes of forms in the paradigms (superlatives: наи-; comparatives: по-), by index. */
const FORM_PREFIXES = ['', 'по', 'наи'];

/** Loads the dictionary once; the function it gives answers at once (and remembers recent words). */
export function loadWordForms(): Promise<WordForms> {
  loading ??= (async () => {
    const { default: Az } = await import('az');
    const dir = path.join(path.dirname(require.resolve('az/package.json')), 'dicts');
    const [words, suffixes, list] = await Promise.all([
      new Promise<Parameters<Parameters<typeof Az.DAWG.load>[2]>[1]>((resolve, reject) =>
        Az.DAWG.load(path.join(dir, 'words.dawg'), 'words', (err, dawg) => (err ? reject(err) : resolve(dawg))),
      ),
      fs.readFile(path.join(dir, 'suffixes.json'), 'utf8').then((s) => JSON.parse(s) as string[]),
      fs.readFile(path.join(dir, 'paradigms.array')),
    ]);
    // paradigms.array: a count, then per paradigm its length and 3n numbers (suffix, tag, prefix of each form).
    const all = new Uint16Array(list.buffer, list.byteOffset, list.byteLength >> 1);
    const paradigms: Uint16Array[] = [];
    for (let i = 0, pos = 1; i < all[0]!; i++) {
      const size = all[pos++]!;
      paradigms.push(all.subarray(pos, pos + size));
      pos += size;
    }
    const cache = new Map<string, string[] | null>();
    return (word: string) => {
      const hit = cache.get(word);
      if (hit !== undefined) return hit;
      const found = new Set<string>();
      for (const [stored, parses] of words.findAll(word, { е: 'ё' }, 0, 0)) {
        for (const [p, f] of parses) {
          const par = paradigms[p]!;
          const n = par.length / 3;
          const base = stored.slice(FORM_PREFIXES[par[2 * n + f]!]!.length, stored.length - suffixes[par[f]!]!.length);
          for (let i = 0; i < n; i++) found.add(foldYo(FORM_PREFIXES[par[2 * n + i]!]! + base + suffixes[par[i]!]!));
        }
      }
      const forms = found.size ? [word, ...[...found].filter((f) => f !== word)] : null;
      if (cache.size >= 20_000) cache.clear();
      cache.set(word, forms);
      return forms;
    };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
