// Our AMI client: one TCP connection to Asterisk, login, typed events, actions with unique ActionIDs
// and timeouts, EventList collection, a Ping watchdog and reconnection forever with capped backoff.
import net from 'node:net';
import type { Logger } from '../logger';
import { formatAction, header, type AmiFrame } from './ami-frames';
import type { TrackerEvent } from '../tracker/events';
import { pbxTime } from './ami-events';
import { AmiStream, type AmiStats } from './ami-stream';

export type LinkState = 'connecting' | 'up' | 'down';

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  logger: Logger;
  /** Decoded events the call tracker wants. */
  onEvent: (ev: TrackerEvent, arrival: number) => void;
  onState: (state: LinkState, detail: string) => void;
  /** After each successful login: the place to resynchronise. */
  onLogin: () => void;
  connectTimeoutMs?: number;
  actionTimeoutMs?: number;
  pingIntervalMs?: number;
  /** Reconnect delays; the last one repeats forever. */
  backoffMs?: number[];
}

export interface ActionResult {
  response: AmiFrame;
  /** EventList items (for list actions). */
  events: AmiFrame[];
}

export class AmiActionError extends Error {
  constructor(
    message: string,
    readonly response?: AmiFrame,
  ) {
    super(message);
  }
}

interface Pending {
  list: boolean;
  events: AmiFrame[];
  response: AmiFrame | null;
  resolve: (r: ActionResult) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class AmiClient {
  private socket: net.Socket | null = null;
  private readonly stream: AmiStream;
  private readonly pending = new Map<string, Pending>();
  private seq = 0;
  private readonly prefix = `callog-${process.pid}-${Date.now().toString(36)}`;
  private loggedIn = false;
  private loginId: string | null = null;
  private stopped = true;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private authFailed = false;

  constructor(private readonly o: AmiClientOptions) {
    this.stream = new AmiStream({
      onEvent: (ev, arrival) => o.onEvent(ev, arrival),
      onResponse: (f) => this.onResponse(f),
      onActionEvent: (id, f) => this.collect(id, f),
      onMalformed: (sample, count) => {
        // The frame's start with digits masked: enough to recognise the garbage, no phone numbers.
        if (count % 1000 === 1) {
          o.logger.warn({ start: sample.slice(0, 24).replace(/\d/g, '#'), count }, 'malformed AMI frame ignored');
        }
      },
      onOversized: (chars) => o.logger.warn({ chars }, 'AMI frame too large: dropped'),
    });
  }

  get stats(): AmiStats {
    return this.stream.stats;
  }

  get connected(): boolean {
    return this.loggedIn;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.teardown('stopped');
  }

  /** Sends an action and waits for its response (and, for lists, every item up to the list's end). */
  action(
    fields: Record<string, string | number | string[] | undefined>,
    opts: { list?: boolean; timeoutMs?: number } = {},
  ) {
    return new Promise<ActionResult>((resolve, reject) => {
      if (!this.socket || (!this.loggedIn && fields.Action !== 'Login')) {
        reject(new AmiActionError('PBX is not connected'));
        return;
      }
      const id = `${this.prefix}-${++this.seq}`;
      const timer = setTimeout(
        () => {
          this.pending.delete(id);
          reject(new AmiActionError(`AMI action ${String(fields.Action)} timed out`));
        },
        opts.timeoutMs ?? this.o.actionTimeoutMs ?? 10_000,
      );
      this.pending.set(id, { list: !!opts.list, events: [], response: null, resolve, reject, timer });
      this.stream.listing = this.hasPendingList();
      this.socket.write(formatAction({ ...fields, ActionID: id }));
    });
  }

  /** Sends an action whose ActionID the caller chose (to match later events such as OriginateResponse). */
  actionWithId(id: string, fields: Record<string, string | number | string[] | undefined>, timeoutMs = 10_000) {
    return new Promise<ActionResult>((resolve, reject) => {
      if (!this.socket || !this.loggedIn) {
        reject(new AmiActionError('PBX is not connected'));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AmiActionError(`AMI action ${String(fields.Action)} timed out`));
      }, timeoutMs);
      this.pending.set(id, { list: false, events: [], response: null, resolve, reject, timer });
      this.socket.write(formatAction({ ...fields, ActionID: id }));
    });
  }

  /**
   * Pings the PBX. Asterisk answers with its time (Timestamp), which reaches the tracker as a clock
   * sample taken at the middle of the round trip.
   */
  async ping(timeoutMs?: number): Promise<void> {
    const sent = Date.now();
    const r = await this.action({ Action: 'Ping' }, timeoutMs === undefined ? {} : { timeoutMs });
    const ts = pbxTime(header(r.response, 'timestamp'));
    if (ts !== null) this.o.onEvent({ kind: 'Clock', ts }, Math.round((sent + Date.now()) / 2));
  }

  nextActionId(): string {
    return `${this.prefix}-${++this.seq}`;
  }

  // ---------------------------------------------------------------------------------------------

  private connect() {
    if (this.stopped) return;
    this.o.onState('connecting', `${this.o.host}:${this.o.port}`);
    this.stream.reset();
    this.loggedIn = false;
    const socket = net.createConnection({ host: this.o.host, port: this.o.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.setTimeout(this.o.connectTimeoutMs ?? 5000, () => {
      if (!this.loggedIn) socket.destroy(new Error('connect/login timeout'));
    });
    socket.on('connect', () => this.login());
    socket.on('data', (chunk: Buffer) => {
      const arrival = Date.now();
      try {
        this.stream.push(chunk, arrival);
      } catch (err) {
        // Nothing a peer sends may take the server down; drop the link and start clean.
        this.o.logger.error({ err }, 'AMI stream handling failed; reconnecting');
        socket.destroy();
      }
    });
    socket.on('error', (err) => this.o.logger.warn({ err: err.message }, 'AMI socket error'));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.teardown('closed');
      if (!this.stopped) this.scheduleReconnect();
    });
  }

  private login() {
    this.loginId = `${this.prefix}-login-${++this.seq}`;
    this.socket?.write(
      formatAction({
        Action: 'Login',
        Username: this.o.username,
        Secret: this.o.secret,
        Events: 'on',
        ActionID: this.loginId,
      }),
    );
  }

  private onLoginResponse(f: AmiFrame) {
    const ok = header(f, 'response') === 'Success';
    if (!ok) {
      this.authFailed = true;
      this.o.logger.error({ message: header(f, 'message') }, 'AMI login rejected');
      this.o.onState('down', 'АТС отклонила вход: проверьте AMI_USER и AMI_SECRET');
      this.socket?.destroy();
      return;
    }
    this.loggedIn = true;
    this.authFailed = false;
    this.attempt = 0;
    this.socket?.setTimeout(0);
    this.startWatchdog();
    this.o.onState('up', `${this.o.host}:${this.o.port}`);
    this.o.logger.info({ host: this.o.host, port: this.o.port }, 'AMI link up');
    this.o.onLogin();
  }

  private onResponse(f: AmiFrame) {
    const actionId = header(f, 'actionid');
    if (!this.loggedIn && this.loginId) {
      // Some PBX front-ends answer the login with their own ActionID; accept an explicit acceptance too.
      if (actionId === this.loginId || header(f, 'message') === 'Authentication accepted' || !actionId) {
        this.onLoginResponse(f);
        return;
      }
    }
    if (!actionId) return;
    const p = this.pending.get(actionId);
    if (!p) return;
    const ok =
      header(f, 'response') === 'Success' || header(f, 'response') === 'Follows' || header(f, 'response') === 'Goodbye';
    if (!ok) {
      this.settle(actionId, new AmiActionError(header(f, 'message') ?? 'AMI action failed', f));
      return;
    }
    p.response = f;
    if (p.list && header(f, 'eventlist')?.toLowerCase() === 'start') return;
    this.settle(actionId);
  }

  private hasPendingList(): boolean {
    for (const p of this.pending.values()) if (p.list) return true;
    return false;
  }

  private collect(actionId: string, frame: AmiFrame) {
    const p = this.pending.get(actionId);
    if (!p?.list) return;
    if (header(frame, 'eventlist')?.toLowerCase() === 'complete') this.settle(actionId);
    else p.events.push(frame);
  }

  private settle(actionId: string, err?: Error) {
    const p = this.pending.get(actionId);
    if (!p) return;
    this.pending.delete(actionId);
    this.stream.listing = this.hasPendingList();
    clearTimeout(p.timer);
    if (err) p.reject(err);
    else p.resolve({ response: p.response ?? {}, events: p.events });
  }

  private startWatchdog() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    const every = this.o.pingIntervalMs ?? 10_000;
    this.pingTimer = setInterval(() => {
      // A half-open socket (PBX gone without FIN) shows up as a Ping without a Pong.
      this.ping(Math.max(2000, every / 2)).catch((err: unknown) => {
        if (!this.loggedIn) return;
        this.o.logger.warn({ err: (err as Error).message }, 'AMI ping failed: reconnecting');
        this.socket?.destroy();
      });
    }, every);
    this.pingTimer.unref();
  }

  private teardown(reason: string) {
    const wasUp = this.loggedIn;
    this.loggedIn = false;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    for (const id of [...this.pending.keys()]) this.settle(id, new AmiActionError(`PBX link ${reason}`));
    const s = this.socket;
    this.socket = null;
    s?.removeAllListeners('data');
    s?.destroy();
    if (wasUp) this.o.logger.warn({ reason }, 'AMI link down');
    if (!this.authFailed)
      this.o.onState('down', reason === 'stopped' ? '' : 'Соединение с АТС потеряно, переподключение…');
  }

  private scheduleReconnect() {
    const backoff = this.o.backoffMs ?? [250, 500, 1000, 2000, 3000];
    const base = backoff[Math.min(this.attempt, backoff.length - 1)]!;
    this.attempt++;
    // A rejected password will not fix itself quickly: ask less often.
    const delay = this.authFailed ? Math.max(base, 15_000) : base + Math.floor(Math.random() * base * 0.2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
    this.reconnectTimer.unref();
  }
}
