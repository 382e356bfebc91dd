// The tracker on every way a desk moves a call, built event by event as Asterisk 22 sends them
// (field for field as in the recordings; the flows not recorded follow Asterisk's AMI reference).
import type { ChannelInfo, TrackerEvent } from './events';
import { CallTracker, type CallEffect } from './tracker';

const LINES = {
  lines: [
    { code: '390679', did: '3452390679' },
    { code: '399069', did: '3452399069' },
  ],
};
const T0 = Date.UTC(2026, 10, 26, 5, 0, 0); // Thursday 10:00 in Tyumen

type Ev = TrackerEvent extends infer E ? (E extends TrackerEvent ? Omit<E, 'ts'> : never) : never;

/** One PBX: events at `ms` after T0 on its clock; `skew` = its clock minus ours. */
class Pbx {
  readonly t = new CallTracker(LINES);
  readonly fx: CallEffect[] = [];
  constructor(readonly skew = 0) {}

  /** A timed event (Timestamp header), arriving 5 ms later on our clock. */
  at(ms: number, ev: Ev): CallEffect[] {
    const out = this.t.handle({ ...ev, ts: T0 + ms }, T0 + ms - this.skew + 5);
    this.fx.push(...out);
    return out;
  }

  /** An event without a Timestamp (list items, FullyBooted), arriving at `ms` of the PBX clock. */
  untimed(ms: number, ev: Ev): CallEffect[] {
    const out = this.t.handle({ ...ev, ts: null }, T0 + ms - this.skew + 5);
    this.fx.push(...out);
    return out;
  }

  of<T extends CallEffect['type']>(type: T) {
    return this.fx.filter((e): e is Extract<CallEffect, { type: T }> => e.type === type);
  }

  ended() {
    const e = this.of('callEnded');
    expect(e).toHaveLength(1);
    return e[0]!.call;
  }
}

const chan = (channel: string, uniqueid: string, linkedid: string, more: Partial<ChannelInfo> = {}): ChannelInfo => ({
  channel,
  uniqueid,
  linkedid,
  state: 6,
  callerNum: '',
  connectedNum: '',
  context: 'internal',
  exten: '',
  vars: new Map(),
  ...more,
});

const trunk = (id = '100.1', caller = '83452000111', exten = '3452390679') =>
  chan(`PJSIP/trunk-${id.replace('.', '')}`, id, id, { callerNum: caller, exten, context: 'from-trunk', state: 4 });
const leg = (ext: string, uid: string, linkedid: string) => chan(`PJSIP/${ext}-${uid.replace('.', '')}`, uid, linkedid);
const legsOf = (c: { legs: { kind: string; extension: string | null }[] }) =>
  c.legs.map((l) => `${l.kind}:${l.extension ?? 'out'}`);

/** The caller on 390679 rings 101, who answers at 2 s. */
function answeredBy101(p: Pbx, root = trunk(), a = leg('101', '100.2', root.linkedid)) {
  p.at(0, { kind: 'Newchannel', ch: root });
  p.at(1, { kind: 'Newchannel', ch: a });
  p.at(2, { kind: 'DialBegin', ch: root, dest: a, status: '' });
  p.at(2000, { kind: 'DialEnd', ch: root, dest: a, status: 'ANSWER' });
  return { root, a };
}

