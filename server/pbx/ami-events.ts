// Decodes AMI frames into the typed events the call tracker understands; everything else is dropped here.
import { header, headers, type AmiFrame } from './ami-frames';

/** A channel as an event describes it (the "channel snapshot" block, optionally prefixed). */
export interface ChannelInfo {
  channel: string;
  uniqueid: string;
  linkedid: string;
  state: number;
  callerNum: string;
  connectedNum: string;
  context: string;
  exten: string;
  /** ChanVariable headers: NAME -> value (several per event are kept). */
  vars: Record<string, string>;
}

interface Base {
  /** When it happened: the event's Timestamp header, else when it arrived. */
  at: number;
  actionId?: string | undefined;
}

export type AmiEvent =
  | (Base & { kind: 'Newchannel'; ch: ChannelInfo })
  | (Base & { kind: 'Hangup'; ch: ChannelInfo; cause: number | null })
  | (Base & { kind: 'VarSet'; ch: ChannelInfo; variable: string; value: string })
  | (Base & { kind: 'DialBegin' | 'DialEnd'; ch: ChannelInfo | null; dest: ChannelInfo; status: string })
  | (Base & { kind: 'QueueCallerJoin' | 'QueueCallerLeave'; ch: ChannelInfo; queue: string })
  | (Base & { kind: 'QueueCallerAbandon'; ch: ChannelInfo; queue: string; holdTime: number | null })
  | (Base & {
      kind: 'AgentConnect' | 'AgentCalled';
      ch: ChannelInfo;
      dest: ChannelInfo | null;
      queue: string;
      iface: string;
    })
  | (Base & {
      kind: 'BlindTransfer';
      success: boolean;
      transferer: ChannelInfo | null;
      transferee: ChannelInfo | null;
      extension: string;
    })
  | (Base & {
      kind: 'AttendedTransfer';
      success: boolean;
      origTransferer: ChannelInfo | null;
      secondTransferer: ChannelInfo | null;
      transferee: ChannelInfo | null;
      target: ChannelInfo | null;
    })
  | (Base & {
      kind: 'CoreShowChannel';
      ch: ChannelInfo;
      bridgeId: string;
      application: string;
      /** Channel age in seconds. */
      duration: number;
    })
  | (Base & { kind: 'CoreShowChannelsComplete'; listItems: number })
  | (Base & { kind: 'OriginateResponse'; success: boolean; uniqueid: string; channel: string })
  | (Base & { kind: 'FullyBooted'; uptime: number | null })
  | (Base & { kind: 'Shutdown'; restart: boolean });

export type AmiEventKind = AmiEvent['kind'];

/**
 * The events worth a parse; the rest is skipped unparsed. Not here on purpose, because they change
 * no outcome: Newexten and Newstate (a fifth of all traffic): the line is read from Newchannel's Exten
 * (the DID as the carrier sent it) or SUPPORT_LINE; BridgeEnter: an answer is DialEnd ANSWER or
 * AgentConnect, and a resync reads BridgeId from the channel list.
 */
export const TRACKED_EVENTS: ReadonlySet<string> = new Set<AmiEventKind>([
  'Newchannel',
  'Hangup',
  'VarSet',
  'DialBegin',
  'DialEnd',
  'QueueCallerJoin',
  'QueueCallerLeave',
  'QueueCallerAbandon',
  'AgentConnect',
  'AgentCalled',
  'BlindTransfer',
  'AttendedTransfer',
  'CoreShowChannel',
  'CoreShowChannelsComplete',
  'OriginateResponse',
  'FullyBooted',
  'Shutdown',
]);

/** The only channel variables callog reads; VarSet for anything else is noise. */
export const VARS_OF_INTEREST = /^(__|_)?(SUPPORT_LINE|CALLOG_[A-Z_]+)$/;

