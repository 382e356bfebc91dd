// The call tracker: AMI events in, call effects out. No I/O and no clock of its own (time comes in
// with each event), so replays are deterministic; repeated or late events change nothing, and a
// finished call stays finished. One conversation = one Asterisk Linkedid.
import { nationalNumber } from '../../shared/phone';
import type { AmiEvent, ChannelInfo } from '../pbx/ami-events';
import { extensionOf } from './channel-name';
import type { CallEffect, CallSnapshot, TrackerConfig } from './tracker-types';

export type { CallEffect, CallSnapshot, TrackerConfig } from './tracker-types';

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
  callerNumber: string | null;
  lineCode: string | null;
  startedAt: number;
  answeredAt: number | null;
  extension: string | null;
  queue: string | null;
  abandoned: boolean;
  rung: Set<string>;
  legs: CallSnapshot['legs'];
  channels: Map<string, Chan>;
  /** Dialled channels whose answer was already counted: a repeat cannot move the call back. */
  answeredLegs: Set<string>;
  hungUp: Set<string>;
  callback: { extension: string; number: string; callbackOf: number | null } | null;
  /** An answer seen before we knew the call was ours (line known later, resync order). */
  earlyAnswer: { ext: string; at: number; leg: string } | null;
  /** Remote answer of an outbound call seen before the originate was confirmed. */
  earlyRemoteAnswer: number | null;
  lastEventAt: number;
  lastArrival: number;
}

const ENDED_MEMORY = 20_000;
const PENDING_TTL_MS = 2 * 3600_000;

export class CallTracker {
  private readonly convs = new Map<string, Conv>();
  /** uniqueid -> linkedid: a channel may move to another conversation (bridging, transfers). */
  private readonly chanConv = new Map<string, string>();
  /** Recently finished conversations: their late events are ignored. */
  private readonly ended = new Set<string>();
  private readonly originates = new Map<
    string,
    { extension: string; number: string; callbackOf: number | null; at: number }
  >();
  private resync: { actionId: string; seen: Set<string> } | null = null;
  private lineByCode = new Map<string, string>();
  private lineByDid = new Map<string, string>();

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

