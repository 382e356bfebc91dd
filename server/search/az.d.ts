// The part of Az.js (npm `az`) that callog uses: its DAWG reader for the OpenCorpora word list.
declare module 'az' {
  interface AzDawg {
    /** Entries for a word: [the word as stored, [paradigm, form][], stutter, typos]. */
    findAll(
      word: string,
      replacements: Record<string, string>,
      stutter: number,
      typos: number,
    ): [string, [number, number][], number, number][];
  }
  const Az: {
    DAWG: { load(path: string, format: 'words', callback: (err: Error | null, dawg: AzDawg) => void): void };
  };
  export default Az;
}