describe('blind transfer', () => {
  it('by AMI or a SIP REFER: the caller dials 102, who answers; hold before the REFER is counted', () => {
    const p = new Pbx();
    const { root, a } = answeredBy101(p);
    p.at(4000, { kind: 'Hold', ch: a });
    // A phone's REFER: the transferer's leg leaves first, then the BlindTransfer event.
    p.at(5000, { kind: 'Hangup', ch: a, cause: 16 });
    p.at(5000, {
      kind: 'BlindTransfer',
      success: true,
      transferer: a,
      transferee: root,
      extension: '102',
    });
    const b = leg('102', '100.3', root.linkedid);
    p.at(5001, { kind: 'DialBegin', ch: root, dest: b, status: '' });
    const moved = p.at(7000, { kind: 'DialEnd', ch: root, dest: b, status: 'ANSWER' });
    expect(moved.map((e) => e.type)).toEqual(['callTransferred']);
    p.at(9000, { kind: 'Hangup', ch: root, cause: 16 });
    const c = p.ended();
    expect(c).toMatchObject({ extension: '102', answeredAt: T0 + 2000, endedAt: T0 + 9000, hangupCause: 16 });
    expect(legsOf(c)).toEqual(['answer:101', 'transfer:102']);
    expect(c.holdMs).toBe(1000);
  });

  it('through a Local channel (more parties in the bridge): the answer on the Local leg moves the call', () => {
    const p = new Pbx();
    const { root, a } = answeredBy101(p);
    p.at(5000, { kind: 'BlindTransfer', success: true, transferer: a, transferee: root, extension: '102' });
    const local2 = chan('Local/102@internal-00000001;2', '100.5', root.linkedid);
    const b = leg('102', '100.6', root.linkedid);
    p.at(5001, { kind: 'DialBegin', ch: local2, dest: b, status: '' });
    p.at(7000, { kind: 'DialEnd', ch: local2, dest: b, status: 'ANSWER' });
    expect(p.of('callTransferred').map((e) => [e.from, e.to])).toEqual([['101', '102']]);
  });
});

describe('attended transfer', () => {
  /** 101 consults 102 on a second channel that carries the caller's Linkedid (Asterisk 22). */
  function consult(p: Pbx, root: ChannelInfo) {
    const a2 = leg('101', '100.3', root.linkedid);
    const b = leg('102', '100.4', root.linkedid);
    p.at(4000, { kind: 'Hold', ch: leg('101', '100.2', root.linkedid) });
    p.at(4100, { kind: 'Newchannel', ch: a2 });
    p.at(4101, { kind: 'DialBegin', ch: a2, dest: b, status: '' });
    const answered = p.at(6000, { kind: 'DialEnd', ch: a2, dest: b, status: 'ANSWER' });
    return { a2, b, answered };
  }

  it('completed: the call moves to 102 only with AttendedTransfer Success, not when 102 answers the consultation', () => {
    const p = new Pbx();
    const { root, a } = answeredBy101(p);
    const { a2, b, answered } = consult(p, root);
    expect(answered).toEqual([]);
    expect(p.t.activeCalls()[0]!.extension).toBe('101');
    const done = p.at(8000, {
      kind: 'AttendedTransfer',
      success: true,
      origTransferer: a,
      secondTransferer: a2,
      transferee: root,
      target: b,
    });
    expect(done.map((e) => e.type)).toEqual(['callTransferred']);
    p.at(8001, { kind: 'Hangup', ch: a, cause: 16 });
    p.at(8001, { kind: 'Hangup', ch: a2, cause: 16 });
    p.at(12_000, { kind: 'Hangup', ch: root, cause: 16 });
    const c = p.ended();
    expect(c.extension).toBe('102');
    expect(legsOf(c)).toEqual(['answer:101', 'attended:102']);
    expect(p.of('callTransferred')[0]).toMatchObject({ from: '101', to: '102', via: 'attended' });
    // 101 held the caller from 4 s until the transfer at 8 s.
    expect(c.holdMs).toBe(4000);
  });

  it('completed the other way round (the consultation came first): the target side is the caller', () => {
    const p = new Pbx();
    const { root, a } = answeredBy101(p);
    const { a2, b } = consult(p, root);
    p.at(8000, {
      kind: 'AttendedTransfer',
      success: true,
      origTransferer: a2,
      secondTransferer: a,
      transferee: b,
      target: root,
    });
    expect(p.of('callTransferred').map((e) => e.to)).toEqual(['102']);
  });

  it('with the consultation on its own Linkedid (older Asterisk, a phone’s second line)', () => {
    const p = new Pbx();
    const { root, a } = answeredBy101(p);
    const a2 = chan('PJSIP/101-00000009', '200.1', '200.1', { exten: '102' });
    const b = leg('102', '200.2', '200.1');
    expect(p.at(4000, { kind: 'Newchannel', ch: a2 })).toEqual([]);
    expect(p.at(6000, { kind: 'DialEnd', ch: a2, dest: b, status: 'ANSWER' })).toEqual([]);
    p.at(8000, {
      kind: 'AttendedTransfer',
      success: true,
      origTransferer: a,
      secondTransferer: a2,
      transferee: root,
      target: b,
    });
    p.at(12_000, { kind: 'Hangup', ch: root, cause: 16 });
    expect(p.ended().extension).toBe('102');
    expect(p.of('callStarted')).toHaveLength(1);
  });

  it('abandoned: 102 hangs up the consultation, 101 goes back to the caller; the call stays with 101', () => {
    const p = new Pbx();
    const { root, a } = answeredBy101(p);
    const { a2, b } = consult(p, root);
    p.at(7000, { kind: 'Hangup', ch: b, cause: 16 });
    p.at(7000, { kind: 'Hangup', ch: a2, cause: 16 });
    p.at(7500, { kind: 'Unhold', ch: a });
    p.at(10_000, { kind: 'Hangup', ch: root, cause: 16 });
    const c = p.ended();
    expect(c.extension).toBe('101');
    expect(legsOf(c)).toEqual(['answer:101']);
    expect(p.of('callTransferred')).toEqual([]);
    expect(c.holdMs).toBe(3500);
  });

  it('cancelled (AttendedTransfer with Result Fail): nothing moves', () => {
    const p = new Pbx();
    const { root, a } = answeredBy101(p);
    const { a2, b } = consult(p, root);
    const fx = p.at(8000, {
      kind: 'AttendedTransfer',
      success: false,
      origTransferer: a,
      secondTransferer: a2,
      transferee: root,
      target: b,
    });
    expect(fx).toEqual([]);
    expect(p.t.activeCalls()[0]!.extension).toBe('101');
  });
});

