// The tracker against the recorded traces: what each README line says must come out.
import { arrivalOf, traceEvents } from '../../test/support/traces';
import type { TrackerEvent } from './events';
import { CallTracker, type CallEffect } from './tracker';

const LINES = {
  lines: [
    { code: '390679', did: '3452390679' },
    { code: '399069', did: '3452399069' },
  ],
};

function run(events: TrackerEvent[], tracker = new CallTracker(LINES)): CallEffect[] {
  return events.flatMap((ev) => tracker.handle(ev, arrivalOf(ev)));
}

const of = <T extends CallEffect['type']>(effects: CallEffect[], type: T) =>
  effects.filter((e): e is Extract<CallEffect, { type: T }> => e.type === type);

const secs = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10);

describe('CallTracker on recorded traces', () => {
  it('s01: one call on 390679 from 83452123456 answered by 101 after ~2 s, ~3 s talk', () => {
    const fx = run(traceEvents('s01-answered-390679'));
    expect(of(fx, 'callStarted')).toHaveLength(1);
    const [answered] = of(fx, 'callAnswered');
    expect(of(fx, 'callAnswered')).toHaveLength(1);
    expect(answered!.call).toMatchObject({ lineCode: '390679', callerNumber: '83452123456', extension: '101' });
    const [ended] = of(fx, 'callEnded');
    const c = ended!.call;
    expect(secs(c.answeredAt! - c.startedAt)).toBeCloseTo(2, 0);
    expect(secs(c.endedAt! - c.answeredAt!)).toBeCloseTo(3, 0);
    expect(c.hangupCause).toBe(16);
  });

  it('s02: line 399069 from +73452123456, answered by 102, ended by the specialist', () => {
    const fx = run(traceEvents('s02-specialist-hangup-399069'));
    expect(of(fx, 'callAnswered').map((e) => e.call.extension)).toEqual(['102']);
    expect(of(fx, 'callEnded')[0]!.call).toMatchObject({ lineCode: '399069', callerNumber: '+73452123456' });
  });

  it('s03: a missed call, no answer, rang 101 for ~4 s', () => {
    const fx = run(traceEvents('s03-missed-390679'));
    expect(of(fx, 'callAnswered')).toHaveLength(0);
    const c = of(fx, 'callEnded')[0]!.call;
    expect(c).toMatchObject({ answeredAt: null, abandoned: false, rung: ['101'], hangupCause: 127 });
    expect(secs(c.endedAt! - c.startedAt)).toBeCloseTo(4, 0);
  });

  it('s04: ring-all, both phones ring, one answer by 102 only', () => {
    const fx = run(traceEvents('s04-ringall-102-answers'));
    expect(of(fx, 'callAnswered').map((e) => e.call.extension)).toEqual(['102']);
    expect(of(fx, 'callTransferred')).toHaveLength(0);
    expect(of(fx, 'callEnded')[0]!.call.rung.sort()).toEqual(['101', '102']);
  });

  it('s05: queue; the caller is Up before any agent; answered by 101 after ~3.5 s', () => {
    const fx = run(traceEvents('s05-queue-answered'));
    const answered = of(fx, 'callAnswered');
    expect(answered.map((e) => e.call.extension)).toEqual(['101']);
    const c = of(fx, 'callEnded')[0]!.call;
    expect(c.queue).toBe('support');
    expect(secs(c.answeredAt! - c.startedAt)).toBeCloseTo(3.5, 0);
  });

  it('s06: queue abandon: no answer, marked abandoned', () => {
    const fx = run(traceEvents('s06-queue-abandon'));
    expect(of(fx, 'callAnswered')).toHaveLength(0);
    expect(of(fx, 'callEnded')[0]!.call).toMatchObject({ abandoned: true, answeredAt: null, queue: 'support' });
  });

  it('s07: blind transfer: answered by 101, then the same call moves to 102', () => {
    const fx = run(traceEvents('s07-blind-transfer-101-102'));
    expect(of(fx, 'callStarted')).toHaveLength(1);
    expect(of(fx, 'callAnswered').map((e) => e.call.extension)).toEqual(['101']);
    expect(of(fx, 'callTransferred').map((e) => [e.from, e.to])).toEqual([['101', '102']]);
    const c = of(fx, 'callEnded')[0]!.call;
    expect(c.extension).toBe('102');
    expect(c.legs.map((l) => `${l.kind}:${l.extension}`)).toEqual(['answer:101', 'transfer:102']);
  });

  it('s08: internal call 101 -> 102 gives nothing', () => {
    expect(run(traceEvents('s08-internal-101-102'))).toEqual([]);
  });

  it('s10: an Originate by someone else is an outbound call, not a support call', () => {
    expect(run(traceEvents('s10-click-to-call'))).toEqual([]);
  });

  it('s10: our own callback Originate becomes an outbound call answered when the remote party answers', () => {
    const tracker = new CallTracker(LINES);
    const events = traceEvents('s10-click-to-call');
    tracker.expectOriginate('c2c-1', { extension: '101', number: '83452111222', callbackOf: 7 }, arrivalOf(events[0]!));
    const fx = run(events, tracker);
    expect(of(fx, 'callStarted')[0]!.call).toMatchObject({ direction: 'outbound', callbackOf: 7 });
    const answered = of(fx, 'callAnswered');
    expect(answered).toHaveLength(1);
    expect(answered[0]!.call).toMatchObject({ extension: '101', callerNumber: '83452111222' });
    const c = of(fx, 'callEnded')[0]!.call;
    expect(secs(c.answeredAt! - c.startedAt)).toBeCloseTo(5, 0);
  });

  it('s12: two calls, two answers; the channel list in the middle adds nothing', () => {
    const fx = run(traceEvents('s12-coreshowchannels'));
    expect(of(fx, 'callStarted')).toHaveLength(2);
    expect(
      of(fx, 'callAnswered')
        .map((e) => e.call.extension)
        .sort(),
    ).toEqual(['101', '102']);
    expect(of(fx, 'callEnded')).toHaveLength(2);
  });

  it('a01/a02/a03 (timestamps, SUPPORT_LINE) give the same as s01/s05/s12, timed by the PBX', () => {
    const a01 = run(traceEvents('a01-answered-390679-ts'));
    const c = of(a01, 'callEnded')[0]!.call;
    expect(c).toMatchObject({ lineCode: '390679', extension: '101' });
    // Times come from the Timestamp header (the PBX clock of the recording), not from arrival.
    // (traceEvents stamps arrivals from 2026-11-24; the recording's own clock is days later.)
    expect(c.startedAt - Date.UTC(2026, 10, 24, 5)).toBeGreaterThan(24 * 3600_000);
    expect(secs(c.endedAt! - c.answeredAt!)).toBeCloseTo(3, 0);
    expect(of(run(traceEvents('a02-queue-answered-ts')), 'callAnswered').map((e) => e.call.extension)).toEqual(['101']);
    const a03 = run(traceEvents('a03-coreshowchannels-ts'));
    expect(of(a03, 'callAnswered')).toHaveLength(2);
    expect(of(a03, 'callEnded')).toHaveLength(2);
  });
});