  /** Handles one event; `now` is the arrival time. Returns what changed for the desk. */
  handle(ev: AmiEvent, now: number): CallEffect[] {
    const out: CallEffect[] = [];
    switch (ev.kind) {
      case 'Newchannel':
      case 'VarSet': {
        const c = this.touch(ev.ch, ev.at, now, out);
        if (c && ev.kind === 'VarSet' && ev.variable === 'SUPPORT_LINE') this.classify(c, ev.value, ev.at, out);
        break;
      }
      case 'DialBegin': {
        const c = this.touch(ev.dest, ev.at, now, out);
        if (ev.ch) this.touch(ev.ch, ev.at, now, out);
        const ext = extensionOf(ev.dest.channel);
        if (c && ext && c.direction === 'inbound') c.rung.add(ext);
        break;
      }
      case 'DialEnd': {
        const c = this.touch(ev.dest, ev.at, now, out);
        if (ev.ch) this.touch(ev.ch, ev.at, now, out);
        if (!c || ev.status !== 'ANSWER') break;
        const isOutbound = c.direction === 'outbound' || c.callback !== null;
        if (isOutbound) {
          // Outbound: the remote party answered when the specialist's own channel (the root) gets ANSWER.
          if (ev.ch && ev.ch.uniqueid === c.rootUniqueid && !extensionOf(ev.dest.channel)) {
            this.remoteAnswered(c, ev.at, out);
          }
        } else {
          const ext = extensionOf(ev.dest.channel);
          if (ext) this.answer(c, ext, ev.at, ev.dest.uniqueid, out);
        }
        break;
      }
      case 'AgentCalled': {
        const c = this.touch(ev.ch, ev.at, now, out);
        const ext = extensionOf(ev.dest?.channel) ?? extensionOf(ev.iface);
        if (c && ext) c.rung.add(ext);
        break;
      }
      case 'AgentConnect': {
        const c = this.touch(ev.ch, ev.at, now, out);
        if (ev.dest) this.touch(ev.dest, ev.at, now, out);
        const ext = extensionOf(ev.dest?.channel) ?? extensionOf(ev.iface);
        if (c && ext) this.answer(c, ext, ev.at, ev.dest?.uniqueid ?? `agent:${ext}`, out);
        break;
      }
      case 'QueueCallerJoin':
      case 'QueueCallerLeave': {
        const c = this.touch(ev.ch, ev.at, now, out);
        if (c && ev.queue) c.queue = ev.queue;
        break;
      }
      case 'QueueCallerAbandon': {
        const c = this.touch(ev.ch, ev.at, now, out);
        if (c) {
          c.queue = ev.queue || c.queue;
          c.abandoned = true;
        }
        break;
      }
      case 'BlindTransfer':
        // The new owner is known when the target answers (a new DialEnd ANSWER on the caller's side).
        if (ev.transferer) this.touch(ev.transferer, ev.at, now, out);
        if (ev.transferee) this.touch(ev.transferee, ev.at, now, out);
        break;
      case 'AttendedTransfer':
        this.attendedTransfer(ev, now, out);
        break;
      case 'Hangup':
        this.hangup(ev.ch, ev.cause, ev.at, now, out);
        break;
      case 'CoreShowChannel':
        this.listed(ev, now, out);
        break;
      case 'CoreShowChannelsComplete':
        if (this.resync && ev.actionId === this.resync.actionId) this.reconcile(ev.at, out);
        break;
      case 'OriginateResponse':
        this.originated(ev, now, out);
        break;
      case 'FullyBooted':
        if (ev.uptime !== null) this.pbxBooted(ev.uptime, ev.at, now, out);
        break;
      case 'Shutdown':
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

  private touch(ch: ChannelInfo, at: number, now: number, out: CallEffect[]): Conv | null {
    if (this.ended.has(ch.linkedid)) return null;
    let c = this.convs.get(ch.linkedid);
    if (!c) {
      c = {
        linkedid: ch.linkedid,
        kind: 'pending',
        direction: 'inbound',
        rootUniqueid: null,
        callerNumber: null,
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
        callback: null,
        earlyAnswer: null,
        earlyRemoteAnswer: null,
        lastEventAt: at,
        lastArrival: now,
      };
      this.convs.set(ch.linkedid, c);
    }
    c.lastEventAt = Math.max(c.lastEventAt, at);
    c.lastArrival = now;
    if (c.hungUp.has(ch.uniqueid)) return c;
    const prevConv = this.chanConv.get(ch.uniqueid);
    if (prevConv !== ch.linkedid) {
      if (prevConv) this.convs.get(prevConv)?.channels.delete(ch.uniqueid);
      this.chanConv.set(ch.uniqueid, ch.linkedid);
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
    if (ch.uniqueid === ch.linkedid) {
      c.rootUniqueid = ch.uniqueid;
      if (!c.callerNumber && ch.callerNum && ch.callerNum !== '<unknown>') c.callerNumber = ch.callerNum;
      if (c.kind === 'pending' && !c.callback) this.classify(c, ch.exten, at, out);
    }
    const line = ch.vars['SUPPORT_LINE'];
    if (line && c.kind === 'pending') this.classify(c, line, at, out);
    return c;
  }

  /** A conversation becomes a support call once something names one of our lines. */
  private classify(c: Conv, hint: string, at: number, out: CallEffect[]) {
    if (c.kind !== 'pending' || !hint) return;
    const code = this.lineByCode.get(hint) ?? this.lineByDid.get(nationalNumber(hint) ?? '');
    if (!code) return;
    c.kind = 'call';
    c.lineCode = code;
    out.push({ type: 'callStarted', call: this.snapshot(c, null) });
    if (c.earlyAnswer) {
      const { ext, at: answeredAt, leg } = c.earlyAnswer;
      c.earlyAnswer = null;
      this.answer(c, ext, answeredAt, leg, out);
    }
    this.inferAnswer(c, at, out);
  }

  private answer(c: Conv, ext: string, at: number, leg: string, out: CallEffect[]) {
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
      const from = c.extension;
      c.extension = ext;
      c.legs.push({ at, extension: ext, kind: 'transfer' });
      out.push({ type: 'callTransferred', call: this.snapshot(c, null), from, to: ext });
    }
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
      this.answer(c, ch.ext, ch.createdAt ?? at, uid, out);
      return;
    }
  }

  private attendedTransfer(ev: Extract<AmiEvent, { kind: 'AttendedTransfer' }>, now: number, out: CallEffect[]) {
    const parties: [ChannelInfo | null, ChannelInfo | null][] = [
      [ev.transferee, ev.target],
      [ev.target, ev.transferee],
    ];
    for (const ch of [ev.origTransferer, ev.secondTransferer, ev.transferee, ev.target]) {
      if (ch) this.touch(ch, ev.at, now, out);
    }
    if (!ev.success) return;
    // The support call is on one side; the specialist on the other side now has it.
    for (const [callSide, otherSide] of parties) {
      if (!callSide || !otherSide) continue;
      const c = this.convs.get(callSide.linkedid) ?? this.convs.get(this.chanConv.get(callSide.uniqueid) ?? '');
      const ext = extensionOf(otherSide.channel);
      if (c?.kind === 'call' && c.answeredAt !== null && ext) {
        this.answer(c, ext, ev.at, `xfer:${otherSide.uniqueid}`, out);
        return;
      }
    }
  }

  private hangup(ch: ChannelInfo, cause: number | null, at: number, now: number, out: CallEffect[]) {
    const c = this.touch(ch, at, now, out);
    if (!c) return;
    c.channels.delete(ch.uniqueid);
    c.hungUp.add(ch.uniqueid);
    this.chanConv.delete(ch.uniqueid);
    const rootGone = ch.uniqueid === c.rootUniqueid;
    if (rootGone || (c.rootUniqueid === null && c.channels.size === 0)) this.finish(c, at, cause, out);
  }

  private finish(c: Conv, at: number, cause: number | null, out: CallEffect[]) {
    if (c.kind === 'call') out.push({ type: 'callEnded', call: this.snapshot(c, { at, cause }) });
    this.forget(c);
    this.ended.add(c.linkedid);
    if (this.ended.size > ENDED_MEMORY) {
      const oldest = this.ended.values().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
  }

  private forget(c: Conv) {
    for (const uid of c.channels.keys()) this.chanConv.delete(uid);
    this.convs.delete(c.linkedid);
  }

  private listed(ev: Extract<AmiEvent, { kind: 'CoreShowChannel' }>, now: number, out: CallEffect[]) {
    const fresh = !this.convs.has(ev.ch.linkedid);
    const createdAt = ev.at - ev.duration * 1000;
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
    this.inferAnswer(c, ev.at, out);
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

  private originated(ev: Extract<AmiEvent, { kind: 'OriginateResponse' }>, now: number, out: CallEffect[]) {
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
    const linkedid = this.chanConv.get(ev.uniqueid) ?? ev.uniqueid;
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
          vars: {},
        },
        ev.at,
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
    return {
      linkedid: c.linkedid,
      direction: c.direction,
      lineCode: c.lineCode,
      callerNumber: c.callerNumber,
      startedAt: c.startedAt,
      answeredAt: c.answeredAt,
      endedAt: end?.at ?? null,
      hangupCause: end?.cause ?? null,
      extension: c.extension,
      queue: c.queue,
      abandoned: c.abandoned,
      rung: [...c.rung],
      legs: [...c.legs],
      callbackOf: c.callback?.callbackOf ?? null,
    };
  }
}
