// A fake AMI server for tests: answers Login/Ping/CoreShowChannels/Originate like Asterisk and
// replays recorded traces (test/fixtures/ami) to its clients over real TCP, with their pacing.
import net from 'node:net';
import { AmiSplitter, formatAction, header, parseFrame, type AmiFrame } from '../../server/pbx/ami-frames';
import { traceChunks } from './traces';

interface Client {
  socket: net.Socket;
  loggedIn: boolean;
}

export interface PlayOptions {
  /** 1 = recorded pacing; 4 = four times faster; Infinity = all at once. */
  speed?: number;
  /** Stop before the first chunk at or after this many recorded seconds. */
  until?: number;
  /** Start at the first chunk at or after this many recorded seconds. */
  from?: number;
  /** Rewrites the trace text (ids, ActionIDs) before sending it all at once. */
  rewrite?: (text: string) => string;
}

export class FakeAmi {
  port = 0;
  readonly host = '127.0.0.1';
  readonly user = 'callog';
  readonly secret = 'callog-secret';
  private server: net.Server | null = null;
  private readonly clients = new Set<Client>();
  readonly actions: AmiFrame[] = [];
  /** Raw CoreShowChannel frames (without ActionID) answered to the next CoreShowChannels. */
  channelList: string[] = [];
  /** Seconds since the PBX started, as FullyBooted tells at login (0: it just restarted). */
  uptime = 754;
  private loginWaiters: (() => void)[] = [];
  /** Successful logins so far. */
  logins = 0;

  /** The server's environment for connecting to this PBX. */
  env(): Record<string, string> {
    return { AMI_HOST: this.host, AMI_PORT: String(this.port), AMI_USER: this.user, AMI_SECRET: this.secret };
  }

  async start(port = 0): Promise<void> {
    this.server = net.createServer((s) => this.accept(s));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, this.host, () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** The PBX dies: every connection drops and the port closes. */
  async kill(): Promise<void> {
    for (const c of this.clients) c.socket.destroy();
    this.clients.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  /** The PBX comes back on the same port. */
  async restart(): Promise<void> {
    await this.start(this.port);
  }

  async stop(): Promise<void> {
    await this.kill();
  }

  get loggedInClients(): number {
    return [...this.clients].filter((c) => c.loggedIn).length;
  }

  /** Resolves once a client has logged in (now or later); with `after`, a login after that many. */
  waitForLogin(timeoutMs = 15_000, after?: number): Promise<void> {
    if (after === undefined ? this.loggedInClients > 0 : this.logins > after) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no AMI client logged in')), timeoutMs);
      this.loginWaiters.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Bytes to every logged-in client. */
  send(data: string | Buffer): void {
    for (const c of this.clients) if (c.loggedIn && !c.socket.destroyed) c.socket.write(data);
  }

  /** Replays a trace (without its banner and recorded login answer) to the logged-in clients. */
  async play(name: string, opts: PlayOptions = {}): Promise<void> {
    const speed = opts.speed ?? 1;
    const chunks = traceChunks(name);
    const all = Buffer.concat(chunks.map((c) => c.bytes));
    const preludeEnd = all.indexOf('\r\n\r\n') + 4;
    if (opts.rewrite) {
      this.send(opts.rewrite(all.subarray(preludeEnd).toString('utf8')));
      return;
    }
    let offset = 0;
    const start = Date.now();
    const t0 = opts.from ?? 0;
    for (const chunk of chunks) {
      const chunkStart = offset;
      offset += chunk.bytes.length;
      if (offset <= preludeEnd) continue;
      if (opts.until !== undefined && chunk.t >= opts.until) break;
      if (chunk.t < t0) continue;
      const bytes = chunkStart < preludeEnd ? chunk.bytes.subarray(preludeEnd - chunkStart) : chunk.bytes;
      if (Number.isFinite(speed)) {
        const wait = start + ((chunk.t - t0) * 1000) / speed - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      this.send(bytes);
    }
  }

  private accept(socket: net.Socket) {
    const client: Client = { socket, loggedIn: false };
    this.clients.add(client);
    socket.on('error', () => undefined);
    socket.on('close', () => this.clients.delete(client));
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    const splitter = new AmiSplitter();
    socket.on('data', (chunk: Buffer) => splitter.push(chunk, (raw) => this.onAction(client, parseFrame(raw))));
  }

  private onAction(c: Client, f: AmiFrame) {
    this.actions.push(f);
    const action = (header(f, 'action') ?? '').toLowerCase();
    const ActionID = header(f, 'actionid');
    const reply = (fields: Record<string, string | number | undefined>) => c.socket.write(formatAction(fields));
    switch (action) {
      case 'login': {
        const ok = header(f, 'username') === this.user && header(f, 'secret') === this.secret;
        reply({
          Response: ok ? 'Success' : 'Error',
          ActionID,
          Message: ok ? 'Authentication accepted' : 'Authentication failed',
        });
        if (ok) {
          c.loggedIn = true;
          this.logins++;
          reply({
            Event: 'FullyBooted',
            Privilege: 'system,all',
            Uptime: this.uptime,
            LastReload: this.uptime,
            Status: 'Fully Booted',
          });
          for (const w of this.loginWaiters.splice(0)) w();
        }
        return;
      }
      case 'ping':
        reply({ Response: 'Success', ActionID, Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) });
        return;
      case 'coreshowchannels': {
        reply({ Response: 'Success', ActionID, EventList: 'start', Message: 'Channels will follow' });
        for (const raw of this.channelList)
          c.socket.write(`${raw.replace(/\r?\n$/, '')}\r\nActionID: ${ActionID}\r\n\r\n`);
        reply({
          Event: 'CoreShowChannelsComplete',
          ActionID,
          EventList: 'Complete',
          ListItems: this.channelList.length,
        });
        return;
      }
      case 'originate':
        reply({ Response: 'Success', ActionID, Message: 'Originate successfully queued' });
        return;
      case 'logoff':
        reply({ Response: 'Goodbye', ActionID, Message: 'Thanks for all the fish.' });
        c.socket.end();
        return;
      default:
        reply({ Response: 'Error', ActionID, Message: 'Invalid/unknown command' });
    }
  }
}

/** The CoreShowChannel frames of a trace (their recorded ActionID removed), to serve as a channel list. */
export function channelListOf(name: string): string[] {
  const raw = Buffer.concat(traceChunks(name).map((c) => c.bytes)).toString('utf8');
  return raw
    .split('\r\n\r\n')
    .filter((f) => f.startsWith('Event: CoreShowChannel\r\n'))
    .map((f) =>
      f
        .split('\r\n')
        .filter((l) => !l.startsWith('ActionID:'))
        .join('\r\n'),
    );
}