describe('call pickup', () => {
  /** 102 rings; 101 takes the call from its own channel (own Linkedid), as in the c01 recording. */
  function pickedUp(p: Pbx, pickupFirst: boolean) {
    const root = trunk('300.1', '+73452555111', '3452399069');
    const rung = leg('102', '300.2', '300.1');
    p.at(0, { kind: 'Newchannel', ch: root });
    p.at(1, { kind: 'DialBegin', ch: root, dest: rung, status: '' });
    const picker = chan('PJSIP/101-0000000c', '301.1', '301.1', { exten: '**102' });
    p.at(3000, { kind: 'Newchannel', ch: picker });
    // From the answer on, the picker carries the call's SUPPORT_LINE (but still its own Linkedid).
    const joined = { ...picker, vars: new Map([['SUPPORT_LINE', '399069']]) };
    const pickup: Ev = { kind: 'Pickup', ch: picker, target: rung };
    const dialEnd: Ev = { kind: 'DialEnd', ch: root, dest: joined, status: 'ANSWER' };
    for (const ev of pickupFirst ? [pickup, dialEnd] : [dialEnd, pickup]) p.at(3500, ev);
    p.at(3501, { kind: 'Hangup', ch: rung, cause: 26 });
    p.at(6000, { kind: 'Hangup', ch: root, cause: 16 });
    p.at(6000, { kind: 'Hangup', ch: { ...joined, linkedid: '300.1' }, cause: 16 });
  }

  it.each([
    ['Pickup before DialEnd (directed pickup **102)', true],
    ['DialEnd before Pickup (group pickup)', false],
  ])('%s: one call, answered by the picker, nothing for the phone that rang', (_name, pickupFirst) => {
    const p = new Pbx();
    pickedUp(p, pickupFirst);
    expect(p.of('callStarted')).toHaveLength(1);
    expect(p.of('callAnswered').map((e) => e.call.extension)).toEqual(['101']);
    const c = p.ended();
    expect(c).toMatchObject({ extension: '101', lineCode: '399069', hangupCause: 16 });
    expect(c.rung).toEqual(['102']);
  });
});

