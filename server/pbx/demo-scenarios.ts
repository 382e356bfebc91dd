// Call scripts of the demo PBX, modelled on the recorded traces (direct, ring-all, queue, abandon,
// missed, blind transfer, callback): the same events in the same order, with realistic pauses.

export interface DemoChannel {
  name: string;
  uniqueid: string;
  linkedid: string;
  state: number;
  callerNum: string;
  callerName: string;
  connectedNum: string;
  context: string;
  exten: string;
  line: string;
  app: string;
  bridgeId: string;
  createdAt: number;
}

const STATE_DESC: Record<number, string> = { 0: 'Down', 4: 'Ring', 5: 'Ringing', 6: 'Up' };

/** The channel snapshot block of an event, optionally prefixed ("Dest"). */
export function snapshot(ch: DemoChannel, p: string): Record<string, string | number> {
  return {
    [`${p}Channel`]: ch.name,
    [`${p}ChannelState`]: ch.state,
    [`${p}ChannelStateDesc`]: STATE_DESC[ch.state] ?? 'Unknown',
    [`${p}CallerIDNum`]: ch.callerNum,
    [`${p}CallerIDName`]: ch.callerName,
    [`${p}ConnectedLineNum`]: ch.connectedNum,
    [`${p}ConnectedLineName`]: ch.connectedNum,
    [`${p}Language`]: 'ru',
    [`${p}AccountCode`]: '',
    [`${p}Context`]: ch.context,
    [`${p}Exten`]: ch.exten,
    [`${p}Priority`]: 1,
    [`${p}Uniqueid`]: ch.uniqueid,
    [`${p}Linkedid`]: ch.linkedid,
    [`${p}ChanVariable`]: `SUPPORT_LINE=${ch.line}`,
  };
}

type Emit = (event: string, fields: Record<string, string | number | string[] | undefined>) => void;

/** Callers of the demo: a few return, so caller-ID suggestions and repeat calls show. */
const CALLERS = [
  '83452123456',
  '+73452777888',
  '83452540312',
  '+73452688120',
  '89123456789',
  '+79044912233',
  '83453523344',
  '83452390011',
  '89222650505',
  '+73451723310',
];

const rnd = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

