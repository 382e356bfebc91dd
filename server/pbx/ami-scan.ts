// Fast path for the frequent channel events: one pass over the frame text into a fixed-shape record,
// slicing only the values the tracker reads. Rare events (transfers, originate, boot) go through the
// generic parser instead. Keys are matched as Asterisk writes them (its AMI key spelling is fixed).
import { frameBytes, type FrameView } from './ami-frames';
import type { ChannelInfo, TrackerEvent, TrackerEventKind } from '../tracker/events';
import { TRACKED_VARIABLES } from '../tracker/events';
import { channelVars, pbxTime } from './ami-events';

/** Events the fast path decodes; anything else takes the generic path. */
export const FAST_EVENTS: ReadonlySet<string> = new Set<TrackerEventKind>([
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
  'CoreShowChannel',
]);

class Snap {
  channel = '';
  state = '';
  callerNum = '';
  connectedNum = '';
  context = '';
  exten = '';
  uniqueid = '';
  linkedid = '';
  vars: string[] | null = null;
}

class Scan {
  readonly ch = new Snap();
  readonly dest = new Snap();
  actionId = '';
  timestamp = '';
  dialStatus = '';
  cause = '';
  queue = '';
  iface = '';
  holdTime = '';
  variable = '';
  value = '';
  bridgeId = '';
  application = '';
  duration = '';
}

/** Asterisk ids: "1795884138.21", "sys-1795884138.21" (letters, digits, . : @ - _); checked without a regex. */
function validId(id: string): boolean {
  const n = id.length;
  if (n === 0 || n > 80) return false;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 58) || // 0-9 :
      (c >= 64 && c <= 90) || // @ A-Z
      (c >= 97 && c <= 122) || // a-z
      c === 46 || // .
      c === 45 || // -
      c === 95; // _
    if (!ok) return false;
  }
  return true;
}

const NO_VARS: ReadonlyMap<string, string> = new Map();
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * A frame's text: either already UTF-8 decoded, or its latin1 reading (offsets = byte offsets), in
 * which case a value with non-ASCII bytes is decoded from the bytes.
 */
class Reader {
  constructor(
    readonly str: string,
    readonly to: number,
    private readonly bytes: Buffer | null,
  ) {}

  /** End of the line starting at or after `from` (without its CR), and where the next line starts. */
  lineEnd(from: number): number {
    const e = this.str.indexOf('\n', from);
    return e === -1 || e > this.to ? this.to : e;
  }

  val(a: number, b: number): string {
    const v = this.str.slice(a, b);
    return this.bytes && NON_ASCII.test(v) ? this.bytes.toString('utf8', a, b) : v;
  }
}

// Asterisk writes a channel snapshot block with these keys in this order (then ChanVariable lines).
const BLOCK = [
  'Channel',
  'ChannelState',
  'ChannelStateDesc',
  'CallerIDNum',
  'CallerIDName',
  'ConnectedLineNum',
  'ConnectedLineName',
  'Language',
  'AccountCode',
  'Context',
  'Exten',
  'Priority',
  'Uniqueid',
  'Linkedid',
] as const;
const keysOf = (prefix: string) => BLOCK.map((k) => `${prefix}${k}: `);
const PLAIN_KEYS = keysOf('');
const DEST_KEYS = keysOf('Dest');
const PLAIN_VAR = 'ChanVariable: ';
const DEST_VAR = 'DestChanVariable: ';

/**
 * Reads a whole snapshot block in Asterisk's order from `pos`; the position after it, or -1 when the
 * block is not in that order (then the line-by-line scan reads it).
 */
