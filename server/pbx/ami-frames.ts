// AMI wire format: bytes -> frames ("Key: Value" lines ended by a blank line) -> header maps.
import { StringDecoder } from 'node:string_decoder';

/** A parsed AMI message; keys lower-cased; a repeated key (ChanVariable, Output) keeps every value. */
export type AmiFrame = Record<string, string | string[]>;

export interface SplitterOptions {
  /** A frame longer than this is dropped (the peer is broken or hostile), never buffered without end. */
  maxFrameChars?: number;
  onBanner?: (banner: string) => void;
  onOversized?: (chars: number) => void;
}

const DEFAULT_MAX_FRAME = 4 * 1024 * 1024;

/**
 * Splits the AMI byte stream into raw frames. Asterisk ends lines with CRLF; a peer that sends bare
 * LF is recognised from its first line. UTF-8 split across TCP reads is reassembled.
 */
export class AmiSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private buf = '';
  private sep: string | undefined;
  private skipping = false;
  private readonly max: number;

  constructor(private readonly opts: SplitterOptions = {}) {
    this.max = opts.maxFrameChars ?? DEFAULT_MAX_FRAME;
  }

  /** Appends a chunk; calls `onFrame` with every complete frame (without its blank line). */
  push(chunk: Buffer | string, onFrame: (raw: string) => void): void {
    this.buf += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (this.sep === undefined && !this.detect()) return;
    const sep = this.sep!;
    let start = 0;
    for (;;) {
      const end = this.buf.indexOf(sep, start);
      if (end === -1) break;
      start = skipLineEnds(this.buf, start, end);
      if (this.skipping) {
        this.skipping = false;
      } else if (end > start) {
        onFrame(this.buf.slice(start, end));
      }
      start = end + sep.length;
    }
    this.buf = start ? this.buf.slice(start) : this.buf;
    if (this.buf.length > this.max) {
      // No end in sight: drop what we have and everything up to the next frame boundary.
      this.opts.onOversized?.(this.buf.length);
      this.buf = this.buf.slice(-(sep.length - 1));
      this.skipping = true;
    }
  }

  /** Forgets a partial frame (the connection closed mid-frame). */
  reset(): void {
    this.buf = '';
    this.sep = undefined;
    this.skipping = false;
  }

  /** Reads the greeting line and decides the line ending; false until a whole line is there. */
  private detect(): boolean {
    const nl = this.buf.indexOf('\n');
    if (nl === -1) {
      if (this.buf.length > 1024) {
        this.sep = '\r\n\r\n';
        return true;
      }
      return false;
    }
    const crlf = nl > 0 && this.buf.charCodeAt(nl - 1) === 13;
    this.sep = crlf ? '\r\n\r\n' : '\n\n';
    const first = this.buf.slice(0, crlf ? nl - 1 : nl);
    if (first.startsWith('Asterisk Call Manager')) {
      this.opts.onBanner?.(first);
      this.buf = this.buf.slice(nl + 1);
    }
    return true;
  }
}

/**
 * Splits the AMI byte stream into frames without UTF-8 decoding it. Chunks are read as latin1 (one
 * byte, one character, so string offsets are byte offsets, and V8 searches such strings fast); the
 * frame end is ASCII, so no frame cuts a UTF-8 character, and a frame is decoded as UTF-8 only when
 * somebody needs it (`text`). `onFrame(view, start, end)` ranges are valid only during the call.
 */
export class AmiByteSplitter {
  private pendingBuf: Buffer | null = null;
  private pendingStr = '';
  private sep: string | undefined;
  private skipping = false;
  private readonly max: number;

  constructor(
    private readonly opts: {
      maxFrameBytes?: number;
      onBanner?: (b: string) => void;
      onOversized?: (bytes: number) => void;
    } = {},
  ) {
    this.max = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME;
  }

  push(chunk: Buffer, onFrame: (view: FrameView, start: number, end: number) => void): void {
    // Only the (small) unfinished frame is copied, never the whole new chunk: see FrameView.
    let head = this.pendingBuf ?? EMPTY;
    let buf = chunk;
    let str = this.pendingStr + chunk.toString('latin1');
    this.pendingBuf = null;
    this.pendingStr = '';
    if (!this.sep) {
      const nl = str.indexOf('\n');
      if (nl === -1) {
        if (str.length <= 1024) {
          this.keep(head, buf, str, 0);
          return;
        }
        this.sep = '\r\n\r\n';
      } else {
        const crlf = nl > 0 && str.charCodeAt(nl - 1) === 13;
        this.sep = crlf ? '\r\n\r\n' : '\n\n';
        const whole = Buffer.concat([head, buf]);
        const first = whole.toString('utf8', 0, crlf ? nl - 1 : nl);
        if (first.startsWith('Asterisk Call Manager')) {
          this.opts.onBanner?.(first);
          head = EMPTY;
          buf = whole.subarray(nl + 1);
          str = str.slice(nl + 1);
        }
      }
    }
    const sep = this.sep;
    const view: FrameView = { str, head, buf };
    let start = 0;
    for (let end = str.indexOf(sep, start); end !== -1; end = str.indexOf(sep, start)) {
      start = skipLineEnds(str, start, end);
      if (this.skipping) this.skipping = false;
      else if (end > start) onFrame(view, start, end);
      start = end + sep.length;
    }
    const rest = str.length - start;
    if (rest > this.max) {
      // No end in sight: drop it and everything up to the next frame boundary.
      this.opts.onOversized?.(rest);
      this.keep(head, buf, str, str.length - (sep.length - 1));
      this.skipping = true;
    } else if (rest > 0) {
      this.keep(head, buf, str, start);
    }
  }