export class DemoCalls {
  private seq = Math.floor(Math.random() * 1000);
  private chanSeq = 0x20;
  private readonly live = new Map<string, DemoChannel>();
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly emit: Emit,
    private readonly lines: { code: string; did: string }[],
  ) {}

  liveChannels(): DemoChannel[] {
    return [...this.live.values()];
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  randomCall(exts: string[]): void {
    const r = Math.random();
    if (r < 0.45) this.direct(exts, true);
    else if (r < 0.6) this.direct(exts, false);
    else if (r < 0.75) this.queue(exts, true);
    else if (r < 0.8) this.queue(exts, false);
    else if (r < 0.9 && exts.length > 1) this.transfer(exts);
    else this.ringAll(exts);
  }

  /** A callback: the specialist's phone rings first, then the PBX dials out. */
  callback(ext: string, number: string, actionId: string): void {
    const me = this.channel(`PJSIP/${ext}`, ext, 'Перезвонить', 'internal', 's', '', null);
    this.emit('Newchannel', snapshot(me, ''));
    this.emit('DialBegin', { ...snapshot(me, 'Dest'), DialString: ext });
    this.at(2000, () => {
      me.state = 6;
      this.emit('DialEnd', { ...snapshot(me, 'Dest'), DialStatus: 'ANSWER' });
      this.emit('OriginateResponse', {
        ActionID: actionId,
        Response: 'Success',
        Channel: me.name,
        Context: 'internal',
        Exten: number,
        Reason: 4,
        Uniqueid: me.uniqueid,
        CallerIDNum: ext,
        CallerIDName: 'Перезвонить',
      });
      me.exten = number;
      const remote = this.channel('PJSIP/trunk', number, number, 'from-trunk', 's', '', me.linkedid);
      this.emit('Newchannel', snapshot(remote, ''));
      this.emit('DialBegin', { ...snapshot(me, ''), ...snapshot(remote, 'Dest'), DialString: `${number}@trunk` });
      this.at(rnd(3000, 6000), () => {
        remote.state = 6;
        this.emit('DialEnd', { ...snapshot(me, ''), ...snapshot(remote, 'Dest'), DialStatus: 'ANSWER' });
        this.bridge(me, remote);
        this.at(rnd(15_000, 40_000), () => this.hangupAll([remote, me], 16));
      });
    });
  }

  private direct(exts: string[], answered: boolean) {
    const line = pick(this.lines);
    const ext = pick(exts);
    const caller = this.incoming(line);
    const phone = this.dial(caller, ext);
    if (!answered) {
      this.at(rnd(8000, 20_000), () => this.giveUp(caller, [phone]));
      return;
    }
    this.at(rnd(2000, 6000), () => {
      this.answer(caller, phone);
      this.at(rnd(20_000, 90_000), () => this.hangupAll([caller, phone], 16));
    });
  }

  private ringAll(exts: string[]) {
    const line = pick(this.lines);
    const caller = this.incoming(line);
    const phones = exts.map((e) => this.dial(caller, e));
    this.at(rnd(2000, 6000), () => {
      const winner = pick(phones);
      for (const p of phones) if (p !== winner) this.cancel(caller, p, 26);
      this.answer(caller, winner);
      this.at(rnd(20_000, 80_000), () => this.hangupAll([caller, winner], 16));
    });
  }

  private queue(exts: string[], answered: boolean) {
    const line = pick(this.lines);
    const caller = this.incoming(line);
    caller.state = 6;
    caller.context = 'support-queue';
    caller.exten = `s-${line.code}`;
    caller.app = 'Queue';
    this.emit('Newstate', snapshot(caller, ''));
    this.at(500, () => {
      this.emit('QueueCallerJoin', { ...snapshot(caller, ''), Queue: 'support', Position: 1, Count: 1 });
      const legs = exts.map((e) => {
        const leg = this.channel(
          `PJSIP/${e}`,
          e,
          `Специалист ${e}`,
          'internal',
          caller.exten,
          caller.callerNum,
          caller.linkedid,
          line.code,
        );
        this.emit('Newchannel', snapshot(leg, ''));
        this.emit('AgentCalled', {
          ...snapshot(caller, ''),
          ...snapshot(leg, 'Dest'),
          Queue: 'support',
          Interface: `PJSIP/${e}`,
          MemberName: `Специалист ${e}`,
        });
        this.emit('DialBegin', { ...snapshot(caller, ''), ...snapshot(leg, 'Dest'), DialString: e });
        return leg;
      });
      if (!answered) {
        this.at(rnd(6000, 15_000), () => {
          for (const leg of legs) this.cancel(caller, leg, 0);
          this.emit('QueueCallerAbandon', {
            ...snapshot(caller, ''),
            Queue: 'support',
            Position: 1,
            OriginalPosition: 1,
            HoldTime: 8,
          });
          this.emit('QueueCallerLeave', { ...snapshot(caller, ''), Queue: 'support', Count: 0, Position: 1 });
          this.hangupAll([caller], 0);
        });
        return;
      }
      this.at(rnd(3000, 8000), () => {
        const winner = pick(legs);
        winner.state = 6;
        this.emit('DialEnd', { ...snapshot(caller, ''), ...snapshot(winner, 'Dest'), DialStatus: 'ANSWER' });
        for (const leg of legs) if (leg !== winner) this.cancel(caller, leg, 26);
        this.emit('QueueCallerLeave', { ...snapshot(caller, ''), Queue: 'support', Count: 0, Position: 1 });
        this.emit('AgentConnect', {
          ...snapshot(caller, ''),
          ...snapshot(winner, 'Dest'),
          Queue: 'support',
          Interface: winner.name.replace(/-[0-9a-f]+$/, ''),
          MemberName: `Специалист ${winner.callerNum}`,
          HoldTime: 5,
          RingTime: 4,
        });
        this.bridge(caller, winner);
        this.at(rnd(20_000, 80_000), () => {
          this.emit('AgentComplete', {
            ...snapshot(caller, ''),
            ...snapshot(winner, 'Dest'),
            Queue: 'support',
            Reason: 'caller',
          });
          this.hangupAll([caller, winner], 16);
        });
      });
    });
  }

  private transfer(exts: string[]) {
    const line = pick(this.lines);
    const [first, second] = [...exts].sort(() => Math.random() - 0.5) as [string, string];
    const caller = this.incoming(line);
    const phone = this.dial(caller, first);
    this.at(rnd(2000, 5000), () => {
      this.answer(caller, phone);
      this.at(rnd(10_000, 20_000), () => {
        this.emit('BlindTransfer', {
          Result: 'Success',
          ...prefixed(snapshot(phone, ''), 'Transferer'),
          ...prefixed(snapshot(caller, ''), 'Transferee'),
          IsExternal: 'Yes',
          Context: 'internal',
          Extension: second,
        });
        this.hangupAll([phone], 16);
        caller.context = 'internal';
        caller.exten = second;
        const next = this.dial(caller, second);
        this.at(rnd(2000, 5000), () => {
          this.answer(caller, next);
          this.at(rnd(20_000, 60_000), () => this.hangupAll([caller, next], 16));
        });
      });
    });
  }

  // --- building blocks -------------------------------------------------------------------------

  private incoming(line: { code: string; did: string }): DemoChannel {
    const number = pick(CALLERS);
    const caller = this.channel('PJSIP/trunk', number, number, 'from-trunk', line.did, '<unknown>', null, line.code);
    caller.state = 4;
    caller.app = 'Dial';
    this.emit('Newchannel', snapshot(caller, ''));
    this.emit('Newexten', {
      ...snapshot(caller, ''),
      Extension: line.did,
      Application: 'NoOp',
      AppData: `Support line ${line.code}`,
    });
    caller.context = 'support-direct';
    caller.exten = `s-${line.code}`;
    return caller;
  }

  private dial(caller: DemoChannel, ext: string): DemoChannel {
    const phone = this.channel(
      `PJSIP/${ext}`,
      ext,
      `Специалист ${ext}`,
      'internal',
      's',
      caller.callerNum,
      caller.linkedid,
      caller.line,
    );
    phone.app = 'AppDial';
    this.emit('Newchannel', snapshot(phone, ''));
    this.emit('DialBegin', { ...snapshot(caller, ''), ...snapshot(phone, 'Dest'), DialString: ext });
    phone.state = 5;
    this.emit('Newstate', snapshot(phone, ''));
    return phone;
  }

  private answer(caller: DemoChannel, phone: DemoChannel) {
    phone.state = 6;
    caller.state = 6;
    caller.connectedNum = phone.callerNum;
    this.emit('DialEnd', { ...snapshot(caller, ''), ...snapshot(phone, 'Dest'), DialStatus: 'ANSWER' });
    this.bridge(caller, phone);
  }

  private cancel(caller: DemoChannel, phone: DemoChannel, cause: number) {
    this.emit('DialEnd', { ...snapshot(caller, ''), ...snapshot(phone, 'Dest'), DialStatus: 'CANCEL' });
    this.hangupAll([phone], cause);
  }

  private giveUp(caller: DemoChannel, phones: DemoChannel[]) {
    for (const p of phones) this.cancel(caller, p, 127);
    this.emit('Cdr', { Channel: caller.name, Disposition: 'NO ANSWER', UserField: `support-${caller.line}` });
    this.hangupAll([caller], 127);
  }

  private bridge(a: DemoChannel, b: DemoChannel) {
    const id = crypto.randomUUID();
    for (const ch of [b, a]) {
      ch.bridgeId = id;
      this.emit('BridgeEnter', { ...snapshot(ch, ''), BridgeUniqueid: id, BridgeType: 'basic', BridgeNumChannels: 2 });
    }
  }

  private hangupAll(chans: DemoChannel[], cause: number) {
    for (const ch of chans) {
      if (!this.live.has(ch.uniqueid)) continue;
      this.live.delete(ch.uniqueid);
      this.emit('Hangup', {
        ...snapshot(ch, ''),
        Cause: cause,
        'Cause-txt': cause === 16 ? 'Normal Clearing' : 'Other',
      });
    }
  }

  private channel(
    device: string,
    callerNum: string,
    callerName: string,
    context: string,
    exten: string,
    connectedNum: string,
    linkedid: string | null,
    line = '',
  ): DemoChannel {
    const uniqueid = `${Math.floor(Date.now() / 1000)}.${++this.seq}`;
    const ch: DemoChannel = {
      name: `${device}-${(++this.chanSeq).toString(16).padStart(8, '0')}`,
      uniqueid,
      linkedid: linkedid ?? uniqueid,
      state: 0,
      callerNum,
      callerName,
      connectedNum: connectedNum || '<unknown>',
      context,
      exten,
      line,
      app: 'AppDial',
      bridgeId: '',
      createdAt: Date.now(),
    };
    this.live.set(uniqueid, ch);
    return ch;
  }

  private at(ms: number, fn: () => void) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }
}

function prefixed(fields: Record<string, string | number>, prefix: string): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(fields))
    out[k === 'ChanVariable' ? `${prefix}ChanVariable` : `${prefix}${k}`] = v;
  return out;
}
