// Fuzzing the AMI reader and the call tracker with fast-check: whatever bytes a peer sends, split
// wherever TCP splits them, the frame splitters, both decoders (generic and fast scan) and the tracker
// never throw, never touch Object.prototype, and a stream decodes the same however it is chunked.
import fc from 'fast-check';
import { CallTracker, type CallEffect } from '../tracker/tracker';
import type { ChannelInfo, TrackerEvent, TrackerEventKind } from '../tracker/events';
import { AmiByteSplitter, AmiSplitter, frameText, parseFrame } from './ami-frames';
import { decodeEvent, TRACKED_EVENTS } from './ami-events';
import { amiStream, chunkedAmiStream } from '../../test/support/ami-arbitraries';
import { FAST_EVENTS, scanEvent } from './ami-scan';
import { AmiStream } from './ami-stream';

const LINES = {
  lines: [
    { code: '390679', did: '3452390679' },
    { code: '399069', did: '3452399069' },
  ],
};

/** Events in a comparable form (channel variables are a Map). */
const plain = (evs: TrackerEvent[]) =>
  JSON.stringify(evs, (_k, v: unknown) => (v instanceof Map ? [...(v as Map<string, string>)] : v));

interface Run {
  events: TrackerEvent[];
  effects: CallEffect[];
  frames: number;
}

/** Feeds the chunks through an AmiStream (as the client does) and every decoded event into a tracker. */
function throughStream(chunks: Buffer[], listing: boolean): Run {
  const tracker = new CallTracker(LINES);
  tracker.beginResync('resync-1');
  tracker.expectOriginate('orig-1', { extension: '101', number: '83452123456', callbackOf: null }, 1_800_000_000_000);
  const events: TrackerEvent[] = [];
  const effects: CallEffect[] = [];
  const s = new AmiStream({
    onEvent: (ev, arrival) => {
      events.push(ev);
      effects.push(...tracker.handle(ev, arrival));
    },
    onResponse: () => undefined,
    onActionEvent: () => undefined,
  });
  s.listing = listing;
  let t = 1_800_000_000_000;
  for (const c of chunks) s.push(c, (t += 7));
  tracker.sweep(t + 3 * 3600_000);
  tracker.activeCalls();
  return { events, effects, frames: s.stats.frames };
}

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort().join();