/** Asterisk ids look like "1795884138.21" or "sys-1795884138.21"; anything else is not trusted. */
const ID = /^[\w.:@-]{1,80}$/;
const clip = (s: string | undefined, n: number) => (s === undefined ? '' : s.length > n ? s.slice(0, n) : s);
const num = (s: string | undefined): number | null => {
  if (s === undefined || s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

function channelInfo(f: AmiFrame, prefix: string): ChannelInfo | null {
  const uniqueid = header(f, `${prefix}uniqueid`);
  const linkedid = header(f, `${prefix}linkedid`);
  if (!uniqueid || !linkedid || !ID.test(uniqueid) || !ID.test(linkedid)) return null;
  const vars: Record<string, string> = {};
  for (const kv of headers(f, `${prefix}chanvariable`)) {
    const eq = kv.indexOf('=');
    if (eq > 0) vars[kv.slice(0, eq)] = clip(kv.slice(eq + 1), 80);
  }
  return {
    channel: clip(header(f, `${prefix}channel`), 200),
    uniqueid,
    linkedid,
    state: num(header(f, `${prefix}channelstate`)) ?? -1,
    callerNum: clip(header(f, `${prefix}calleridnum`), 64),
    connectedNum: clip(header(f, `${prefix}connectedlinenum`), 64),
    context: clip(header(f, `${prefix}context`), 80),
    exten: clip(header(f, `${prefix}exten`), 80),
    vars,
  };
}

/** "00:01:05" -> 65 */
function hms(s: string | undefined): number {
  if (!s) return 0;
  const parts = s.split(':').map(Number);
  if (parts.some((p) => !Number.isFinite(p))) return 0;
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/** Event time: Asterisk's Timestamp ("1795885498.938121", seconds) when sent, else arrival. */
function timeOf(f: AmiFrame, arrival: number): number {
  const ts = num(header(f, 'timestamp'));
  return ts !== null && ts > 1e9 ? Math.round(ts * 1000) : arrival;
}

/**
 * Frame -> typed event, or null when the event is of no interest or malformed (a channel event
 * without a usable Uniqueid/Linkedid cannot be placed in a conversation).
 */
export function decodeEvent(f: AmiFrame, arrival: number): AmiEvent | null {
  const name = header(f, 'event');
  if (!name || !TRACKED_EVENTS.has(name)) return null;
  const kind = name as AmiEventKind;
  const at = timeOf(f, arrival);
  const actionId = header(f, 'actionid');
  const base = { at, ...(actionId ? { actionId } : {}) };
  switch (kind) {
    case 'Newchannel': {
      const ch = channelInfo(f, '');
      return ch && { ...base, kind, ch };
    }
    case 'Hangup': {
      const ch = channelInfo(f, '');
      return ch && { ...base, kind, ch, cause: num(header(f, 'cause')) };
    }
    case 'VarSet': {
      const variable = header(f, 'variable') ?? '';
      if (!VARS_OF_INTEREST.test(variable)) return null;
      const ch = channelInfo(f, '');
      return ch && { ...base, kind, ch, variable: variable.replace(/^_+/, ''), value: clip(header(f, 'value'), 80) };
    }
    case 'DialBegin':
    case 'DialEnd': {
      const dest = channelInfo(f, 'dest');
      if (!dest) return null;
      return { ...base, kind, ch: channelInfo(f, ''), dest, status: header(f, 'dialstatus') ?? '' };
    }
    case 'QueueCallerJoin':
    case 'QueueCallerLeave': {
      const ch = channelInfo(f, '');
      return ch && { ...base, kind, ch, queue: clip(header(f, 'queue'), 80) };
    }
    case 'QueueCallerAbandon': {
      const ch = channelInfo(f, '');
      return ch && { ...base, kind, ch, queue: clip(header(f, 'queue'), 80), holdTime: num(header(f, 'holdtime')) };
    }
    case 'AgentConnect':
    case 'AgentCalled': {
      const ch = channelInfo(f, '');
      if (!ch) return null;
      return {
        ...base,
        kind,
        ch,
        dest: channelInfo(f, 'dest'),
        queue: clip(header(f, 'queue'), 80),
        iface: clip(header(f, 'interface'), 200),
      };
    }
    case 'BlindTransfer':
      return {
        ...base,
        kind,
        success: header(f, 'result') === 'Success',
        transferer: channelInfo(f, 'transferer'),
        transferee: channelInfo(f, 'transferee'),
        extension: clip(header(f, 'extension'), 80),
      };
    case 'AttendedTransfer':
      return {
        ...base,
        kind,
        success: header(f, 'result') === 'Success',
        origTransferer: channelInfo(f, 'origtransferer'),
        secondTransferer: channelInfo(f, 'secondtransferer'),
        transferee: channelInfo(f, 'transferee'),
        target: channelInfo(f, 'transfertarget'),
      };
    case 'CoreShowChannel': {
      const ch = channelInfo(f, '');
      if (!ch) return null;
      return {
        ...base,
        kind,
        ch,
        bridgeId: clip(header(f, 'bridgeid'), 80),
        application: clip(header(f, 'application'), 80),
        duration: hms(header(f, 'duration')),
      };
    }
    case 'CoreShowChannelsComplete':
      return { ...base, kind, listItems: num(header(f, 'listitems')) ?? 0 };
    case 'OriginateResponse':
      return {
        ...base,
        kind,
        success: header(f, 'response') === 'Success',
        uniqueid: clip(header(f, 'uniqueid'), 80),
        channel: clip(header(f, 'channel'), 200),
      };
    case 'FullyBooted':
      return { ...base, kind, uptime: num(header(f, 'uptime')) };
    case 'Shutdown':
      return { ...base, kind, restart: header(f, 'restart') === 'True' };
  }
}