function readBlock(r: Reader, pos: number, snap: Snap, keys: string[], varKey: string): number {
  const raw = r.str;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!raw.startsWith(key, pos)) return -1;
    const v = pos + key.length;
    const eol = r.lineEnd(v);
    const end = raw.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    switch (i) {
      case 0:
        snap.channel = r.val(v, end);
        break;
      case 1:
        snap.state = r.val(v, end);
        break;
      case 3:
        snap.callerNum = r.val(v, end);
        break;
      case 5:
        snap.connectedNum = r.val(v, end);
        break;
      case 9:
        snap.context = r.val(v, end);
        break;
      case 10:
        snap.exten = r.val(v, end);
        break;
      case 12:
        snap.uniqueid = r.val(v, end);
        break;
      case 13:
        snap.linkedid = r.val(v, end);
        break;
    }
    pos = eol + 1;
  }
  while (pos < r.to && raw.startsWith(varKey, pos)) {
    const v = pos + varKey.length;
    const eol = r.lineEnd(v);
    (snap.vars ??= []).push(r.val(v, raw.charCodeAt(eol - 1) === 13 ? eol - 1 : eol));
    pos = eol + 1;
  }
  return pos;
}

/** One pass over the lines; keys are matched in place (no key strings are allocated). */
function scan(r: Reader, from: number): Scan {
  const s = new Scan();
  const raw = r.str;
  const len = r.to;
  let pos = r.lineEnd(from) + 1; // the first line is "Event: X"
  while (pos > from && pos < len) {
    // Fast: a snapshot block in Asterisk's order.
    const c0 = raw.charCodeAt(pos);
    if (c0 === 67 /* C */ && raw.startsWith('Channel: ', pos)) {
      const next = readBlock(r, pos, s.ch, PLAIN_KEYS, PLAIN_VAR);
      if (next !== -1) {
        pos = next;
        continue;
      }
    } else if (c0 === 68 /* D */ && raw.startsWith('DestChannel: ', pos)) {
      const next = readBlock(r, pos, s.dest, DEST_KEYS, DEST_VAR);
      if (next !== -1) {
        pos = next;
        continue;
      }
    }
    const eol = r.lineEnd(pos);
    const end = raw.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    const colon = raw.indexOf(':', pos);
    if (colon !== -1 && colon < end) {
      let k = pos;
      let snap = s.ch;
      // "DestChannel", "DestUniqueid", ...: the dialled channel's snapshot.
      if (raw.charCodeAt(k) === 68 && colon - k > 4 && raw.startsWith('Dest', k)) {
        snap = s.dest;
        k += 4;
      }
      const v = colon + 1 < end && raw.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      switch (colon - k) {
        case 5:
          if (raw.startsWith('Exten', k)) snap.exten = r.val(v, end);
          else if (raw.startsWith('Cause', k)) s.cause = r.val(v, end);
          else if (raw.startsWith('Queue', k)) s.queue = r.val(v, end);
          else if (raw.startsWith('Value', k)) s.value = r.val(v, end);
          break;
        case 7:
          if (raw.startsWith('Channel', k)) snap.channel = r.val(v, end);
          else if (raw.startsWith('Context', k)) snap.context = r.val(v, end);
          break;
        case 8:
          if (raw.startsWith('Uniqueid', k)) snap.uniqueid = r.val(v, end);
          else if (raw.startsWith('Linkedid', k)) snap.linkedid = r.val(v, end);
          else if (raw.startsWith('ActionID', k)) s.actionId = r.val(v, end);
          else if (raw.startsWith('HoldTime', k)) s.holdTime = r.val(v, end);
          else if (raw.startsWith('Variable', k)) s.variable = r.val(v, end);
          else if (raw.startsWith('BridgeId', k)) s.bridgeId = r.val(v, end);
          else if (raw.startsWith('Duration', k)) s.duration = r.val(v, end);
          break;
        case 9:
          if (raw.startsWith('Timestamp', k)) s.timestamp = r.val(v, end);
          else if (raw.startsWith('Interface', k)) s.iface = r.val(v, end);
          break;
        case 10:
          if (raw.startsWith('DialStatus', k)) s.dialStatus = r.val(v, end);
          break;
        case 11:
          if (raw.startsWith('CallerIDNum', k)) snap.callerNum = r.val(v, end);
          else if (raw.startsWith('Application', k)) s.application = r.val(v, end);
          break;
        case 12:
          if (raw.startsWith('ChannelState', k)) snap.state = r.val(v, end);
          else if (raw.startsWith('ChanVariable', k)) (snap.vars ??= []).push(r.val(v, end));
          break;
        case 16:
          if (raw.startsWith('ConnectedLineNum', k)) snap.connectedNum = r.val(v, end);
          break;
      }
    }
    pos = eol + 1;
  }
  return s;
}

