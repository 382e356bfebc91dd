// The tracker against the recorded traces: what each README line says must come out.
import { arrivalOf, traceEvents } from '../../test/support/traces';
import type { AmiEvent, ChannelInfo } from '../pbx/ami-events';
import { CallTracker, type CallEffect } from './tracker';

const LINES = {
  lines: [
    { code: '390679', did: '3452390679' },
    { code: '399069', did: '3452399069' },
  ],
};

function run(events: AmiEvent[], tracker = new CallTracker(LINES)): CallEffect[] {
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
    const done = tracker.handle({ kind: 'CoreShowChannelsComplete', listItems: 0, actionId: 'r-2', at: 1 }, 1);
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

describe('CallTracker on paths the recordings do not show', () => {
  const info = (channel: string, uniqueid: string, linkedid: string, more: Partial<ChannelInfo> = {}): ChannelInfo => ({
    channel,
    uniqueid,
    linkedid,
    state: 6,
    callerNum: '',
    connectedNum: '',
    context: 'internal',
    exten: '',
    vars: {},
    ...more,
  });
  const trunk = info('PJSIP/trunk-00000001', '100.1', '100.1', {
    callerNum: '83452000111',
    exten: '3452390679',
    context: 'from-trunk',
  });
  const legA = info('PJSIP/101-00000002', '100.2', '100.1');

  function answeredBy101(t: CallTracker) {
    return [
      ...t.handle({ kind: 'Newchannel', at: 1000, ch: trunk }, 1000),
      ...t.handle({ kind: 'DialBegin', at: 1100, ch: trunk, dest: legA, status: '' }, 1100),
      ...t.handle({ kind: 'DialEnd', at: 3000, ch: trunk, dest: legA, status: 'ANSWER' }, 3000),
    ];
  }

  it('attended transfer: the call moves to the consulted specialist', () => {
    const t = new CallTracker(LINES);
    expect(of(answeredBy101(t), 'callAnswered')).toHaveLength(1);
    // 101 consults 102 on a second call (its own Linkedid): an internal call, nothing for the desk.
    const consult = info('PJSIP/101-00000003', '200.1', '200.1', { exten: '102' });
    const legB = info('PJSIP/102-00000004', '200.2', '200.1');
    expect(t.handle({ kind: 'Newchannel', at: 5000, ch: consult }, 5000)).toEqual([]);
    expect(t.handle({ kind: 'DialEnd', at: 7000, ch: consult, dest: legB, status: 'ANSWER' }, 7000)).toEqual([]);
    const fx = t.handle(
      {
        kind: 'AttendedTransfer',
        at: 9000,
        success: true,
        origTransferer: legA,
        secondTransferer: consult,
        transferee: trunk,
        target: legB,
      },
      9000,
    );
    expect(of(fx, 'callTransferred').map((e) => [e.from, e.to])).toEqual([['101', '102']]);
    t.handle({ kind: 'Hangup', at: 9100, ch: legA, cause: 16 }, 9100);
    t.handle({ kind: 'Hangup', at: 9100, ch: consult, cause: 16 }, 9100);
    const end = t.handle({ kind: 'Hangup', at: 20_000, ch: trunk, cause: 16 }, 20_000);
    expect(of(end, 'callEnded')[0]!.call).toMatchObject({ extension: '102', answeredAt: 3000, endedAt: 20_000 });
  });

  it('a failed attended transfer changes nothing', () => {
    const t = new CallTracker(LINES);
    answeredBy101(t);
    const legB = info('PJSIP/102-00000004', '200.2', '200.1');
    const fx = t.handle(
      {
        kind: 'AttendedTransfer',
        at: 9000,
        success: false,
        origTransferer: legA,
        secondTransferer: null,
        transferee: trunk,
        target: legB,
      },
      9000,
    );
    expect(fx).toEqual([]);
    expect(t.activeCalls()[0]!.extension).toBe('101');
  });

  it('an answer seen before the line is known (SUPPORT_LINE set later) still opens the call', () => {
    const t = new CallTracker(LINES);
    const unknown = { ...trunk, exten: 's' };
    expect(t.handle({ kind: 'Newchannel', at: 1000, ch: unknown }, 1000)).toEqual([]);
    expect(t.handle({ kind: 'DialEnd', at: 3000, ch: unknown, dest: legA, status: 'ANSWER' }, 3000)).toEqual([]);
    const fx = t.handle({ kind: 'VarSet', at: 3100, ch: unknown, variable: 'SUPPORT_LINE', value: '390679' }, 3100);
    expect(fx.map((e) => e.type)).toEqual(['callStarted', 'callAnswered']);
    expect(of(fx, 'callAnswered')[0]!.call).toMatchObject({ lineCode: '390679', extension: '101', answeredAt: 3000 });
  });

  it('a second hang-up, or events after the end, change nothing', () => {
    const t = new CallTracker(LINES);
    answeredBy101(t);
    const hang = { kind: 'Hangup' as const, at: 9000, ch: trunk, cause: 16 };
    expect(of(t.handle(hang, 9000), 'callEnded')).toHaveLength(1);
    expect(t.handle(hang, 9001)).toEqual([]);
    expect(t.handle({ kind: 'DialEnd', at: 9500, ch: trunk, dest: legA, status: 'ANSWER' }, 9500)).toEqual([]);
  });

  it('understands the DID in every form carriers send', () => {
    for (const exten of ['3452390679', '83452390679', '73452390679', '+73452390679']) {
      const t = new CallTracker(LINES);
      const fx = t.handle({ kind: 'Newchannel', at: 1, ch: { ...trunk, exten, uniqueid: exten, linkedid: exten } }, 1);
      expect(of(fx, 'callStarted')[0]?.call.lineCode).toBe('390679');
    }
  });
});