  reset(): void {
    this.pendingBuf = null;
    this.pendingStr = '';
    this.sep = undefined;
    this.skipping = false;
  }

  private keep(head: Buffer, buf: Buffer, str: string, from: number) {
    // Copy: the caller may reuse the chunk's memory.
    this.pendingBuf = Buffer.from(frameBytes({ str, head, buf }, from, str.length));
    this.pendingStr = str.slice(from);
  }
}

const EMPTY = Buffer.alloc(0);

/**
 * Where a frame really starts: past stray line ends before it (one blank line too many after the
 * frame before, a keep-alive). Without this the next frame began with CRLF, was not recognised as
 * an event and was lost (found by fuzzing: any valid event after an extra blank line vanished).
 */
function skipLineEnds(s: string, start: number, end: number): number {
  while (start < end) {
    const c = s.charCodeAt(start);
    if (c !== 13 && c !== 10) break;
    start++;
  }
  return start;
}

/** The bytes of a chunk (after the unfinished frame of the one before) and their latin1 reading. */
export interface FrameView {
  /** latin1 reading of head + buf: offsets are byte offsets. */
  str: string;
  head: Buffer;
  buf: Buffer;
}

/** A frame's bytes (a view of the chunk when possible). */
export function frameBytes(v: FrameView, start: number, end: number): Buffer {
  const h = v.head.length;
  if (start >= h) return v.buf.subarray(start - h, end - h);
  if (end <= h) return v.head.subarray(start, end);
  return Buffer.concat([v.head.subarray(start), v.buf.subarray(0, end - h)]);
}

/** A frame's text, properly decoded as UTF-8. */
export function frameText(v: FrameView, start: number, end: number): string {
  const h = v.head.length;
  if (start >= h) return v.buf.toString('utf8', start - h, end - h);
  return frameBytes(v, start, end).toString('utf8');
}

/** The value of the first line when it is "Event: X" (cheap: no full parse). */
export function eventNameOf(raw: string): string | undefined {
  if (!raw.startsWith('Event: ')) return undefined;
  const eol = raw.indexOf('\n');
  const end = eol === -1 ? raw.length : raw.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
  return raw.slice(7, end);
}

/** Parses "Key: Value" lines; values keep inner ": " and their own leading spaces past the first. */
export function parseFrame(raw: string): AmiFrame {
  // Header names are data from the peer: "__proto__" or "constructor" must be plain keys.
  const frame = Object.create(null) as AmiFrame;
  let pos = 0;
  const len = raw.length;
  while (pos < len) {
    let eol = raw.indexOf('\n', pos);
    if (eol === -1) eol = len;
    const end = eol > pos && raw.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    const colon = raw.indexOf(':', pos);
    if (colon !== -1 && colon < end) {
      const key = raw.slice(pos, colon).toLowerCase();
      const vStart = raw.charCodeAt(colon + 1) === 32 ? colon + 2 : colon + 1;
      const value = vStart < end ? raw.slice(vStart, end) : '';
      const prev = frame[key];
      if (prev === undefined) frame[key] = value;
      else if (typeof prev === 'string') frame[key] = [prev, value];
      else prev.push(value);
    } else if (end > pos) {
      // Command output of old Asterisk versions comes as bare lines.
      const line = raw.slice(pos, end);
      const prev = frame['output'];
      if (prev === undefined) frame['output'] = line;
      else if (typeof prev === 'string') frame['output'] = [prev, line];
      else prev.push(line);
    }
    pos = eol + 1;
  }
  return frame;
}

/** First value of a header. */
export function header(frame: AmiFrame, key: string): string | undefined {
  const v = frame[key];
  return typeof v === 'string' ? v : v?.[0];
}

/** Every value of a header (repeated keys). */
export function headers(frame: AmiFrame, key: string): string[] {
  const v = frame[key];
  return v === undefined ? [] : typeof v === 'string' ? [v] : v;
}

/** Serialises an action for the wire. */
export function formatAction(fields: Record<string, string | number | string[] | undefined>): string {
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) {
      // A CR or LF inside a value would inject extra headers or end the action early.
      out += `${k}: ${String(one).replace(/[\r\n]+/g, ' ')}\r\n`;
    }
  }
  return out + '\r\n';
}
