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

/** KOI8-R: Cyrillic letters in the order of its table (lower case from 0xC0, upper case from 0xE0). */
const KOI8_ORDER = 'юабцдефгхийклмнопярстужвьызшэщчъ';

/** Encodes text as KOI8-R (old Unix and some mail clients still send it), for test mail. */
export function toKoi8r(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const lower = ch.toLowerCase();
    const i = KOI8_ORDER.indexOf(lower === 'ё' ? 'е' : lower);
    if (code < 0x80) out.push(code);
    else if (ch === 'ё') out.push(0xa3);
    else if (ch === 'Ё') out.push(0xb3);
    else if (i >= 0) out.push((ch === lower ? 0xc0 : 0xe0) + i);
    else throw new Error(`not in KOI8-R: ${ch}`);
  }
  return Buffer.from(out);
}
