// Every form of a Russian word, from the OpenCorpora dictionary (npm `az`): «журналы» → журнал, журнала,
// …, журналов; «ошибок» → ошибка, ошибки, …, ошибок (fleeting vowels are in the dictionary's paradigms,
// which a stemmer cannot know). The dictionary takes ~0.4 s and ~45 MB to load: it is loaded at the first
// search, not at start.
import path from 'node:path';

/** ё is written as е in most texts: both sides of a search use е. */
export const foldYo = (s: string) => s.replace(/ё/g, 'е');

/** A word's forms (itself included), or null when the dictionary does not know it. Lower case, ё as е. */
export type WordForms = (word: string) => string[] | null;
let loading: Promise<WordForms> | undefined;

/** Loads the dictionary once; the function it gives answers at once (and remembers recent words). */
export function loadWordForms(): Promise<WordForms> {
  loading ??= (async () => {
    const { default: Az } = await import('az');
    const dicts = path.join(path.dirname(require.resolve('az/package.json')), 'dicts');
    await new Promise<void>((resolve, reject) => Az.Morph.init(dicts, (err) => (err ? reject(err) : resolve())));
    const cache = new Map<string, string[] | null>();
    return (word: string) => {
      const hit = cache.get(word);
      if (hit !== undefined) return hit;
      // Dictionary words only: a guess from the ending (Az's predictors) would expand a half-typed word
      // into the forms of words nobody meant.
      const parses = Az.Morph(word, { parsers: ['Dictionary'], typos: 0, stutter: 0 });
      let forms: string[] | null = null;
      if (parses.length) {
        const all = new Set<string>([word]);
        for (const p of parses) {
          for (let i = 0; i < p.formCnt; i++) {
            const f = p.inflect(i);
            if (f) all.add(foldYo(f.word.toLowerCase()));
          }
        }
        forms = [...all];
      }
      if (cache.size >= 20_000) cache.clear();
      cache.set(word, forms);
      return forms;
    };
  })();
  loading.catch(() => (loading = undefined));
  return loading;
}