function info(c: Snap): ChannelInfo | null {
  if (!validId(c.uniqueid) || !validId(c.linkedid)) return null;
  const vars = c.vars ? channelVars(c.vars) : NO_VARS;
  const state = c.state === '' ? -1 : Number(c.state);
  return {
    channel: clip(c.channel, 200),
    uniqueid: c.uniqueid,
    linkedid: c.linkedid,
    state: Number.isFinite(state) ? state : -1,
    callerNum: clip(c.callerNum, 200),
    connectedNum: clip(c.connectedNum, 64),
    context: clip(c.context, 80),
    exten: clip(c.exten, 80),
    vars,
  };
}

const num = (s: string): number | null => {
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

function hms(s: string): number {
  if (!s) return 0;
  let total = 0;
  for (const p of s.split(':')) {
    const n = Number(p);
    if (!Number.isFinite(n)) return 0;
    total = total * 60 + n;
  }
  return total;
}

/** Decodes a frequent channel event straight from its text; null when malformed. */
export function scanEvent(kind: TrackerEventKind, raw: string): TrackerEvent | null {
  return decodeScan(kind, scan(new Reader(raw, raw.length, null), 0));
}

/**
 * The same from a chunk's bytes: the frame is copied once as latin1 (its own string, so the values
 * the tracker keeps do not pin the whole chunk) and only non-ASCII values are decoded as UTF-8.
 */
export function scanEventAt(kind: TrackerEventKind, view: FrameView, start: number, end: number) {
  const bytes = frameBytes(view, start, end);
  const str = bytes.toString('latin1');
  return decodeScan(kind, scan(new Reader(str, str.length, bytes), 0));
}

function decodeScan(kind: TrackerEventKind, s: Scan): TrackerEvent | null {
  const ts = pbxTime(s.timestamp || undefined);
  const actionId = s.actionId || undefined;
  switch (kind) {
    case 'Newchannel': {
      const ch = info(s.ch);
      return ch && { kind, ts, actionId, ch };
    }
    case 'Hangup': {
      const ch = info(s.ch);
      return ch && { kind, ts, actionId, ch, cause: num(s.cause) };
    }
    case 'VarSet': {
      if (!TRACKED_VARIABLES.test(s.variable)) return null;
      const ch = info(s.ch);
      return ch && { kind, ts, actionId, ch, variable: s.variable.replace(/^_+/, ''), value: clip(s.value, 80) };
    }
    case 'DialBegin':
    case 'DialEnd': {
      const dest = info(s.dest);
      return dest && { kind, ts, actionId, ch: info(s.ch), dest, status: s.dialStatus };
    }
    case 'QueueCallerJoin':
    case 'QueueCallerLeave': {
      const ch = info(s.ch);
      return ch && { kind, ts, actionId, ch, queue: clip(s.queue, 80) };
    }
    case 'QueueCallerAbandon': {
      const ch = info(s.ch);
      return ch && { kind, ts, actionId, ch, queue: clip(s.queue, 80), holdTime: num(s.holdTime) };
    }
    case 'AgentConnect':
    case 'AgentCalled': {
      const ch = info(s.ch);
      return ch && { kind, ts, actionId, ch, dest: info(s.dest), queue: clip(s.queue, 80), iface: clip(s.iface, 200) };
    }
    case 'CoreShowChannel': {
      const ch = info(s.ch);
      return (
        ch && {
          kind,
          ts,
          actionId,
          ch,
          bridgeId: clip(s.bridgeId, 80),
          application: clip(s.application, 80),
          duration: hms(s.duration),
        }
      );
    }
    case 'BlindTransfer':
    case 'AttendedTransfer':
    case 'Pickup':
    case 'ParkedCall':
    case 'UnParkedCall':
    case 'ParkedCallTimeOut':
    case 'ParkedCallGiveUp':
    case 'Hold':
    case 'Unhold':
    case 'Clock':
    case 'CoreShowChannelsComplete':
    case 'OriginateResponse':
    case 'FullyBooted':
    case 'Shutdown':
      // Rare events: the generic decoder reads them.
      return null;
  }
}
