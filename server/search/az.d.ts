// The part of Az.js (npm `az`: Russian morphology on the OpenCorpora dictionary) that callog uses.
declare module 'az' {
  interface AzParse {
    /** How many forms the word's paradigm has; `inflect(i)` gives the i-th. */
    formCnt: number;
    inflect(formIdx: number): AzParse | false;
    normalize(): AzParse;
    word: string;
  }
  interface AzMorph {
    (word: string, config?: { parsers?: string[]; typos?: number; stutter?: number }): AzParse[];
    init(path: string, callback: (err: Error | null) => void): void;
  }
  const Az: { Morph: AzMorph };
  export default Az;
}
