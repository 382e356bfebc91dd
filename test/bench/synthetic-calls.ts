// Realistic AMI traffic for benchmarks, made from the recorded traces with fresh ids.
import { traceBytes } from '../support/traces';

const SEP = '\r\n\r\n';

/** The event frames of a trace (no banner, no responses, no FullyBooted). */
export function traceFrames(name: string): string[] {
  const raw = traceBytes(name).toString('utf8');
  const body = raw.slice(raw.indexOf(SEP) + SEP.length);
  return body.split(SEP).filter((f) => f.startsWith('Event: ') && !f.startsWith('Event: FullyBooted'));
}

export interface CallFrames {
  linkedid: string;
  /** Everything up to the answer (channels, dialling, ringing). */
  setup: string;
  /** The answer event (DialEnd ANSWER). */
  answer: string;
  /** Bridging and hang-up. */
  rest: string;
}

const s01 = traceFrames('s01-answered-390679');
const answerAt = s01.findIndex((f) => f.startsWith('Event: DialEnd') && f.includes('DialStatus: ANSWER'));

/** One answered support call (the s01 recording) to `ext`, with its own ids and its own caller. */
export function answeredCall(seq: number, ext: string): CallFrames {
  const caller = `8345${String(2_000_000 + (seq % 1_000_000)).padStart(7, '0')}`;
  const linkedid = `${2000000000 + seq}.${seq * 2}`;
  const leg = `${2000000000 + seq}.${seq * 2 + 1}`;
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const rewrite = (f: string) =>
    f
      .replaceAll('1795884138.21', linkedid)
      .replaceAll('1795884138.22', leg)
      .replaceAll('PJSIP/trunk-00000015', `PJSIP/trunk-${hex(seq * 2)}`)
      .replaceAll('PJSIP/101-00000016', `PJSIP/${ext}-${hex(seq * 2 + 1)}`)
      .replaceAll('83452123456', caller)
      .replace(
        /^((?:Dest)?(?:CallerIDNum|ConnectedLineNum|CallerIDName|ConnectedLineName)): (?:Specialist )?101$/gm,
        `$1: ${ext}`,
      )
      .replace(/^DialString: 101$/m, `DialString: ${ext}`);
  const join = (fs: string[]) => fs.map((f) => rewrite(f) + SEP).join('');
  return {
    linkedid,
    setup: join(s01.slice(0, answerAt)),
    answer: join([s01[answerAt]!]),
    rest: join(s01.slice(answerAt + 1)),
  };
}

/** A long stream of every recorded scenario repeated with fresh ids: ~`events` AMI events. */
export function trafficStream(events: number): { text: string; events: number } {
  const names = [
    's01-answered-390679',
    's02-specialist-hangup-399069',
    's03-missed-390679',
    's04-ringall-102-answers',
    's05-queue-answered',
    's06-queue-abandon',
    's07-blind-transfer-101-102',
    's08-internal-101-102',
    's10-click-to-call',
    'a01-answered-390679-ts',
    'a02-queue-answered-ts',
  ];
  const templates = names.map((n) =>
    traceFrames(n)
      .map((f) => f + SEP)
      .join(''),
  );
  const perCopy = names.reduce((acc, n) => acc + traceFrames(n).length, 0);
  const parts: string[] = [];
  let count = 0;
  for (let copy = 0; count < events; copy++) {
    // Fresh Uniqueid/Linkedid values per copy so every call is a new conversation.
    for (const t of templates)
      parts.push(t.replace(/\b179588\d{4}\.(\d+)\b/g, (_m, n: string) => `${3000000000 + copy}.${n}`));
    count += perCopy;
  }
  return { text: parts.join(''), events: count };
}
