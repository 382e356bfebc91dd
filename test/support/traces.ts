// Recorded AMI traces (test/fixtures/ami): their bytes, chunk timing, and decoded events.
import fs from 'node:fs';
import path from 'node:path';
import { AmiSplitter, parseFrame } from '../../server/pbx/ami-frames';
import { decodeEvent } from '../../server/pbx/ami-events';
import type { TrackerEvent } from '../../server/tracker/events';

export const TRACE_DIR = path.resolve(__dirname, '..', 'fixtures', 'ami');

export interface TraceChunk {
  /** Seconds since the TCP connect. */
  t: number;
  bytes: Buffer;
}

export function traceBytes(name: string): Buffer {
  return fs.readFileSync(path.join(TRACE_DIR, `${name}.ami`));
}

/** The trace as the PBX sent it: chunks with their arrival offsets (one chunk when no timing file). */
export function traceChunks(name: string): TraceChunk[] {
  const bytes = traceBytes(name);
  const timing = path.join(TRACE_DIR, 'timing', `${name}.ami.timing.jsonl`);
  if (!fs.existsSync(timing)) return [{ t: 0, bytes }];
  return fs
    .readFileSync(timing, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { t?: number; off?: number; len?: number })
    .filter((c) => c.off !== undefined && c.len !== undefined)
    .map((c) => ({ t: c.t ?? 0, bytes: bytes.subarray(c.off, c.off! + c.len!) }));
}

/** Every tracked event of a trace, with arrival times from `base` (ms) plus the recorded offsets. */
export function traceEvents(name: string, base = Date.UTC(2026, 10, 24, 5, 0, 0)): TrackerEvent[] {
  const events: TrackerEvent[] = [];
  const splitter = new AmiSplitter();
  for (const chunk of traceChunks(name)) {
    const arrival = base + Math.round(chunk.t * 1000);
    splitter.push(chunk.bytes, (raw) => {
      const ev = decodeEvent(parseFrame(raw));
      if (ev) events.push(Object.assign(ev, { arrivedAt: arrival }));
    });
  }
  return events;
}

/** Arrival time recorded by traceEvents. */
export const arrivalOf = (ev: TrackerEvent): number => (ev as TrackerEvent & { arrivedAt: number }).arrivedAt;

/** When the recording's TCP session started, by the recorder's (and the PBX's) clock, epoch ms. */
export function traceStart(name: string): number {
  const timing = path.join(TRACE_DIR, 'timing', `${name}.ami.timing.jsonl`);
  const first = JSON.parse(fs.readFileSync(timing, 'utf8').split('\n')[0]!) as { start_unix?: number };
  if (first.start_unix === undefined) throw new Error(`${name}: no start_unix in its timing file`);
  return Math.round(first.start_unix * 1000);
}