describe('AMI fuzzing (in memory)', () => {
  const before = protoKeys();
  let runs = 0;
  let framesSeen = 0;
  let eventsDecoded = 0;
  let effectsSeen = 0;

  afterAll(() => {
    console.log(
      `AMI fuzz: ${runs} random streams, ${framesSeen} frames, ${eventsDecoded} decoded events, ${effectsSeen} tracker effects`,
    );
  });

  it('splitters, decoders and tracker never throw, whatever the bytes and wherever they are cut', () => {
    fc.assert(
      fc.property(chunkedAmiStream, ({ bytes, chunks }) => {
        runs++;
        // The text splitter (tests, fake PBX) and the generic decoder on every frame it yields.
        const text = new AmiSplitter({ maxFrameChars: 2 * 1024 * 1024 });
        for (const c of chunks) {
          text.push(c, (raw) => {
            const f = parseFrame(raw);
            expect(Object.getPrototypeOf(f)).toBeNull();
            decodeEvent(f);
            const name = /^Event: ([^\r\n]*)/.exec(raw)?.[1];
            if (name !== undefined && FAST_EVENTS.has(name)) scanEvent(name as TrackerEventKind, raw);
          });
        }
        // The byte splitter as the client uses it, and the fast scan path + tracker behind it.
        const bytesSplitter = new AmiByteSplitter();
        for (const c of chunks) bytesSplitter.push(c, (v, a, b) => void frameText(v, a, b));
        const live = throughStream(chunks, false);
        const listing = throughStream(chunks, true);
        framesSeen += live.frames;
        eventsDecoded += live.events.length + listing.events.length;
        effectsSeen += live.effects.length + listing.effects.length;
        // TCP's cuts change nothing: the same events as from the bytes in one piece (when the line
        // ending is known from a first line of sane length, as with Asterisk's banner).
        const nl = bytes.indexOf(10);
        if (nl !== -1 && nl < 1024) {
          expect(plain(live.events)).toBe(plain(throughStream([bytes], false).events));
          expect(plain(listing.events)).toBe(plain(throughStream([bytes], true).events));
        }
        expect(protoKeys()).toBe(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('a valid event after any bytes (and the end of the frame they left open) is still decoded', () => {
    const sentinel = (id: string) =>
      `Event: Newchannel\r\nChannel: PJSIP/trunk-00000001\r\nExten: 3452390679\r\nUniqueid: ${id}\r\nLinkedid: ${id}\r\n\r\n`;
    const decoded = (bytes: Buffer, listing: boolean) => {
      const got: string[] = [];
      const s = new AmiStream({
        onEvent: (ev) => void (ev.kind === 'Newchannel' && got.push(ev.ch.linkedid)),
        onResponse: () => undefined,
      });
      s.listing = listing;
      s.push(Buffer.from('Asterisk Call Manager/11.0.0\r\n'), 1);
      s.push(bytes, 2);
      s.push(Buffer.from(`\r\n\r\n${sentinel('s.1')}`), 3);
      return got;
    };
    // Regression (found by this fuzzing): a frame ended with one blank line too many hid the next event.
    const extraBlank = Buffer.from('Event: Hangup\r\nUniqueid: 1.1\r\nLinkedid: 1.1\r\n');
    expect(decoded(extraBlank, false)).toEqual(['s.1']);
    let runs = 0;
    fc.assert(
      fc.property(amiStream, fc.boolean(), (bytes, listing) => {
        runs++;
        expect(decoded(bytes, listing)).toContain('s.1');
      }),
      { numRuns: 500 },
    );
    console.log(`AMI fuzz: ${runs} random streams, each followed by a valid event that was decoded`);
  });

  it('regression: a root channel in a LF frame followed by CRLF frames is read the same whole or in pieces', () => {
    // (Found by the first property: the root check looked for the value's end in the next frame.)
    const lf = 'Event: Newchannel\nChannel: PJSIP/trunk-1\nExten: 3452390679\nUniqueid: 1.1\nLinkedid: 1.1\n\n';
    const crlf = 'Event: Hangup\r\nChannel: PJSIP/101-2\r\nUniqueid: 1.22\r\nLinkedid: 1.1\r\nCause: 16\r\n\r\n';
    const whole = throughStream([Buffer.from(lf + crlf)], false).events;
    expect(whole.map((e) => e.kind)).toEqual(['Newchannel']);
    expect(plain(whole)).toBe(plain(throughStream([Buffer.from(lf), Buffer.from(crlf)], false).events));
  });

  it('hostile header and channel variable names stay plain data', () => {
    const raw = [
      'Event: Newchannel',
      '__proto__: {"polluted":1}',
      'constructor: x',
      'prototype: y',
      'toString: z',
      'hasOwnProperty: w',
      'Channel: PJSIP/trunk-1',
      'Uniqueid: 7.7',
      'Linkedid: 7.7',
      'Exten: 3452390679',
      'ChanVariable: __proto__=1',
      'ChanVariable: constructor=2',
      'ChanVariable: SUPPORT_LINE=390679',
    ].join('\r\n');
    const f = parseFrame(raw);
    expect(f['__proto__']).toBe('{"polluted":1}');
    expect(f['tostring']).toBe('z');
    const ev = decodeEvent(f);
    const fast = scanEvent('Newchannel', raw);
    expect(fast).toEqual(ev);
    const vars = ev && 'ch' in ev && ev.ch ? ev.ch.vars : new Map<string, string>();
    expect([...vars.keys()].sort()).toEqual(['SUPPORT_LINE', '__proto__', 'constructor']);
    const fx = new CallTracker(LINES).handle(ev!, Date.now());
    expect(fx.map((e) => e.type)).toEqual(['callStarted']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// --- The tracker alone: random event sequences over a few related channels ----------------------

const CONV = ['10.1', '20.1', '30.1'];
const chanArb: fc.Arbitrary<ChannelInfo> = fc
  .record({
    conv: fc.constantFrom(...CONV),
    leg: fc.integer({ min: 1, max: 5 }),
    name: fc.constantFrom('PJSIP/trunk', 'PJSIP/101', 'PJSIP/102', 'Local/101@from-queue', 'PJSIP/trunk2'),
    state: fc.constantFrom(0, 4, 5, 6),
    exten: fc.constantFrom('3452390679', 's', '**102', '701', ''),
    line: fc.constantFrom('390679', '', '3452399069', '__proto__'),
    caller: fc.constantFrom('83452123456', 'anonymous', '<unknown>', '101', ''),
  })
  .map((r) => {
    // Leg 1 is the conversation's root (Uniqueid = Linkedid); a leg may carry another conversation's id.
    const uniqueid = r.leg === 1 ? r.conv : `${r.conv.split('.')[0]}.${r.leg}`;
    return {
      channel: `${r.name}-0000000${r.leg}`,
      uniqueid,
      linkedid: r.conv,
      state: r.state,
      callerNum: r.caller,
      connectedNum: '',
      context: 'from-trunk',
      exten: r.exten,
      vars: new Map(r.line ? [['SUPPORT_LINE', r.line]] : []),
    };
  });
// Every event the decoder passes on, and the clock samples the client adds.
const kinds = [...(TRACKED_EVENTS as ReadonlySet<TrackerEventKind>), 'Clock' as const];
const eventArb: fc.Arbitrary<TrackerEvent> = fc
  .record({
    kind: fc.constantFrom(...kinds),
    ch: chanArb,
    other: fc.option(chanArb),
    ok: fc.boolean(),
    ts: fc.option(fc.integer({ min: 1_800_000_000_000, max: 1_800_000_100_000 })),
    actionId: fc.constantFrom(undefined, 'resync-1', 'orig-1', 'other'),
    n: fc.integer({ min: 0, max: 100 }),
  })
  .map(({ kind, ch, other, ok, ts, actionId, n }): TrackerEvent => {
    const base = { ts, ...(actionId ? { actionId } : {}) };
    switch (kind) {
      case 'Newchannel':
      case 'Hold':
      case 'Unhold':
        return { ...base, kind, ch };
      case 'Hangup':
        return { ...base, kind, ch, cause: ok ? 16 : null };
      case 'VarSet':
        return {
          ...base,
          kind,
          ch,
          variable: ok ? 'SUPPORT_LINE' : 'FROM_DID',
          value: ch.vars.get('SUPPORT_LINE') ?? '',
        };
      case 'DialBegin':
      case 'DialEnd':
        return { ...base, kind, ch: other, dest: ch, status: ok ? 'ANSWER' : 'NOANSWER' };
      case 'QueueCallerJoin':
      case 'QueueCallerLeave':
        return { ...base, kind, ch, queue: 'support' };
      case 'QueueCallerAbandon':
        return { ...base, kind, ch, queue: 'support', holdTime: n };
      case 'AgentConnect':
      case 'AgentCalled':
        return { ...base, kind, ch, dest: other, queue: 'support', iface: ok ? 'PJSIP/102' : '' };
      case 'BlindTransfer':
        return { ...base, kind, success: ok, transferer: other, transferee: ch, extension: ok ? '102' : '83452555111' };
      case 'AttendedTransfer':
        return {
          ...base,
          kind,
          success: ok,
          origTransferer: other,
          secondTransferer: null,
          transferee: ch,
          target: other,
        };
      case 'Pickup':
        return { ...base, kind, ch: other ?? ch, target: ch };
      case 'ParkedCall':
      case 'UnParkedCall':
      case 'ParkedCallTimeOut':
      case 'ParkedCallGiveUp':
        return { ...base, kind, parkee: ch, retriever: other, parkerDialString: 'PJSIP/101' };
      case 'CoreShowChannel':
        return { ...base, kind, ch, bridgeId: ok ? 'b-1' : '', application: 'Dial', duration: n };
      case 'CoreShowChannelsComplete':
        return { ...base, kind, listItems: n };
      case 'OriginateResponse':
        return { ...base, kind, success: ok, uniqueid: ch.uniqueid, channel: ch.channel };
      case 'FullyBooted':
        return { ...base, kind, uptime: ok ? n : null };
      case 'Shutdown':
        return { ...base, kind, restart: ok };
      case 'Clock':
        return { ...base, kind };
    }
  });

describe('CallTracker fuzzing', () => {
  it('never throws; a call starts, is answered and ends at most once, and nothing follows its end', () => {
    let runs = 0;
    let events = 0;
    const effects: Record<string, number> = {};
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { weight: 20, arbitrary: eventArb.map((ev) => ({ ev, op: 'event' as const })) },
            { weight: 1, arbitrary: fc.constant({ ev: null, op: 'resync' as const }) },
            { weight: 1, arbitrary: fc.constant({ ev: null, op: 'originate' as const }) },
          ),
          { maxLength: 150, size: 'large' },
        ),
        (ops) => {
          runs++;
          const tracker = new CallTracker(LINES);
          const seen = new Map<string, string[]>();
          let now = 1_800_000_000_000;
          for (const { ev, op } of ops) {
            now += 500;
            if (op === 'resync') tracker.beginResync('resync-1');
            else if (op === 'originate')
              tracker.expectOriginate('orig-1', { extension: '101', number: '83452123456', callbackOf: 7 }, now);
            else {
              events++;
              for (const fx of tracker.handle(ev, now)) {
                effects[fx.type] = (effects[fx.type] ?? 0) + 1;
                if (!('call' in fx)) continue;
                const list = seen.get(fx.call.linkedid) ?? [];
                list.push(fx.type);
                seen.set(fx.call.linkedid, list);
              }
            }
          }
          for (const [id, types] of seen) {
            const count = (t: string) => types.filter((x) => x === t).length;
            expect({ id, started: count('callStarted') }).toEqual({ id, started: 1 });
            expect(types[0]).toBe('callStarted');
            expect(count('callAnswered')).toBeLessThanOrEqual(1);
            expect(count('callEnded')).toBeLessThanOrEqual(1);
            if (count('callEnded')) expect(types.at(-1)).toBe('callEnded');
          }
        },
      ),
      { numRuns: 1000 },
    );
    console.log(`tracker fuzz: ${runs} random sequences, ${events} events, effects ${JSON.stringify(effects)}`);
  });
});
