// fast-check generators of hostile AMI traffic (fuzz tests of the reader, in memory and over TCP):
// Asterisk-like events with hostile or random lines mixed in, garbage bytes, CRLF/LF mixes, 1 MB
// values, header and channel variable names such as __proto__, constructor, toString.
import fc from 'fast-check';
import { TRACKED_EVENTS } from '../../server/pbx/ami-events';

export const HOSTILE = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
  'isPrototypeOf',
  'then',
];
const REAL_KEYS = [
  'Event',
  'Privilege',
  'Channel',
  'ChannelState',
  'CallerIDNum',
  'ConnectedLineNum',
  'Context',
  'Exten',
  'Uniqueid',
  'Linkedid',
  'ChanVariable',
  'DestChannel',
  'DestChannelState',
  'DestUniqueid',
  'DestLinkedid',
  'DestChanVariable',
  'DialStatus',
  'Variable',
  'Value',
  'Timestamp',
  'ActionID',
  'Response',
  'EventList',
  'Message',
  'Cause',
  'Queue',
  'Interface',
  'HoldTime',
  'BridgeId',
  'Application',
  'Duration',
  'ListItems',
  'Uptime',
  'Result',
  'Extension',
  'Restart',
  'TransfererChannel',
  'TransfererUniqueid',
  'TransfererLinkedid',
  'TransfereeChannel',
  'TransfereeUniqueid',
  'TransfereeLinkedid',
  'TransferTargetChannel',
  'TransferTargetUniqueid',
  'TransferTargetLinkedid',
  'TargetChannel',
  'TargetUniqueid',
  'TargetLinkedid',
  'ParkeeChannel',
  'ParkeeUniqueid',
  'ParkeeLinkedid',
  'ParkeeChanVariable',
  'ParkerDialString',
  'RetrieverChannel',
  'RetrieverUniqueid',
  'RetrieverLinkedid',
];
const EVENT_NAMES = [...TRACKED_EVENTS, 'VarSet', 'Newexten', 'BridgeEnter', 'Cdr', ...HOSTILE];
const IDS = ['1.1', '1.2', '1.3', '2.1', '2.2', '1795884138.21', 'sys-1.1', '', ' 1.1', 'x'.repeat(81), '1.1\u0000'];
const CHANNELS = ['PJSIP/trunk-00000001', 'PJSIP/101-00000002', 'PJSIP/102-0000000a', 'Local/101@q-1;1', 'PJSIP/'];
const BIG = 'я'.repeat(1_048_576 / 2); // 1 MB of UTF-8

/** A header name: Asterisk's, hostile (alone, prefixed, in any case), or anything at all. */
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...REAL_KEYS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('', 'Dest', 'Parkee', 'Target', 'Retriever', 'Transferer'), fc.constantFrom(...HOSTILE))
      .map(([p, h]) => p + h),
  },
  { weight: 1, arbitrary: fc.constantFrom(...REAL_KEYS, ...HOSTILE).map((k) => k.toUpperCase()) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** A header value: ids, channel names, channel variables with hostile names, numbers, junk, rarely 1 MB. */
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...IDS) },
  { weight: 2, arbitrary: fc.constantFrom(...CHANNELS) },
  { weight: 2, arbitrary: fc.constantFrom(...EVENT_NAMES) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('SUPPORT_LINE', 'FROM_DID', '__SUPPORT_LINE', 'CALLOG_CALLBACK', ...HOSTILE, ''),
        fc.constantFrom('390679', '3452399069', '', '=', ...HOSTILE),
      )
      .map(([n, v]) => `${n}=${v}`),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'ANSWER',
      'Success',
      'start',
      'Complete',
      '3452390679',
      '390679',
      '83452123456',
      'anonymous',
      '<unknown>',
      '6',
      '-1',
      'NaN',
      'Infinity',
      '1e400',
      '1795884138.5',
      '00:00:05',
      '99:99:99',
      ':::',
      'True',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
);

const line = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(key, fc.constantFrom(': ', ':', ':  '), value).map(([k, s, v]) => k + s + v) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
);

/** A channel snapshot block as Asterisk writes it (optionally prefixed: Dest, Parkee, ...), sane values. */
const snapshot = (prefix: string) =>
  fc
    .record({
      channel: fc.constantFrom(...CHANNELS),
      state: fc.constantFrom('0', '4', '5', '6', 'x'),
      caller: fc.constantFrom('83452123456', '101', '102', 'anonymous', '<unknown>', ''),
      exten: fc.constantFrom('3452390679', 's', 's-390679', '**102', '701', ''),
      uniqueid: fc.constantFrom(...IDS.slice(0, 7)),
      linkedid: fc.constantFrom(...IDS.slice(0, 7)),
      vars: fc.array(
        fc
          .tuple(
            fc.constantFrom('SUPPORT_LINE', 'FROM_DID', 'CALLOG_CALLBACK', ...HOSTILE),
            fc.constantFrom('390679', '3452399069', '', '7'),
          )
          .map(([n, v]) => `${n}=${v}`),
        { maxLength: 3 },
      ),
    })
    .map((r) => [
      `${prefix}Channel: ${r.channel}`,
      `${prefix}ChannelState: ${r.state}`,
      `${prefix}ChannelStateDesc: Up`,
      `${prefix}CallerIDNum: ${r.caller}`,
      `${prefix}CallerIDName: ${r.caller}`,
      `${prefix}ConnectedLineNum: <unknown>`,
      `${prefix}ConnectedLineName: <unknown>`,
      `${prefix}Language: en`,
      `${prefix}AccountCode: `,
      `${prefix}Context: from-trunk`,
      `${prefix}Exten: ${r.exten}`,
      `${prefix}Priority: 1`,
      `${prefix}Uniqueid: ${r.uniqueid}`,
      `${prefix}Linkedid: ${r.linkedid}`,
      ...r.vars.map((v) => `${prefix}ChanVariable: ${v}`),
    ]);

