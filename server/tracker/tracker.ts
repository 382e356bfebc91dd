// The call tracker: PBX events in, call effects out. No I/O and no clock of its own (our time comes in
// with each event, the PBX's in its Timestamp), so replays are deterministic; repeated or late events
// change nothing, and a finished call stays finished. One conversation = one Asterisk Linkedid.
import { nationalNumber, presentedNumber } from '../../shared/phone';
import { extensionOf } from './channel-name';
import { PbxClock } from './clock';
import type { ChannelInfo, TrackerEvent } from './events';
import type { CallEffect, CallSnapshot, Leg, LegKind, TrackerConfig } from './types';

export type { CallEffect, CallSnapshot, TrackerConfig } from './types';

interface Chan {
  channel: string;
  ext: string | null;
  state: number;
  bridgeId: string;
  /** When the channel came up, if a channel list told us (resync). */
  createdAt: number | null;
}

interface Conv {
  linkedid: string;
  kind: 'pending' | 'call';
  direction: 'inbound' | 'outbound';
  rootUniqueid: string | null;
  /** The root channel is a specialist's phone: an internal or outgoing call, never a support call. */
  rootIsPhone: boolean;
  callerNumber: string | null;
  callerIdRaw: string | null;
  lineCode: string | null;
  startedAt: number;
  answeredAt: number | null;
  extension: string | null;
  queue: string | null;
  abandoned: boolean;
  rung: Set<string>;
  legs: Leg[];
  channels: Map<string, Chan>;
  /** Answering channels already counted: a repeat cannot move the call back. */
  answeredLegs: Set<string>;
  hungUp: Set<string>;
  /** Other conversations' Linkedids that joined this one (a picker's, a retriever's). */
  aliases: string[];
  /** A blind transfer of this call succeeded: the next answer, on any of its channels, takes it. */
  blindTo: string | null;
  /** Who parked the call (extension), while it is parked. */
  parker: string | null;
  /** Open hold periods: channel (or "park") -> since. */
  holds: Map<string, number>;
  holdMs: number;
  callback: { extension: string; number: string; callbackOf: number | null } | null;
  /** An answer seen before we knew the call was ours (line known later, resync order). */
  earlyAnswer: { ext: string; at: number; leg: string } | null;
  /** Remote answer of an outbound call seen before the originate was confirmed. */
  earlyRemoteAnswer: number | null;
  lastEventAt: number;
  lastArrival: number;
}

/** Channel variables that name the line: ours (a line code or DID), FreePBX's inbound DID. */
const LINE_VARIABLES = ['SUPPORT_LINE', 'FROM_DID'];
const ENDED_MEMORY = 20_000;
const PENDING_TTL_MS = 2 * 3600_000;
const RAW_CALLER_ID = 200;

export class CallTracker {
  private readonly convs = new Map<string, Conv>();
  /** uniqueid -> linkedid: a channel may move to another conversation (bridging, transfers). */
  private readonly chanConv = new Map<string, string>();
  /** A Linkedid that joined another conversation -> that conversation's Linkedid. */
  private readonly alias = new Map<string, string>();
  /** Recently finished conversations (and their aliases): their late events are ignored. */
  private readonly ended = new Set<string>();
  private readonly originates = new Map<
    string,
    { extension: string; number: string; callbackOf: number | null; at: number }
  >();
  private resync: { actionId: string; seen: Set<string> } | null = null;
  private lineByCode = new Map<string, string>();
  private lineByDid = new Map<string, string>();
  readonly clock = new PbxClock();

  constructor(config: TrackerConfig) {
    this.configure(config);
  }

  /** Replaces the support lines (the admin changed them). */
  configure(config: TrackerConfig): void {
    this.lineByCode = new Map(config.lines.map((l) => [l.code, l.code]));
    this.lineByDid = new Map(config.lines.map((l) => [l.did, l.code]));
  }

  /** Calls in progress (for resync reports and the link's own status). */
  activeCalls(): CallSnapshot[] {
    return [...this.convs.values()].filter((c) => c.kind === 'call').map((c) => this.snapshot(c, null));
  }

