// Decodes AMI frames into the tracker's events (tracker/events.ts); everything else is dropped here.
import type { ChannelInfo, TrackerEvent, TrackerEventKind } from '../tracker/events';
import { TRACKED_VARIABLES } from '../tracker/events';
import { header, headers, type AmiFrame } from './ami-frames';

/**
 * The events worth a parse; the rest is skipped unparsed. Not here on purpose, because they change
 * no outcome: Newexten and Newstate (a fifth of all traffic): the line is read from Newchannel's Exten
 * (the DID as the carrier sent it) or SUPPORT_LINE; BridgeEnter: an answer is DialEnd ANSWER on the
 * caller's channel, AgentConnect, Pickup or UnParkedCall, and a resync reads BridgeId from the list.
 */
export const TRACKED_EVENTS: ReadonlySet<string> = new Set<TrackerEventKind>([
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
  'Pickup',
  'ParkedCall',
  'UnParkedCall',
  'ParkedCallTimeOut',
  'ParkedCallGiveUp',
  'Hold',
  'Unhold',
  'CoreShowChannel',
  'CoreShowChannelsComplete',
  'OriginateResponse',
  'FullyBooted',
  'Shutdown',
]);

/** Asterisk ids look like "1795884138.21" or "sys-1795884138.21"; anything else is not trusted. */
const ID = /^[\w.:@-]{1,80}$/;
const clip = (s: string | undefined, n: number) => (s === undefined ? '' : s.length > n ? s.slice(0, n) : s);
const num = (s: string | undefined): number | null => {
  if (s === undefined || s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** "NAME=value" ChanVariable lines -> a map (names are data: no object keys). */
export function channelVars(lines: readonly string[]): ReadonlyMap<string, string> {
  const vars = new Map<string, string>();
  for (const kv of lines) {
    const eq = kv.indexOf('=');
    if (eq > 0) vars.set(kv.slice(0, eq), clip(kv.slice(eq + 1), 80));
  }
  return vars;
}

/** A channel snapshot block, optionally prefixed ("Dest", "Parkee", ...); null without usable ids. */
function channelInfo(f: AmiFrame, prefix: string): ChannelInfo | null {
  const uniqueid = header(f, `${prefix}uniqueid`);
  const linkedid = header(f, `${prefix}linkedid`);
  if (!uniqueid || !linkedid || !ID.test(uniqueid) || !ID.test(linkedid)) return null;
  return {
    channel: clip(header(f, `${prefix}channel`), 200),
    uniqueid,
    linkedid,
    state: num(header(f, `${prefix}channelstate`)) ?? -1,
    // Caller IDs can be anything a carrier sends: kept (cut) here, judged by the tracker.
    callerNum: clip(header(f, `${prefix}calleridnum`), 200),
    connectedNum: clip(header(f, `${prefix}connectedlinenum`), 64),
    context: clip(header(f, `${prefix}context`), 80),
    exten: clip(header(f, `${prefix}exten`), 80),
    vars: channelVars(headers(f, `${prefix}chanvariable`)),
  };
}

/** "00:01:05" -> 65 */
function hms(s: string | undefined): number {
  if (!s) return 0;
  const parts = s.split(':').map(Number);
  if (parts.some((p) => !Number.isFinite(p))) return 0;
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/** Asterisk's Timestamp ("1795885498.938121", seconds) as epoch ms, or null when it sent none. */
export function pbxTime(value: string | undefined): number | null {
  const ts = num(value);
  return ts !== null && ts > 1e9 ? Math.round(ts * 1000) : null;
}

/**
 * Frame -> tracker event, or null when the event is of no interest or malformed (a channel event
 * without a usable Uniqueid/Linkedid cannot be placed in a conversation).
 */
export function decodeEvent(f: AmiFrame): TrackerEvent | null {
  const name = header(f, 'event');
  if (!name || !TRACKED_EVENTS.has(name)) return null;
  const kind = name as TrackerEventKind;
  const actionId = header(f, 'actionid');
  const base = { ts: pbxTime(header(f, 'timestamp')), ...(actionId ? { actionId } : {}) };
  switch (kind) {
    case 'Newchannel':
    case 'Hold':
    case 'Unhold': {
      const ch = channelInfo(f, '');
      return ch && { ...base, kind, ch };
    }
    case 'Hangup': {
      const ch = channelInfo(f, '');
      return ch && { ...base, kind, ch, cause: num(header(f, 'cause')) };
    }
    case 'VarSet': {
      const variable = header(f, 'variable') ?? '';
      if (!TRACKED_VARIABLES.test(variable)) return null;
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
    case 'Pickup': {
      const ch = channelInfo(f, '');
      const target = channelInfo(f, 'target');
      return ch && target && { ...base, kind, ch, target };
    }
    case 'ParkedCall':
    case 'UnParkedCall':
    case 'ParkedCallTimeOut':
    case 'ParkedCallGiveUp': {
      const parkee = channelInfo(f, 'parkee');
      if (!parkee) return null;
      return {
        ...base,
        kind,
        parkee,
        retriever: channelInfo(f, 'retriever'),
        parkerDialString: clip(header(f, 'parkerdialstring'), 200),
      };
    }
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
    case 'Clock':
      return null;
  }
}
