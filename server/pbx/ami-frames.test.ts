import { AmiByteSplitter, AmiSplitter, frameText, parseFrame } from './ami-frames';

const FRAME = 'Event: Newchannel\r\nCallerIDName: Иванова Анна — школа №5\r\nUniqueid: 1.1\r\nLinkedid: 1.1';
const STREAM = `Asterisk Call Manager/11.0.0\r\n${FRAME}\r\n\r\n${FRAME}\r\n\r\n`;

function splitBytes(chunks: Buffer[], opts = {}) {
  const out: string[] = [];
  const s = new AmiByteSplitter(opts);
  for (const c of chunks) s.push(c, (v, a, b) => out.push(frameText(v, a, b)));
  return out;
}

describe('AmiByteSplitter', () => {
  it('decodes UTF-8 right wherever the TCP reads cut the bytes', () => {
    const bytes = Buffer.from(STREAM);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(splitBytes([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual([FRAME, FRAME]);
    }
    expect(splitBytes([...bytes].map((b) => Buffer.from([b])))).toEqual([FRAME, FRAME]);
  });

  it('reads a peer that ends lines with LF only', () => {
    const lf = STREAM.replace(/\r\n/g, '\n');
    expect(splitBytes([Buffer.from(lf)])).toEqual([FRAME.replace(/\r\n/g, '\n'), FRAME.replace(/\r\n/g, '\n')]);
  });

  it('tells the banner, and keeps going after an oversized frame', () => {
    const banners: string[] = [];
    const oversized: number[] = [];
    const big = `X-Junk: ${'z'.repeat(5000)}`;
    const out = splitBytes(
      [Buffer.from(`Asterisk Call Manager/11.0.0\r\n${big}`), Buffer.from(`\r\n\r\n${FRAME}\r\n\r\n`)],
      {
        maxFrameBytes: 1000,
        onBanner: (b: string) => banners.push(b),
        onOversized: (n: number) => oversized.push(n),
      },
    );
    expect(out).toEqual([FRAME]);
    expect(oversized.length).toBe(1);
  });

  it('splits exactly like the text splitter', () => {
    const text: string[] = [];
    new AmiSplitter().push(Buffer.from(STREAM), (r) => text.push(r));
    expect(splitBytes([Buffer.from(STREAM)])).toEqual(text);
  });
});

describe('parseFrame', () => {
  it('keeps repeated keys, inner colons and leading spaces of values', () => {
    const f = parseFrame('Event: VarSet\r\nChanVariable: A=1\r\nChanVariable: B=2\r\nValue:  x: y');
    expect(f.chanvariable).toEqual(['A=1', 'B=2']);
    expect(f.value).toBe(' x: y');
  });
});