const extraLine = fc.constantFrom(
  'DialStatus: ANSWER',
  'DialStatus: NOANSWER',
  'Cause: 16',
  'Queue: support',
  'Interface: PJSIP/102',
  'Variable: SUPPORT_LINE',
  'Variable: __FROM_DID',
  'Value: 390679',
  'BridgeId: b-1',
  'Application: Dial',
  'Duration: 00:00:07',
  'ActionID: resync-1',
  'ActionID: orig-1',
  'Result: Success',
  'Extension: 102',
  'ParkerDialString: PJSIP/101',
  'EventList: Complete',
  'ListItems: 3',
  'Uptime: 5',
  'Response: Success',
  'Timestamp: 1800000000.250000',
);

/** A realistic event (one to three snapshot blocks and the usual fields), then mutated. */
const asteriskFrame = fc
  .tuple(
    fc.constantFrom(...TRACKED_EVENTS),
    snapshot(''),
    fc.option(
      fc
        .constantFrom('Dest', 'Parkee', 'Retriever', 'Target', 'Transferer', 'Transferee', 'TransferTarget')
        .chain(snapshot),
    ),
    fc.array(extraLine, { maxLength: 5 }),
    // Mutations: hostile or random lines inserted anywhere, lines dropped, a line's case changed.
    fc.array(fc.tuple(fc.nat(), line), { maxLength: 4 }),
    fc.array(fc.nat(), { maxLength: 3 }),
    fc.option(fc.nat()),
  )
  .map(([name, ch, other, extra, inserts, drops, lower]) => {
    const lines = [`Event: ${name}`, 'Privilege: call,all', ...ch, ...(other ?? []), ...extra];
    for (const d of drops) if (lines.length > 1) lines.splice(1 + (d % (lines.length - 1)), 1);
    for (const [at, l] of inserts) lines.splice(1 + (at % lines.length), 0, l);
    if (lower !== null) lines[lower % lines.length] = lines[lower % lines.length]!.toLowerCase();
    return lines;
  });

const randomFrame = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...EVENT_NAMES).map((n) => `Event: ${n}`) },
      { weight: 1, arbitrary: fc.constantFrom('Success', 'Error', 'Follows').map((r) => `Response: ${r}`) },
      { weight: 1, arbitrary: line },
    ),
    fc.array(line, { maxLength: 24 }),
  )
  .map(([first, lines]) => [first, ...lines]);

/** A frame's lines joined with CRLF (mostly), LF, or a mix, and ended properly or not at all. */
const frame = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: asteriskFrame }, { weight: 1, arbitrary: randomFrame }),
    fc.constantFrom('crlf', 'crlf', 'crlf', 'crlf', 'lf', 'mixed'),
    fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
    fc.constantFrom('\r\n\r\n', '\r\n\r\n', '\r\n\r\n', '\r\n\r\n', '\r\n\r\n', '\n\n', '\r\n', ''),
  )
  .map(([lines, mode, coin, end]) => {
    const eol = (i: number) => (mode === 'crlf' || (mode === 'mixed' && coin[i % 40]) ? '\r\n' : '\n');
    const body = lines.map((l, i) => (i === lines.length - 1 ? l : l + eol(i))).join('');
    return body + (mode === 'lf' ? end.replace(/\r/g, '') : end);
  });

/** One stream in fifteen carries a 1 MB value (in a tracked header or a hostile one). */
const bigFrame = fc.oneof(
  { weight: 14, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...EVENT_NAMES), fc.constantFrom('CallerIDNum', 'Channel', 'ChanVariable', ...HOSTILE))
      .map(([n, k]) => `Event: ${n}\r\n${k}: ${BIG}\r\nUniqueid: 1.1\r\nLinkedid: 1.1\r\n\r\n`),
  },
);

/** A whole stream: maybe a banner, frames, garbage bytes between them. */
export const amiStream = fc
  .tuple(
    fc.constantFrom('Asterisk Call Manager/11.0.0\r\n', 'Asterisk Call Manager/11.0.0\n', ''),
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: frame.map((f) => Buffer.from(f, 'utf8')) },
        { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)) },
        { weight: 1, arbitrary: fc.constantFrom(...[0xc3, 0xe2, 0xf0, 0xff].map((b) => Buffer.from([b]))) },
      ),
      { minLength: 1, maxLength: 40, size: 'large' },
    ),
    bigFrame,
    fc.nat(),
  )
  .map(([banner, parts, big, at]) => {
    if (big !== null) parts.splice(at % (parts.length + 1), 0, Buffer.from(big, 'utf8'));
    return Buffer.concat([Buffer.from(banner), ...parts]);
  });

/** The bytes and where TCP cut them (anywhere, also inside a UTF-8 character or a CRLF). */
export const chunkedAmiStream = amiStream.chain((bytes) =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: 40 }).map((cuts) => {
    const at = [0, ...cuts.filter((c) => c < bytes.length).sort((a, b) => a - b), bytes.length];
    const chunks: Buffer[] = [];
    for (let i = 1; i < at.length; i++) if (at[i]! > at[i - 1]!) chunks.push(bytes.subarray(at[i - 1], at[i]));
    return { bytes, chunks };
  }),
);