describe('CallTracker on the set 3 recordings (pickup, hold, withheld, parking, transfer out)', () => {
  const legsOf = (c: { legs: { kind: string; extension: string | null }[] }) =>
    c.legs.map((l) => `${l.kind}:${l.extension ?? 'out'}`);

  it('c01: a colleague picks up: one call, answered by 101 (not 102 that rang), no phantom call', () => {
    const fx = run(traceEvents('c01-pickup-by-101'));
    expect(of(fx, 'callStarted')).toHaveLength(1);
    expect(of(fx, 'callAnswered').map((e) => e.call.extension)).toEqual(['101']);
    expect(of(fx, 'callTransferred')).toHaveLength(0);
    const ended = of(fx, 'callEnded');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.call).toMatchObject({ lineCode: '399069', callerNumber: '+73452555111', extension: '101' });
    expect(ended[0]!.call.answeredAt).not.toBeNull();
    expect(legsOf(ended[0]!.call)).toEqual(['answer:101']);
  });

  it('c01 without the Pickup event (an event filter that drops it): still one call answered by 101', () => {
    const fx = run(traceEvents('c01-pickup-by-101').filter((e) => e.kind !== 'Pickup'));
    expect(of(fx, 'callStarted')).toHaveLength(1);
    expect(of(fx, 'callAnswered').map((e) => e.call.extension)).toEqual(['101']);
    expect(of(fx, 'callEnded')).toHaveLength(1);
  });

  it('c02: hold and resume keep the owner; the 2 s on hold are counted apart', () => {
    const fx = run(traceEvents('c02-hold-resume-102'));
    expect(of(fx, 'callTransferred')).toHaveLength(0);
    const c = of(fx, 'callEnded')[0]!.call;
    expect(c).toMatchObject({ extension: '102', callerNumber: '83452777888' });
    expect(secs(c.holdMs)).toBeCloseTo(2, 0);
    expect(secs(c.endedAt! - c.answeredAt!)).toBeCloseTo(6, 0);
  });

  it('c03: a withheld number is no number (raw caller ID kept)', () => {
    const fx = run(traceEvents('c03-withheld-390679'));
    const c = of(fx, 'callEnded')[0]!.call;
    expect(c).toMatchObject({ callerNumber: null, callerIdRaw: 'anonymous', extension: '101', lineCode: '390679' });
  });

  it('c04: parked by 101, retrieved by 102: the call moves to 102; parked time counts as hold', () => {
    const fx = run(traceEvents('c04-park-101-retrieve-102'));
    expect(of(fx, 'callStarted')).toHaveLength(1);
    expect(of(fx, 'callTransferred').map((e) => [e.from, e.to, e.via])).toEqual([['101', '102', 'parking']]);
    const c = of(fx, 'callEnded')[0]!.call;
    expect(c.extension).toBe('102');
    expect(legsOf(c)).toEqual(['answer:101', 'parking:102']);
    expect(secs(c.holdMs)).toBeCloseTo(3.6, 0);
    // 102's own "701" channel never becomes a call of its own.
    expect(of(fx, 'callEnded')).toHaveLength(1);
  });

  it('c05: a blind transfer to an outside number: the call stays with 101 and is marked as gone out', () => {
    const fx = run(traceEvents('c05-blind-transfer-external'));
    expect(of(fx, 'callStarted')).toHaveLength(1);
    expect(of(fx, 'callTransferred')).toHaveLength(0);
    expect(of(fx, 'callLeftDesk').map((e) => e.number)).toEqual(['83452555111']);
    const c = of(fx, 'callEnded')[0]!.call;
    expect(c.extension).toBe('101');
    expect(legsOf(c)).toEqual(['answer:101', 'external:out']);
    expect(c.hangupCause).toBe(16);
  });
});

