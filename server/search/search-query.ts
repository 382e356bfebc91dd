// A journal search as the desk types it, turned into a PostgreSQL tsquery over the entries' documents
// (to_tsvector('simple', …) of the text as written, lower case, ё as е):
// - every word matches all its forms: the word is replaced by the forms of its paradigm in the dictionary
//   («журналы» finds «журнал», «ошибок» finds «ошибка»), so documents need no dictionary at all;
// - a word the dictionary does not know (a half-typed word, «ЭлЖур», «ЕПГУ», «вебинары») matches as a prefix,
//   without its case ending;
// - "quoted words" (or «…») must stand together in that order; several words mean all of them;
// - prepositions and conjunctions outside quotes are left out («не заходит в журнал»).
import { foldYo, type WordForms } from './word-forms';

export interface SearchQuery {
  /** For to_tsquery('simple', …); '' when nothing is left to search for. */
  tsquery: string;
  /** What the results highlight: whole word forms, and prefixes of unknown words. */
  highlight: { words: string[]; prefixes: string[] };
}

const WORD = /[\p{L}\p{N}]+/gu;
/** Longer than any word of the language (a pasted hash, a held key); PostgreSQL refuses a lexeme over 2 KB. */
const MAX_WORD_LENGTH = 100;
/** The words of a text, over-long runs of letters left out. */
const wordsOf = (text: string): string[] => (text.match(WORD) ?? []).filter((w) => w.length <= MAX_WORD_LENGTH);
const QUOTE = /["«»„“”]/;
const MAX_WORDS = 12;
const STOP_WORDS = new Set(
  'а без в во да для до же за и или из к ко ли на над не ни но о об от по под при про с со то у через что бы'.split(
    ' ',
  ),
);

const lexeme = (w: string) => `'${w}'`;

/** Case endings of nouns and adjectives, longest first. */
const ENDINGS =
  'ами ями ого его ому ему ыми ими ов ев ам ям ах ях ом ем ой ей ую юю ая яя ое ее ые ие ых их ым им а я ы и у ю е о'.split(
    ' ',
  );
/**
 * A word the dictionary does not know («вебинары», «тьютору», a half-typed «распис») matches as a prefix,
 * without a case ending when one is there: «вебинары» finds «вебинар» and «вебинаров».
 */
export function unknownWordPrefix(w: string): string {
  const ending = ENDINGS.find((e) => w.endsWith(e) && w.length - e.length >= 4);
  return ending ? w.slice(0, -ending.length) : w;
}

export function buildSearchQuery(input: string, forms: WordForms): SearchQuery {
  const words = new Set<string>();
  const prefixes = new Set<string>();
  const group = (raw: string): string => {
    const w = foldYo(raw.toLowerCase());
    const all = forms(w);
    if (!all) {
      const stem = unknownWordPrefix(w);
      prefixes.add(stem);
      return `${lexeme(stem)}:*`;
    }
    for (const f of all) words.add(f);
    return all.length === 1 ? lexeme(all[0]!) : `(${all.map(lexeme).join(' | ')})`;
  };
  const parts: string[] = [];
  let budget = MAX_WORDS;
  input.split(QUOTE).forEach((segment, i) => {
    const tokens = wordsOf(segment).slice(0, Math.max(0, budget));
    budget -= tokens.length;
    // Odd segments are inside quotes: a phrase, every word kept and in order.
    if (i % 2 === 1 && tokens.length > 1) parts.push(`(${tokens.map(group).join(' <-> ')})`);
    else for (const t of tokens) if (i % 2 === 1 || !STOP_WORDS.has(t.toLowerCase())) parts.push(group(t));
  });
  return { tsquery: parts.join(' & '), highlight: { words: [...words], prefixes: [...prefixes] } };
}

/**
 * "Answered before": the words of a description being typed, each with all its forms, for a query that
 * matches any of them (tsquery) and counts how many match (one tsquery per word). Short words and
 * prepositions are left out; null when nothing is left.
 */
export function buildLikeQuery(text: string, forms: WordForms): { any: string; words: string[] } | null {
  const seen = new Set<string>();
  const words: string[] = [];
  for (const raw of wordsOf(text)) {
    const w = foldYo(raw.toLowerCase());
    if (w.length < 3 || STOP_WORDS.has(w) || /^\d+$/.test(w) || seen.has(w)) continue;
    const all = forms(w);
    // One group per word, however it is spelt in the text.
    if (all?.some((f) => seen.has(f))) continue;
    for (const f of all ?? [w]) seen.add(f);
    words.push(
      all
        ? all.length === 1
          ? lexeme(all[0]!)
          : `(${all.map(lexeme).join(' | ')})`
        : `${lexeme(unknownWordPrefix(w))}:*`,
    );
    if (words.length === MAX_WORDS) break;
  }
  return words.length ? { any: words.join(' | '), words } : null;
}
