// The AMI stream as the client reads it: bytes -> frames -> typed events and responses.
// Untracked events (VarSet noise, device states, RTCP) are counted but never fully parsed.
import { AmiByteSplitter, frameText, header, parseFrame, type AmiFrame, type FrameView } from './ami-frames';
import type { TrackerEvent, TrackerEventKind } from '../tracker/events';
import { decodeEvent, TRACKED_EVENTS } from './ami-events';
import { FAST_EVENTS, scanEventAt } from './ami-scan';

export interface AmiStats {
  frames: number;
  events: number;
  decoded: number;
  malformed: number;
  oversized: number;
}

export interface AmiStreamHandlers {
  onEvent: (ev: TrackerEvent, arrival: number) => void;
  onResponse: (frame: AmiFrame) => void;
  /** An event carrying an ActionID (items of list actions). */
  onActionEvent?: (actionId: string, frame: AmiFrame) => void;

  onMalformed?: (sample: string, count: number) => void;
  onOversized?: (chars: number) => void;
}

export class AmiStream {
  readonly stats: AmiStats = { frames: 0, events: 0, decoded: 0, malformed: 0, oversized: 0 };
  /** Parse every event, not only tracked ones (while a list action waits for its items). */
  listing = false;
  private splitter: AmiByteSplitter;

  constructor(private readonly h: AmiStreamHandlers) {
    this.splitter = this.newSplitter();
  }

  /** Feeds a chunk received at `arrival` (epoch ms). */
  push(chunk: Buffer | string, arrival: number): void {
    this.splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, (buf, start, end) =>
      this.frame(buf, start, end, arrival),
    );
  }

  /** A new connection: forget any partial frame. */
  reset(): void {
    this.splitter = this.newSplitter();
  }

  private newSplitter() {
    return new AmiByteSplitter({
      onOversized: (bytes) => {
        this.stats.oversized++;
        this.h.onOversized?.(bytes);
      },
    });
  }

  private frame(v: FrameView, start: number, end: number, arrival: number) {
    this.stats.frames++;
    const str = v.str;
    if (str.startsWith('Event: ', start)) {
      this.stats.events++;
      const listing = this.listing;
      // VarSet is over half of all traffic; only our own variables are worth decoding.
      if (!listing && str.startsWith('VarSet\r', start + 7) && !ourVariable(str, start, end)) return;
      // The event name is ASCII: read it from the latin1 view, without decoding the frame.
      let nameEnd = str.indexOf('\n', start);
      if (nameEnd === -1 || nameEnd > end) nameEnd = end;
      if (str.charCodeAt(nameEnd - 1) === 13) nameEnd--;
      const name = str.slice(start + 7, nameEnd);
      if (!TRACKED_EVENTS.has(name) && !listing) return;
      if (!listing && !worthDecoding(name, str, start, end)) return;
      let ev: TrackerEvent | null;
      if (!listing && FAST_EVENTS.has(name)) {
        ev = scanEventAt(name as TrackerEventKind, v, start, end);
      } else {
        const frame = parseFrame(frameText(v, start, end));
        const actionId = header(frame, 'actionid');
        if (actionId) this.h.onActionEvent?.(actionId, frame);
        ev = decodeEvent(frame);
      }
      if (ev) {
        this.stats.decoded++;
        this.h.onEvent(ev, arrival);
      }
      return;
    }
    if (str.startsWith('Response:', start)) {
      this.h.onResponse(parseFrame(frameText(v, start, end)));
      return;
    }
    this.stats.malformed++;
    this.h.onMalformed?.(frameText(v, start, Math.min(end, start + 80)), this.stats.malformed);
  }
}

/**
 * Cheap checks on the raw text before decoding, for frames that cannot change the outcome: a
 * conversation is keyed on its root channel (Uniqueid = Linkedid), whose Newchannel and Hangup
 * matter; the legs appear in the dial events. Only an answered DialEnd moves a call.
 */
function worthDecoding(name: string, str: string, start: number, end: number): boolean {
  switch (name) {
    case 'VarSet':
      return ourVariable(str, start, end);
    case 'Newchannel':
    case 'Hangup':
      return isRoot(str, start, end);
    case 'DialEnd': {
      const at = str.lastIndexOf('\nDialStatus: ', end);
      return at > start && str.startsWith('ANSWER', at + 13);
    }
    default:
      return true;
  }
}

/** Uniqueid equals Linkedid in the frame's (first) channel block; true when unsure. */
function isRoot(str: string, start: number, end: number): boolean {
  const u = str.indexOf('\nUniqueid: ', start);
  const l = str.indexOf('\nLinkedid: ', start);
  if (u === -1 || l === -1 || u > end || l > end) return true;
  // The value runs to the end of its line (CRLF or LF), never past the frame's end.
  const valueEnd = (from: number) => {
    let e = str.indexOf('\n', from);
    if (e === -1 || e > end) e = end;
    return str.charCodeAt(e - 1) === 13 ? e - 1 : e;
  };
  const ue = valueEnd(u + 11);
  const le = valueEnd(l + 11);
  return ue - (u + 11) === le - (l + 11) && str.startsWith(str.slice(u + 11, ue), l + 11);
}

/** Whether a VarSet sets one of our variables (SUPPORT_LINE, FROM_DID, CALLOG_*), with or without "_"/"__". */
function ourVariable(str: string, start: number, end: number): boolean {
  // "Variable:" is near the end of a VarSet (before "Value:"): search backwards.
  const at = str.lastIndexOf('\nVariable: ', end);
  if (at === -1 || at < start) return false;
  let p = at + 11;
  if (str.charCodeAt(p) === 95) p++;
  if (str.charCodeAt(p) === 95) p++;
  return str.startsWith('SUPPORT_LINE', p) || str.startsWith('FROM_DID', p) || str.startsWith('CALLOG_', p);
}
