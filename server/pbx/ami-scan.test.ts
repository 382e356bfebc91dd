// The fast path must decode exactly what the generic parser decodes, on every recorded frame.
import fs from 'node:fs';
import path from 'node:path';
import { parseFrame } from './ami-frames';
import type { TrackerEventKind } from '../tracker/events';
import { decodeEvent } from './ami-events';
import { FAST_EVENTS, scanEvent, scanEventAt } from './ami-scan';

const dir = path.resolve(__dirname, '../../test/fixtures/ami');

describe('scanEvent', () => {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ami'));
  it.each(files)('%s: same events as the generic decoder', (file) => {
    const frames = fs.readFileSync(path.join(dir, file), 'utf8').split('\r\n\r\n');
    let compared = 0;
    for (const raw of frames) {
      const name = /^Event: (\w+)/.exec(raw)?.[1];
      if (!name || !FAST_EVENTS.has(name)) continue;
      expect(scanEvent(name as TrackerEventKind, raw)).toEqual(decodeEvent(parseFrame(raw)));
      compared++;
    }
    if (!file.startsWith('s11')) expect(compared).toBeGreaterThan(5);
  });

  it('refuses events without usable ids, like the generic decoder', () => {
    const raw = 'Event: Hangup\r\nChannel: PJSIP/1-1\r\nUniqueid: 1.1\r\nCause: 16';
    expect(scanEvent('Hangup', raw)).toBeNull();
    expect(decodeEvent(parseFrame(raw))).toBeNull();
  });
});

describe('scanEventAt (straight from the bytes)', () => {
  const view = (text: string) => {
    const buf = Buffer.from(text, 'utf8');
    return { str: buf.toString('latin1'), head: Buffer.alloc(0), buf };
  };

  it('reads every recorded frame like the generic decoder', () => {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ami'))) {
      const v = view(fs.readFileSync(path.join(dir, file), 'utf8'));
      let start = 0;
      for (let end = v.str.indexOf('\r\n\r\n'); end !== -1; end = v.str.indexOf('\r\n\r\n', start)) {
        const name = /^Event: (\w+)/.exec(v.str.slice(start, start + 40))?.[1];
        if (name && FAST_EVENTS.has(name)) {
          const raw = v.buf.toString('utf8', start, end);
          expect(scanEventAt(name as TrackerEventKind, v, start, end)).toEqual(decodeEvent(parseFrame(raw)));
        }
        start = end + 4;
      }
    }
  });

  it('decodes non-ASCII values as UTF-8', () => {
    const raw =
      'Event: QueueCallerJoin\r\nChannel: PJSIP/trunk-1\r\nCallerIDNum: 83452123456\r\nContext: поддержка\r\n' +
      'Uniqueid: 1.1\r\nLinkedid: 1.1\r\nChanVariable: SUPPORT_LINE=390679\r\nQueue: Линия-1';
    const v = view(`${raw}\r\n\r\n`);
    const ev = scanEventAt('QueueCallerJoin', v, 0, v.str.indexOf('\r\n\r\n'));
    expect(ev).toEqual(decodeEvent(parseFrame(raw)));
    expect(ev).toMatchObject({ queue: 'Линия-1', ch: { context: 'поддержка' } });
    expect(ev && 'ch' in ev ? ev.ch?.vars.get('SUPPORT_LINE') : null).toBe('390679');
  });
});
