// Encodes text as Windows-1251 (what Excel in Russia saves CSV as), for test files.
const SPECIAL: Record<string, number> = { Ё: 0xa8, ё: 0xb8, '№': 0xb9, '«': 0xab, '»': 0xbb, '—': 0x97, '–': 0x96 };

export function toCp1251(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out[n++] = code;
    else if (code >= 0x410 && code <= 0x44f) out[n++] = code - 0x410 + 0xc0;
    else if (SPECIAL[ch] !== undefined) out[n++] = SPECIAL[ch];
    else throw new Error(`not in Windows-1251: ${ch}`);
  }
  return out.subarray(0, n);
}