describe('transfer into a queue', () => {
  it('101 sends the caller to the queue, 102 answers as an agent: moved once', () => {
    const p = new Pbx();
    const { root, a } = answeredBy101(p);
    p.at(5000, { kind: 'BlindTransfer', success: true, transferer: a, transferee: root, extension: '600' });
    p.at(5100, { kind: 'QueueCallerJoin', ch: root, queue: 'support' });
    const b = leg('102', '100.7', root.linkedid);
    p.at(5101, { kind: 'AgentCalled', ch: root, dest: b, queue: 'support', iface: 'PJSIP/102' });
    p.at(8000, { kind: 'DialEnd', ch: root, dest: b, status: 'ANSWER' });
    p.at(8000, { kind: 'QueueCallerLeave', ch: root, queue: 'support' });
    p.at(8001, { kind: 'AgentConnect', ch: root, dest: b, queue: 'support', iface: 'PJSIP/102' });
    p.at(11_000, { kind: 'Hangup', ch: root, cause: 16 });
    const c = p.ended();
    expect(p.of('callTransferred').map((e) => [e.from, e.to])).toEqual([['101', '102']]);
    expect(c).toMatchObject({ extension: '102', queue: 'support', abandoned: false });
  });
});

describe('call parking', () => {
  function parkedBy101(p: Pbx) {
    const { root, a } = answeredBy101(p);
    p.at(5000, { kind: 'BlindTransfer', success: true, transferer: a, transferee: root, extension: '700' });
    p.at(5000, { kind: 'ParkedCall', parkee: root, retriever: null, parkerDialString: 'PJSIP/101' });
    p.at(5000, { kind: 'Hangup', ch: a, cause: 16 });
    return { root };
  }

  it('timed out: back to the parker, who answers again; the owner stays 101', () => {
    const p = new Pbx();
    const { root } = parkedBy101(p);
    p.at(50_000, { kind: 'ParkedCallTimeOut', parkee: root, retriever: null, parkerDialString: 'PJSIP/101' });
    const again = leg('101', '100.9', root.linkedid);
    p.at(50_002, { kind: 'DialBegin', ch: root, dest: again, status: '' });
    p.at(52_000, { kind: 'DialEnd', ch: root, dest: again, status: 'ANSWER' });
    p.at(55_000, { kind: 'Hangup', ch: root, cause: 16 });
    const c = p.ended();
    expect(c.extension).toBe('101');
    expect(p.of('callTransferred')).toEqual([]);
    expect(c.holdMs).toBe(45_000);
  });

  it('the caller gives up while parked: the call ends with the parker', () => {
    const p = new Pbx();
    const { root } = parkedBy101(p);
    p.at(20_000, { kind: 'ParkedCallGiveUp', parkee: root, retriever: null, parkerDialString: 'PJSIP/101' });
    p.at(20_000, { kind: 'Hangup', ch: root, cause: 16 });
    const c = p.ended();
    expect(c).toMatchObject({ extension: '101', endedAt: T0 + 20_000 });
    expect(c.holdMs).toBe(15_000);
  });
});

describe('a second call to a busy specialist', () => {
  it('is missed; the first call is untouched; the stored cause is the caller’s own', () => {
    const p = new Pbx();
    const first = answeredBy101(p);
    const root2 = trunk('400.1', '83452999000');
    const busyLeg = leg('101', '400.2', '400.1');
    p.at(3000, { kind: 'Newchannel', ch: root2 });
    p.at(3001, { kind: 'DialBegin', ch: root2, dest: busyLeg, status: '' });
    const busy = [
      ...p.at(3002, { kind: 'DialEnd', ch: root2, dest: busyLeg, status: 'BUSY' }),
      ...p.at(3002, { kind: 'Hangup', ch: busyLeg, cause: 17 }),
      ...p.at(9000, { kind: 'Hangup', ch: root2, cause: 127 }),
    ];
    const ended = busy.filter((e) => e.type === 'callEnded');
    expect(ended).toHaveLength(1);
    expect(ended[0]!.call).toMatchObject({ linkedid: '400.1', answeredAt: null, rung: ['101'], hangupCause: 127 });
    expect(busy.every((e) => 'call' in e && e.call.linkedid === '400.1')).toBe(true);
    expect(p.t.activeCalls().map((c) => [c.linkedid, c.extension])).toEqual([[first.root.linkedid, '101']]);
  });
});

describe('withheld and strange caller IDs', () => {
  it.each(['anonymous', 'Anonymous', '', '<unknown>', 'unknown', 'Restricted'])(
    'caller ID "%s" opens a call without a number',
    (cid) => {
      const p = new Pbx();
      answeredBy101(p, trunk('100.1', cid));
      expect(p.of('callAnswered')[0]!.call).toMatchObject({ callerNumber: null, extension: '101' });
    },
  );

  it('a 100-character caller ID keeps the call: the number is cut, the raw value kept', () => {
    const p = new Pbx();
    const long = '8'.repeat(100);
    answeredBy101(p, trunk('100.1', long));
    const c = p.of('callAnswered')[0]!.call;
    expect(c.callerNumber).toHaveLength(32);
    expect(c.callerIdRaw).toBe(long);
  });
});