  /** We are about to ask for the channel list with this ActionID: its end reconciles our state. */
  beginResync(actionId: string): void {
    this.resync = { actionId, seen: new Set() };
  }

  /** We placed an Originate (a callback); its OriginateResponse tells which conversation it is. */
  expectOriginate(
    actionId: string,
    meta: { extension: string; number: string; callbackOf: number | null },
    now: number,
  ) {
    this.originates.set(actionId, { ...meta, at: now });
    for (const [id, o] of this.originates) if (now - o.at > 300_000) this.originates.delete(id);
  }

  /** Handles one event; `now` is its arrival on our clock. Returns what changed for the desk. */
  handle(ev: TrackerEvent, now: number): CallEffect[] {
    if (ev.ts !== null) this.clock.sample(ev.ts, now);
    // One clock per call: the PBX's. What it did not time is placed on its clock by the learned offset.
    const at = ev.ts ?? this.clock.toPbx(now);
    const out: CallEffect[] = [];
    switch (ev.kind) {
      case 'Newchannel':
      case 'VarSet': {
        const c = this.touch(ev.ch, at, now, out);
        if (c && ev.kind === 'VarSet' && LINE_VARIABLES.includes(ev.variable)) this.classify(c, ev.value, at, out);
        break;
      }
      case 'DialBegin': {
        const c = ev.ch ? this.touch(ev.ch, at, now, out) : null;
        this.touch(ev.dest, at, now, out);
        const ext = extensionOf(ev.dest.channel);
        // Only the caller's own dialling rings the desk; a consultation call is not a ring.
        if (c && ext && c.direction === 'inbound' && ev.ch?.uniqueid === c.rootUniqueid) c.rung.add(ext);
        break;
      }
      case 'DialEnd':
        this.dialEnd(ev, at, now, out);
        break;
      case 'AgentCalled': {
        const c = this.touch(ev.ch, at, now, out);
        const ext = extensionOf(ev.dest?.channel) ?? extensionOf(ev.iface);
        if (c && ext) c.rung.add(ext);
        break;
      }
      case 'AgentConnect': {
        const c = this.touch(ev.ch, at, now, out);
        if (ev.dest) this.touch(ev.dest, at, now, out);
        const ext = extensionOf(ev.dest?.channel) ?? extensionOf(ev.iface);
        if (c && ext) this.answer(c, ext, at, ev.dest?.uniqueid ?? `agent:${ext}`, 'transfer', out);
        break;
      }
      case 'QueueCallerJoin':
      case 'QueueCallerLeave': {
        const c = this.touch(ev.ch, at, now, out);
        if (c && ev.queue) c.queue = ev.queue;
        break;
      }
      case 'QueueCallerAbandon': {
        const c = this.touch(ev.ch, at, now, out);
        if (c) {
          c.queue = ev.queue || c.queue;
          c.abandoned = true;
        }
        break;
      }
      case 'BlindTransfer':
        this.blindTransfer(ev, at, now, out);
        break;
      case 'AttendedTransfer':
        this.attendedTransfer(ev, at, now, out);
        break;
      case 'Pickup':
        this.pickup(ev, at, now, out);
        break;
      case 'ParkedCall':
      case 'UnParkedCall':
      case 'ParkedCallTimeOut':
      case 'ParkedCallGiveUp':
        this.parking(ev, at, now, out);
        break;
      case 'Hold':
      case 'Unhold': {
        const c = this.touch(ev.ch, at, now, out);
        if (c?.kind !== 'call') break;
        // An Unhold without a Hold comes before every AMI-driven transfer: nothing to close then.
        if (ev.kind === 'Hold') {
          if (!c.holds.has(ev.ch.uniqueid)) c.holds.set(ev.ch.uniqueid, at);
        } else this.endHold(c, ev.ch.uniqueid, at);
        break;
      }
      case 'Hangup':
        this.hangup(ev.ch, ev.cause, at, now, out);
        break;
      case 'CoreShowChannel':
        this.listed(ev, at, now, out);
        break;
      case 'CoreShowChannelsComplete':
        if (this.resync && ev.actionId === this.resync.actionId) this.reconcile(at, out);
        break;
      case 'OriginateResponse':
        this.originated(ev, at, now, out);
        break;
      case 'FullyBooted':
        if (ev.uptime !== null) this.pbxBooted(ev.uptime, at, now, out);
        break;
      case 'Shutdown':
      case 'Clock':
        break;
    }
    return out;
  }