describe('CallTracker rules', () => {
  it('changes nothing when the same events come again (replay, duplicates)', () => {
    const tracker = new CallTracker(LINES);
    const events = traceEvents('s07-blind-transfer-101-102');
    const first = run(events, tracker);
    expect(first.length).toBeGreaterThan(0);
    expect(run(events, tracker)).toEqual([]);
    const doubled = new CallTracker(LINES);
    const fx = events.flatMap((ev) => [...doubled.handle(ev, arrivalOf(ev)), ...doubled.handle(ev, arrivalOf(ev))]);
    expect(fx.map((e) => e.type)).toEqual(first.map((e) => e.type));
  });

  it('a late repeat of the first answer does not move a transferred call back', () => {
    const tracker = new CallTracker(LINES);
    const events = traceEvents('s07-blind-transfer-101-102');
    const firstAnswer = events.find((e) => e.kind === 'DialEnd' && e.status === 'ANSWER')!;
    const beforeEnd = events.filter((e) => !(e.kind === 'Hangup'));
    run(beforeEnd, tracker);
    expect(tracker.handle(firstAnswer, arrivalOf(firstAnswer))).toEqual([]);
    expect(tracker.activeCalls()[0]!.extension).toBe('102');
  });

  it('picks a call up mid-way from the channel list after a reconnect, and finds who answered', () => {
    const events = traceEvents('a03-coreshowchannels-ts');
    // As if we connected just before the list: only the list and what follows it.
    const listStart = events.findIndex((e) => e.kind === 'CoreShowChannel');
    const tracker = new CallTracker(LINES);
    tracker.beginResync('resync-1');
    const fx = run(events.slice(listStart), tracker);
    expect(
      of(fx, 'callAnswered')
        .map((e) => e.call.extension)
        .sort(),
    ).toEqual(['101', '102']);
    expect(of(fx, 'resynced')[0]!.active).toHaveLength(2);
    expect(of(fx, 'callEnded')).toHaveLength(2);
  });

  it('ends calls the PBX no longer lists after a reconnect', () => {
    const events = traceEvents('s01-answered-390679');
    const upTo = events.findIndex((e) => e.kind === 'DialEnd');
    const tracker = new CallTracker(LINES);
    run(events.slice(0, upTo + 1), tracker);
    expect(tracker.activeCalls()).toHaveLength(1);
    tracker.beginResync('r-2');
    const done = tracker.handle({ kind: 'CoreShowChannelsComplete', listItems: 0, actionId: 'r-2', ts: null }, 1);
    expect(of(done, 'callEnded')).toHaveLength(1);
    expect(tracker.activeCalls()).toHaveLength(0);
  });

  it('ignores events of calls that already ended', () => {
    const tracker = new CallTracker(LINES);
    const events = traceEvents('s01-answered-390679');
    run(events, tracker);
    const newchannel = events.find((e) => e.kind === 'Newchannel')!;
    expect(tracker.handle(newchannel, arrivalOf(newchannel))).toEqual([]);
  });
});
