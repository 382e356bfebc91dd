// Fuzzing the real AMI client over a real TCP socket: a small fake PBX logs the client in, then sends
// hostile bytes (test/support/ami-arbitraries.ts) cut into random TCP writes. Whatever it sends, the
// client stays logged in (no reconnect caused by the input), still decodes the valid event that
// follows each fuzzed stream, and its actions still get their answers.
import net from 'node:net';
import fc from 'fast-check';
import { createLogger } from '../../server/logger';
import { AmiClient, type LinkState } from '../../server/pbx/ami-client';
import { AmiSplitter, formatAction, header, parseFrame } from '../../server/pbx/ami-frames';
import type { TrackerEvent } from '../../server/tracker/events';
import { chunkedAmiStream } from '../support/ami-arbitraries';

const RUNS = 400;

let server: net.Server;
let pbxSocket: net.Socket | null = null;
let logins = 0;
let pings = 0;
let connections = 0;
let client: AmiClient;
const states: LinkState[] = [];
const events: TrackerEvent[] = [];
let waiter: { id: string; resolve: () => void } | null = null;
/** Answers wait while a fuzzed stream is being written: a PBX never puts a response inside a frame. */
let holding = false;
const held: string[] = [];
const reply = (s: net.Socket, text: string) => (holding ? held.push(text) : s.write(text));

beforeAll(async () => {
  server = net.createServer((s) => {
    connections++;
    pbxSocket = s;
    s.setNoDelay(true);
    s.on('error', () => undefined);
    s.write('Asterisk Call Manager/11.0.0\r\n');
    const splitter = new AmiSplitter();
    s.on('data', (chunk: Buffer) =>
      splitter.push(chunk, (raw) => {
        const f = parseFrame(raw);
        const ActionID = header(f, 'actionid');
        const action = header(f, 'action')?.toLowerCase();
        if (action === 'login') {
          logins++;
          reply(s, formatAction({ Response: 'Success', ActionID, Message: 'Authentication accepted' }));
        } else if (action === 'ping') {
          pings++;
          reply(s, formatAction({ Response: 'Success', ActionID, Ping: 'Pong', Timestamp: Date.now() / 1000 }));
        } else {
          reply(s, formatAction({ Response: 'Error', ActionID, Message: 'Invalid/unknown command' }));
        }
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  client = new AmiClient({
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    username: 'fuzz',
    secret: 'fuzz',
    logger: createLogger('silent'),
    onEvent: (ev) => {
      events.push(ev);
      if (waiter && ev.kind === 'Newchannel' && ev.ch.linkedid === waiter.id) waiter.resolve();
    },
    onState: (s) => states.push(s),
    onLogin: () => undefined,
    // The watchdog runs during the fuzzing: a lost Pong would drop the link.
    pingIntervalMs: 300,
  });
  client.start();
  for (let i = 0; i < 100 && !client.connected; i++) await new Promise((r) => setTimeout(r, 50));
  expect(client.connected).toBe(true);
});

afterAll(async () => {
  client?.stop();
  pbxSocket?.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

const sentinel = (id: string) =>
  `Event: Newchannel\r\nPrivilege: call,all\r\nChannel: PJSIP/trunk-00000001\r\nChannelState: 4\r\n` +
  `CallerIDNum: 83452123456\r\nContext: from-trunk\r\nExten: 3452390679\r\nUniqueid: ${id}\r\nLinkedid: ${id}\r\n\r\n`;

describe('AMI client over TCP, fuzzed', () => {
  it('stays logged in and keeps decoding valid events after any bytes', async () => {
    let run = 0;
    let bytesSent = 0;
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(chunkedAmiStream, async ({ chunks }) => {
        const id = `sentinel.${++run}`;
        const arrived = new Promise<void>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`valid event ${id} not decoded after the fuzzed bytes`)), 5000);
          waiter = {
            id,
            resolve: () => {
              clearTimeout(t);
              resolve();
            },
          };
        });
        // The fuzzed bytes in several TCP writes, then the end of whatever frame they left open
        // (a real PBX always ends its frames), then a valid event.
        holding = true;
        for (const c of chunks) {
          pbxSocket!.write(c);
          bytesSent += c.length;
          if (c.length % 3 === 0) await new Promise((r) => setImmediate(r));
        }
        pbxSocket!.write(`\r\n\r\n${sentinel(id)}`);
        holding = false;
        for (const text of held.splice(0)) pbxSocket!.write(text);
        await arrived;
        expect(client.connected).toBe(true);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // Actions are still answered (responses are still matched to their ActionIDs).
    await client.ping(2000);
    expect(connections).toBe(1);
    expect(logins).toBe(1);
    expect(states.filter((s) => s === 'down')).toHaveLength(0);
    expect(client.connected).toBe(true);
    console.log(
      `AMI fuzz over TCP: ${run} streams, ${(bytesSent / 1e6).toFixed(1)} MB, ${events.length} events decoded, ` +
        `${client.stats.frames} frames, ${client.stats.malformed} malformed, ${logins} login, ${pings} pings answered, ` +
        `${connections} connection, ${Date.now() - started} ms`,
    );
  });
});