  /** Forgets conversations that never became calls and went quiet (a lost Hangup). */
  sweep(now: number): void {
    for (const c of this.convs.values()) {
      if (c.kind === 'pending' && now - c.lastArrival > PENDING_TTL_MS) this.forget(c);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private conversationOf(linkedid: string): string {
    return this.alias.get(linkedid) ?? linkedid;
  }

  private touch(ch: ChannelInfo, at: number, now: number, out: CallEffect[]): Conv | null {
    const linkedid = this.conversationOf(ch.linkedid);
    if (this.ended.has(linkedid)) return null;
    let c = this.convs.get(linkedid);
    if (!c) {
      c = {
        linkedid,
        kind: 'pending',
        direction: 'inbound',
        rootUniqueid: null,
        rootIsPhone: false,
        callerNumber: null,
        callerIdRaw: null,
        lineCode: null,
        startedAt: at,
        answeredAt: null,
        extension: null,
        queue: null,
        abandoned: false,
        rung: new Set(),
        legs: [],
        channels: new Map(),
        answeredLegs: new Set(),
        hungUp: new Set(),
        aliases: [],
        blindTo: null,
        parker: null,
        holds: new Map(),
        holdMs: 0,
        callback: null,
        earlyAnswer: null,
        earlyRemoteAnswer: null,
        lastEventAt: at,
        lastArrival: now,
      };
      this.convs.set(linkedid, c);
    }
    c.lastEventAt = Math.max(c.lastEventAt, at);
    c.lastArrival = now;
    if (c.hungUp.has(ch.uniqueid)) return c;
    const prevConv = this.chanConv.get(ch.uniqueid);
    if (prevConv !== linkedid) {
      if (prevConv) this.convs.get(prevConv)?.channels.delete(ch.uniqueid);
      this.chanConv.set(ch.uniqueid, linkedid);
    }
    const known = c.channels.get(ch.uniqueid);
    if (known) {
      known.state = ch.state;
      known.channel = ch.channel || known.channel;
    } else {
      c.channels.set(ch.uniqueid, {
        channel: ch.channel,
        ext: extensionOf(ch.channel),
        state: ch.state,
        bridgeId: '',
        createdAt: null,
      });
    }
    if (ch.uniqueid === ch.linkedid && linkedid === ch.linkedid) {
      c.rootUniqueid = ch.uniqueid;
      c.rootIsPhone = extensionOf(ch.channel) !== null;
      if (c.callerIdRaw === null && ch.callerNum) c.callerIdRaw = ch.callerNum.slice(0, RAW_CALLER_ID);
      c.callerNumber ??= presentedNumber(ch.callerNum);
      if (c.kind === 'pending' && !c.callback) this.classify(c, ch.exten, at, out);
    }
    if (c.kind === 'pending') {
      for (const name of LINE_VARIABLES) this.classify(c, ch.vars.get(name) ?? '', at, out);
    }
    return c;
  }

  /** A conversation becomes a support call once something names one of our lines. */
  private classify(c: Conv, hint: string, at: number, out: CallEffect[]) {
    // A phone's own call (a colleague picking up, a consultation) inherits SUPPORT_LINE: not a new call.
    if (c.kind !== 'pending' || !hint || c.rootIsPhone || c.callback) return;
    const code = this.lineByCode.get(hint) ?? this.lineByDid.get(nationalNumber(hint) ?? '');
    if (!code) return;
    c.kind = 'call';
    c.lineCode = code;
    out.push({ type: 'callStarted', call: this.snapshot(c, null) });
    if (c.earlyAnswer) {
      const { ext, at: answeredAt, leg } = c.earlyAnswer;
      c.earlyAnswer = null;
      this.answer(c, ext, answeredAt, leg, 'transfer', out);
    }
    this.inferAnswer(c, at, out);
  }

  /**
   * Another conversation (a picker's or a retriever's own Linkedid) turns out to be part of this
   * call: its channels join, and its later events count here.
   */
  private absorb(c: Conv, linkedid: string) {
    const own = this.conversationOf(linkedid);
    if (own === c.linkedid) return;
    const other = this.convs.get(own);
    if (other?.kind === 'call') return; // another support call: never merge two calls
    if (other) {
      for (const [uid, ch] of other.channels) {
        c.channels.set(uid, ch);
        this.chanConv.set(uid, c.linkedid);
      }
      for (const a of other.aliases) this.alias.set(a, c.linkedid);
      c.aliases.push(...other.aliases);
      this.convs.delete(own);
    }
    this.alias.set(own, c.linkedid);
    c.aliases.push(own);
  }

  private dialEnd(
    ev: Extract<TrackerEvent, { kind: 'DialBegin' | 'DialEnd' }>,
    at: number,
    now: number,
    out: CallEffect[],
  ) {
    if (!ev.ch) {
      // The first Dial events of an Originate name only the dialled side.
      this.touch(ev.dest, at, now, out);
      return;
    }
    const c = this.touch(ev.ch, at, now, out);
    if (!c || ev.status !== 'ANSWER') {
      if (c) this.touch(ev.dest, at, now, out);
      return;
    }
    const fromRoot = ev.ch.uniqueid === c.rootUniqueid;
    const ext = extensionOf(ev.dest.channel);
    if (c.direction === 'outbound' || c.callback !== null) {
      this.touch(ev.dest, at, now, out);
      // Outbound: the remote party answered when the specialist's own channel (the root) gets ANSWER.
      if (fromRoot && !ext) this.remoteAnswered(c, at, out);
      return;
    }
    // The caller's channel answered by a phone: that phone has the call. A picker's channel still
    // carries its own Linkedid here, so it joins the call first. Dialling by anyone else (a
    // consultation before an attended transfer) moves nothing, except right after a blind transfer
    // (placed through a Local channel when the bridge had more parties).
    if (ext && (fromRoot || c.blindTo !== null)) {
      if (fromRoot) this.absorb(c, ev.dest.linkedid);
      this.touch(ev.dest, at, now, out);
      this.answer(c, ext, at, ev.dest.uniqueid, 'transfer', out);
      c.blindTo = null;
      return;
    }
    this.touch(ev.dest, at, now, out);
    if (fromRoot && !ext && c.blindTo !== null && c.kind === 'call' && c.answeredAt !== null) {
      // A blind transfer out of the desk: the caller now talks to an outside number.
      const number = /^\+?\d{5,}$/.test(c.blindTo) ? c.blindTo : (presentedNumber(ev.dest.callerNum) ?? c.blindTo);
      c.blindTo = null;
      this.closeHolds(c, at);
      c.legs.push({ at, extension: null, kind: 'external', number });
      out.push({ type: 'callLeftDesk', call: this.snapshot(c, null), number });
    }
  }

  private answer(c: Conv, ext: string, at: number, leg: string, via: LegKind, out: CallEffect[]) {
    if (c.answeredLegs.has(leg) || c.hungUp.has(leg)) return;
    if (c.kind === 'pending') {
      c.earlyAnswer ??= { ext, at, leg };
      return;
    }
    c.answeredLegs.add(leg);
    if (c.answeredAt === null) {
      c.answeredAt = at;
      c.extension = ext;
      c.legs.push({ at, extension: ext, kind: 'answer' });
      out.push({ type: 'callAnswered', call: this.snapshot(c, null) });
    } else if (c.extension !== ext) {
      this.moveTo(c, ext, at, via, out);
    }
  }

  private moveTo(c: Conv, ext: string, at: number, via: LegKind, out: CallEffect[]) {
    const from = c.extension;
    c.extension = ext;
    c.blindTo = null;
    this.closeHolds(c, at);
    c.legs.push({ at, extension: ext, kind: via });
    out.push({ type: 'callTransferred', call: this.snapshot(c, null), from, to: ext, via });
  }

  private remoteAnswered(c: Conv, at: number, out: CallEffect[]) {
    if (c.kind === 'pending' || !c.callback) {
      c.earlyRemoteAnswer ??= at;
      return;
    }
    if (c.answeredAt !== null) return;
    c.answeredAt = at;
    c.extension = c.callback.extension;
    c.legs.push({ at, extension: c.extension, kind: 'answer' });
    out.push({ type: 'callAnswered', call: this.snapshot(c, null) });
  }

  /** From a channel list: a specialist's leg that is up and bridged means the call was answered. */
  private inferAnswer(c: Conv, at: number, out: CallEffect[]) {
    if (c.kind !== 'call' || c.answeredAt !== null || c.direction !== 'inbound') return;
    for (const [uid, ch] of c.channels) {
      if (uid === c.rootUniqueid || !ch.ext || ch.state !== 6 || !ch.bridgeId) continue;
      this.answer(c, ch.ext, ch.createdAt ?? at, uid, 'transfer', out);
      return;
    }
  }

  private callOf(...chans: (ChannelInfo | null)[]): Conv | null {
    for (const ch of chans) {
      if (!ch) continue;
      const c =
        this.convs.get(this.conversationOf(ch.linkedid)) ?? this.convs.get(this.chanConv.get(ch.uniqueid) ?? '');
      if (c?.kind === 'call') return c;
    }
    return null;
  }

  private blindTransfer(
    ev: Extract<TrackerEvent, { kind: 'BlindTransfer' }>,
    at: number,
    now: number,
    out: CallEffect[],
  ) {
    if (ev.transferer) this.touch(ev.transferer, at, now, out);
    if (ev.transferee) this.touch(ev.transferee, at, now, out);
    if (!ev.success) return;
    // The new owner is whoever answers the caller next (a DialEnd ANSWER or a queue's AgentConnect).
    const c = this.callOf(ev.transferee, ev.transferer);
    if (c && c.answeredAt !== null) {
      c.blindTo = ev.extension;
      this.closeHolds(c, at);
    }
  }

  /** Only a completed attended transfer moves the call: the consultation alone changes nothing. */
  private attendedTransfer(
    ev: Extract<TrackerEvent, { kind: 'AttendedTransfer' }>,
    at: number,
    now: number,
    out: CallEffect[],
  ) {
    for (const ch of [ev.origTransferer, ev.secondTransferer, ev.transferee, ev.target]) {
      if (ch) this.touch(ch, at, now, out);
    }
    if (!ev.success) return;
    const c = this.callOf(ev.transferee, ev.target, ev.origTransferer, ev.secondTransferer);
    if (!c || c.answeredAt === null) return;
    // Transferee and target are the transferer's peers in the two bridges; the caller is one of them
    // (which one depends on which call came first), the specialist who takes over the other.
    for (const ch of [ev.target, ev.transferee]) {
      const ext = extensionOf(ch?.channel);
      if (!ch || !ext || ch.uniqueid === c.rootUniqueid) continue;
      this.absorb(c, ch.linkedid);
      this.touch(ch, at, now, out);
      c.answeredLegs.add(`xfer:${ch.uniqueid}`);
      if (c.extension !== ext) this.moveTo(c, ext, at, 'attended', out);
      return;
    }
  }

  /** A colleague picked up a phone ringing for the call: the picker's channel joins the call. */
  private pickup(ev: Extract<TrackerEvent, { kind: 'Pickup' }>, at: number, now: number, out: CallEffect[]) {
    const c = this.touch(ev.target, at, now, out);
    if (!c) return;
    this.absorb(c, ev.ch.linkedid);
    this.touch(ev.ch, at, now, out);
    const ext = extensionOf(ev.ch.channel);
    if (ext && c.kind === 'call') this.answer(c, ext, at, ev.ch.uniqueid, 'pickup', out);
  }

  /**
   * Parking events name the parked caller (Parkee*). Parked: still the parker's call. Retrieved by
   * another phone: moved to it. Timed out: back to the parker (Asterisk rings the parker again).
   */
  private parking(
    ev: Extract<TrackerEvent, { kind: 'ParkedCall' | 'UnParkedCall' | 'ParkedCallTimeOut' | 'ParkedCallGiveUp' }>,
    at: number,
    now: number,
    out: CallEffect[],
  ) {
    const c = this.touch(ev.parkee, at, now, out);
    if (c?.kind !== 'call') return;
    const parker = extensionOf(ev.parkerDialString) ?? c.extension;
    switch (ev.kind) {
      case 'ParkedCall':
        // A blind transfer to the parking lot ends here: the call is parked, not answered elsewhere.
        c.blindTo = null;
        c.parker = parker;
        this.closeHolds(c, at);
        if (!c.holds.has('park')) c.holds.set('park', at);
        break;
      case 'UnParkedCall': {
        this.endHold(c, 'park', at);
        c.parker = null;
        if (!ev.retriever) break;
        this.absorb(c, ev.retriever.linkedid);
        this.touch(ev.retriever, at, now, out);
        const ext = extensionOf(ev.retriever.channel);
        if (ext) this.answer(c, ext, at, ev.retriever.uniqueid, 'parking', out);
        break;
      }
      case 'ParkedCallTimeOut':
        this.endHold(c, 'park', at);
        c.parker = null;
        if (parker && c.answeredAt !== null && c.extension !== parker) {
          this.moveTo(c, parker, at, 'parking_timeout', out);
        }
        break;
      case 'ParkedCallGiveUp':
        this.endHold(c, 'park', at);
        break;
    }
  }

  private endHold(c: Conv, key: string, at: number) {
    const since = c.holds.get(key);
    if (since === undefined) return;
    c.holds.delete(key);
    c.holdMs += Math.max(0, at - since);
  }

  private closeHolds(c: Conv, at: number) {
    for (const key of [...c.holds.keys()]) this.endHold(c, key, at);
  }

  private hangup(ch: ChannelInfo, cause: number | null, at: number, now: number, out: CallEffect[]) {
    const c = this.touch(ch, at, now, out);
    if (!c) return;
    c.channels.delete(ch.uniqueid);
    c.hungUp.add(ch.uniqueid);
    this.chanConv.delete(ch.uniqueid);
    this.endHold(c, ch.uniqueid, at);
    // The call ends with the caller's channel, and its cause is the caller's, never another leg's.
    if (ch.uniqueid === c.rootUniqueid) this.finish(c, at, cause, out);
    else if (c.rootUniqueid === null && c.channels.size === 0) this.finish(c, at, null, out);
  }

  private finish(c: Conv, at: number, cause: number | null, out: CallEffect[]) {
    this.closeHolds(c, at);
    if (c.kind === 'call') out.push({ type: 'callEnded', call: this.snapshot(c, { at, cause }) });
    this.forget(c);
    for (const id of [c.linkedid, ...c.aliases]) this.ended.add(id);
    while (this.ended.size > ENDED_MEMORY) {
      const oldest = this.ended.values().next().value;
      if (oldest === undefined) break;
      this.ended.delete(oldest);
    }
  }

  private forget(c: Conv) {
    for (const uid of c.channels.keys()) this.chanConv.delete(uid);
    for (const a of c.aliases) this.alias.delete(a);
    this.convs.delete(c.linkedid);
  }

  private listed(ev: Extract<TrackerEvent, { kind: 'CoreShowChannel' }>, at: number, now: number, out: CallEffect[]) {
    const fresh = !this.convs.has(this.conversationOf(ev.ch.linkedid));
    // The item has no Timestamp: its age is measured back from its arrival, on the PBX clock.
    const createdAt = at - ev.duration * 1000;
    const c = this.touch(ev.ch, createdAt, now, out);
    if (!c) return;
    if (this.resync && ev.actionId === this.resync.actionId) this.resync.seen.add(c.linkedid);
    const ch = c.channels.get(ev.ch.uniqueid);
    if (ch) {
      ch.bridgeId = ev.bridgeId;
      ch.createdAt ??= createdAt;
    }
    // A call we first learn of from the list started when its caller's channel came up.
    if (fresh || ev.ch.uniqueid === c.rootUniqueid) c.startedAt = Math.min(c.startedAt, createdAt);
    this.inferAnswer(c, at, out);
  }

  /** The list is complete: calls we track that the PBX no longer has ended while we were away. */
  private reconcile(at: number, out: CallEffect[]) {
    const seen = this.resync?.seen ?? new Set<string>();
    this.resync = null;
    for (const c of [...this.convs.values()]) {
      if (!seen.has(c.linkedid)) this.finish(c, Math.max(c.lastEventAt, at), null, out);
    }
    out.push({
      type: 'resynced',
      active: [...this.convs.values()].filter((c) => c.kind === 'call').map((c) => c.linkedid),
      at,
    });
  }

  /** FullyBooted with a short uptime: the PBX restarted, so nothing seen before its boot is still up. */
  private pbxBooted(uptimeSec: number, at: number, now: number, out: CallEffect[]) {
    const bootedAt = now - uptimeSec * 1000;
    for (const c of [...this.convs.values()]) {
      if (c.lastArrival < bootedAt - 1000) this.finish(c, Math.max(c.lastEventAt, at - uptimeSec * 1000), null, out);
    }
  }

  private originated(
    ev: Extract<TrackerEvent, { kind: 'OriginateResponse' }>,
    at: number,
    now: number,
    out: CallEffect[],
  ) {
    const meta = ev.actionId ? this.originates.get(ev.actionId) : undefined;
    if (!meta || !ev.actionId) return;
    this.originates.delete(ev.actionId);
    if (!ev.success) {
      out.push({
        type: 'originateFailed',
        actionId: ev.actionId,
        extension: meta.extension,
        callbackOf: meta.callbackOf,
      });
      return;
    }
    const linkedid = this.conversationOf(this.chanConv.get(ev.uniqueid) ?? ev.uniqueid);
    if (this.ended.has(linkedid)) return;
    let c = this.convs.get(linkedid);
    if (!c) {
      this.touch(
        {
          channel: ev.channel,
          uniqueid: ev.uniqueid,
          linkedid,
          state: 6,
          callerNum: '',
          connectedNum: '',
          context: '',
          exten: '',
          vars: new Map(),
        },
        at,
        now,
        out,
      );
      c = this.convs.get(linkedid);
    }
    if (!c || c.kind === 'call') return;
    c.kind = 'call';
    c.direction = 'outbound';
    c.callback = { extension: meta.extension, number: meta.number, callbackOf: meta.callbackOf };
    c.callerNumber = meta.number;
    out.push({ type: 'callStarted', call: this.snapshot(c, null) });
    if (c.earlyRemoteAnswer !== null) this.remoteAnswered(c, c.earlyRemoteAnswer, out);
  }

  private snapshot(c: Conv, end: { at: number; cause: number | null } | null): CallSnapshot {
    let holdMs = c.holdMs;
    for (const since of c.holds.values()) holdMs += Math.max(0, c.lastEventAt - since);
    return {
      linkedid: c.linkedid,
      direction: c.direction,
      lineCode: c.lineCode,
      callerNumber: c.callerNumber,
      callerIdRaw: c.callerIdRaw,
      startedAt: c.startedAt,
      answeredAt: c.answeredAt,
      endedAt: end?.at ?? null,
      hangupCause: end?.cause ?? null,
      extension: c.extension,
      queue: c.queue,
      abandoned: c.abandoned,
      rung: [...c.rung],
      legs: [...c.legs],
      holdMs,
      callbackOf: c.callback?.callbackOf ?? null,
    };
  }
}
