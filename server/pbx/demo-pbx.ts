// The built-in demo PBX: a small AMI server on loopback that speaks the same wire format as
// Asterisk 22 (banner, Login, Ping, CoreShowChannels, Originate, events with Timestamp and
// ChanVariable) and plays calls on the support lines, so that callog works without a real PBX.
import crypto from 'node:crypto';
import net from 'node:net';
import type { Logger } from '../logger';
import { AmiSplitter, formatAction, header, parseFrame, type AmiFrame } from './ami-frames';
import { DemoCalls, snapshot } from './demo-scenarios';

export interface DemoPbxOptions {
  logger: Logger;
  /** Extensions of the specialists to ring (read before every call). */
  extensions: () => Promise<string[]>;
  lines: { code: string; did: string }[];
  /** Pause between calls, ms: [min, max]; null: calls only when asked (playCall). */
  intervalMs: [number, number] | null;
}

interface Session {
  socket: net.Socket;
  loggedIn: boolean;
}

export class DemoPbx {
  readonly user = 'callog-demo';
  readonly secret = crypto.randomBytes(12).toString('hex');
  private server: net.Server | null = null;
  private readonly sessions = new Set<Session>();
  private readonly calls: DemoCalls;
  private timer: NodeJS.Timeout | null = null;
  private readonly startedAt = Date.now();

  constructor(private readonly o: DemoPbxOptions) {
    this.calls = new DemoCalls((name, fields) => this.broadcast(name, fields), o.lines);
  }

  async start(): Promise<{ host: string; port: number }> {
    this.server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as net.AddressInfo).port;
    this.scheduleNext(5000);
    this.o.logger.info({ port }, 'demo PBX listening');
    return { host: '127.0.0.1', port };
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.calls.stop();
    for (const s of this.sessions) s.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Plays one call now (tests and the first minute of a demo). */
  async playCall(): Promise<void> {
    const exts = await this.o.extensions();
    if (exts.length) this.calls.randomCall(exts);
  }

  private scheduleNext(ms?: number) {
    if (!this.o.intervalMs) return;
    const [lo, hi] = this.o.intervalMs;
    this.timer = setTimeout(
      () => {
        this.playCall()
          .catch((err: unknown) => this.o.logger.warn({ err }, 'demo call failed'))
          .finally(() => this.scheduleNext());
      },
      ms ?? lo + Math.random() * (hi - lo),
    );
    this.timer.unref();
  }

  private accept(socket: net.Socket) {
    const session: Session = { socket, loggedIn: false };
    this.sessions.add(session);
    socket.setNoDelay(true);
    socket.write('Asterisk Call Manager/11.0.0\r\n');
    const splitter = new AmiSplitter();
    socket.on('data', (chunk: Buffer) => {
      try {
        splitter.push(chunk, (raw) => this.onAction(session, parseFrame(raw)));
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sessions.delete(session));
  }

  private send(s: Session, fields: Record<string, string | number | string[] | undefined>) {
    if (!s.socket.destroyed) s.socket.write(formatAction(fields));
  }

  private onAction(s: Session, f: AmiFrame) {
    const action = (header(f, 'action') ?? '').toLowerCase();
    const ActionID = header(f, 'actionid');
    if (action === 'login') {
      const ok = header(f, 'username') === this.user && header(f, 'secret') === this.secret;
      s.loggedIn = ok;
      this.send(s, {
        Response: ok ? 'Success' : 'Error',
        ActionID,
        Message: ok ? 'Authentication accepted' : 'Authentication failed',
      });
      if (ok) {
        const uptime = Math.floor((Date.now() - this.startedAt) / 1000);
        this.send(s, {
          Event: 'FullyBooted',
          Privilege: 'system,all',
          Uptime: uptime,
          LastReload: uptime,
          Status: 'Fully Booted',
        });
      } else {
        s.socket.end();
      }
      return;
    }
    if (!s.loggedIn) {
      this.send(s, { Response: 'Error', ActionID, Message: 'Permission denied' });
      return;
    }
    switch (action) {
      case 'ping':
        this.send(s, { Response: 'Success', ActionID, Ping: 'Pong', Timestamp: (Date.now() / 1000).toFixed(6) });
        return;
      case 'coreshowchannels':
        this.showChannels(s, ActionID);
        return;
      case 'originate': {
        const channel = header(f, 'channel') ?? '';
        const ext = /\/(\d{2,8})$/.exec(channel)?.[1];
        if (!ext) {
          this.send(s, { Response: 'Error', ActionID, Message: 'Originate failed: unknown channel' });
          return;
        }
        this.send(s, { Response: 'Success', ActionID, Message: 'Originate successfully queued' });
        this.calls.callback(ext, header(f, 'exten') ?? '', ActionID ?? '');
        return;
      }
      case 'logoff':
        this.send(s, { Response: 'Goodbye', ActionID, Message: 'Thanks for all the fish.' });
        s.socket.end();
        return;
      default:
        this.send(s, { Response: 'Error', ActionID, Message: 'Invalid/unknown command' });
    }
  }

  private showChannels(s: Session, ActionID: string | undefined) {
    const live = this.calls.liveChannels();
    this.send(s, { Response: 'Success', ActionID, EventList: 'start', Message: 'Channels will follow' });
    for (const ch of live) {
      this.send(s, {
        Event: 'CoreShowChannel',
        ActionID,
        ...snapshot(ch, ''),
        Application: ch.app,
        ApplicationData: '',
        Duration: hms((Date.now() - ch.createdAt) / 1000),
        BridgeId: ch.bridgeId,
      });
    }
    this.send(s, { Event: 'CoreShowChannelsComplete', ActionID, EventList: 'Complete', ListItems: live.length });
  }

  private broadcast(name: string, fields: Record<string, string | number | string[] | undefined>) {
    const msg = {
      Event: name,
      Privilege: name.startsWith('Agent') || name.startsWith('Queue') ? 'agent,all' : 'call,all',
      Timestamp: (Date.now() / 1000).toFixed(6),
      ...fields,
    };
    for (const s of this.sessions) if (s.loggedIn) this.send(s, msg);
  }
}

function hms(sec: number): string {
  const s = Math.max(0, Math.floor(sec));
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}
