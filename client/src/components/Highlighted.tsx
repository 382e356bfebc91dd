// A text with a journal search's words marked: the server says which word forms matched (every form of
// the searched words) and which prefixes (half-typed or unknown words), lower case with ё as е.
import type { ReactNode } from 'react';
import type { Page } from '../../../shared/api';

export type Highlight = NonNullable<Page<unknown>['highlight']>;

const WORD = /[\p{L}\p{N}]+/gu;
/** Lower case, ё as е (U+0451 → U+0435), as the server folds words. */
const fold = (w: string) => w.toLowerCase().replace(/\u0451/g, String.fromCharCode(0x0435));

export function Highlighted({ text, highlight }: { text: string; highlight?: Highlight }): ReactNode {
  if (!highlight || !text) return text;
  const words = new Set(highlight.words);
  const matches = (w: string) => {
    const f = fold(w);
    return words.has(f) || highlight.prefixes.some((p) => f.startsWith(p));
  };
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    if (!matches(m[0])) continue;
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(<mark key={m.index}>{m[0]}</mark>);
    last = m.index + m[0].length;
  }
  if (!out.length) return text;
  out.push(text.slice(last));
  return <>{out}</>;
}