describe('one clock per call', () => {
  /** We reconnect while a call is ringing; the PBX's clock is `skew` ms ahead of ours. */
  function resyncWhileRinging(skew: number, pingFirst: boolean) {
    const p = new Pbx(skew);
    const root = trunk('500.1');
    const a = { ...leg('101', '500.2', '500.1'), state: 5, vars: new Map([['SUPPORT_LINE', '390679']]) };
    // The call started at 0 on the PBX clock; we connect at 1.5 s and ask for the list.
    if (pingFirst) p.at(1500, { kind: 'Clock' });
    p.t.beginResync('r1');
    p.untimed(1500, {
      kind: 'CoreShowChannel',
      actionId: 'r1',
      ch: root,
      bridgeId: '',
      application: 'Dial',
      duration: 1,
    });
    p.untimed(1500, {
      kind: 'CoreShowChannel',
      actionId: 'r1',
      ch: a,
      bridgeId: '',
      application: 'AppDial',
      duration: 1,
    });
    p.untimed(1500, { kind: 'CoreShowChannelsComplete', actionId: 'r1', listItems: 2 });
    p.at(2000, { kind: 'DialEnd', ch: root, dest: a, status: 'ANSWER' });
    p.at(5000, { kind: 'Hangup', ch: root, cause: 16 });
    return p.ended();
  }

  it.each([
    ['ahead', 5000],
    ['behind', -5000],
    ['equal', 0],
  ])('PBX clock %s ours: a call learned from the channel list is timed on the PBX clock', (_n, skew) => {
    const c = resyncWhileRinging(skew, true);
    // Started 1 s before the list (its Duration), answered at 2 s, ended at 5 s (PBX clock).
    expect(c.startedAt).toBe(T0 + 500);
    expect(c.answeredAt).toBe(T0 + 2000);
    expect(c.endedAt).toBe(T0 + 5000);
  });

  it('learns the offset from timed events too, without a ping', () => {
    const p = new Pbx(5000);
    // Earlier traffic on this link: any timed event tells the offset.
    p.at(100, { kind: 'Newchannel', ch: chan('PJSIP/101-00000001', '1.1', '1.1', { exten: '102' }) });
    p.t.beginResync('r1');
    const root = trunk('600.1');
    p.untimed(3000, {
      kind: 'CoreShowChannel',
      actionId: 'r1',
      ch: root,
      bridgeId: '',
      application: 'Dial',
      duration: 2,
    });
    p.untimed(3000, { kind: 'CoreShowChannelsComplete', actionId: 'r1', listItems: 1 });
    expect(p.t.activeCalls()[0]!.startedAt).toBe(T0 + 1000);
    expect(p.t.clock.offsetMs).toBe(5000 - 5);
  });
});

describe('the line named by a channel variable', () => {
  it('FreePBX: the inherited FROM_DID (the DID) places the call on its line', () => {
    const p = new Pbx();
    const root = { ...trunk('700.1'), exten: 's' };
    expect(p.at(0, { kind: 'Newchannel', ch: root })).toEqual([]);
    p.at(10, { kind: 'VarSet', ch: root, variable: 'FROM_DID', value: '73452399069' });
    expect(p.of('callStarted').map((e) => e.call.lineCode)).toEqual(['399069']);
  });

  it('our SUPPORT_LINE on the dialled leg of a call learned late', () => {
    const p = new Pbx();
    const root = { ...trunk('800.1'), exten: 's' };
    const a = { ...leg('101', '800.2', '800.1'), vars: new Map([['SUPPORT_LINE', '390679']]) };
    p.at(0, { kind: 'Newchannel', ch: root });
    p.at(2000, { kind: 'DialEnd', ch: root, dest: a, status: 'ANSWER' });
    expect(p.of('callAnswered')[0]!.call).toMatchObject({ lineCode: '390679', extension: '101' });
  });
});
