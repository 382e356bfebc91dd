// The only module importing socket.io: session-authenticated sockets, rooms, fan-out across instances.
import type http from 'node:http';
import pg from 'pg';
import { Server, type Socket } from 'socket.io';
import { createAdapter } from '@socket.io/postgres-adapter';
import { ERROR_MESSAGES } from '../../shared/errors';
import { ROLES, type Role } from '../../shared/domain';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/socket';
import type { SessionsRepository, SessionUser } from '../auth/sessions.repository';
import { readCookie } from '../http/auth';
import { originAllowed, type OriginPolicy } from '../http/security';
import { AppError } from '../http/errors';
import { atMost } from '../lib/timeout';
import type { Logger } from '../logger';

type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { session: SessionUser }>;
type Sock = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { session: SessionUser }>;
type Emit = ServerToClientEvents;

const HEARTBEAT_MS = 5000;
/** How often live sockets are checked against their sessions (expiry, a purge by another instance). */
const SESSION_CHECK_MS = 30_000;

/** A payload made for the sockets of a role, or of one user in that role. */
export interface Variant<E extends keyof Emit> {
  role: Role;
  userId?: number;
  args: Parameters<Emit[E]>;
}

export interface Realtime {
  toUser<E extends keyof Emit>(userId: number, event: E, ...args: Parameters<Emit[E]>): void;
  toAll<E extends keyof Emit>(event: E, ...args: Parameters<Emit[E]>): void;
  /**
   * One event, each socket getting the payload made for it (what its user may do differs): a variant
   * with a user reaches that user's sockets of that role; one without, the role's other sockets.
   */
  toEach<E extends keyof Emit>(event: E, variants: Variant<E>[]): void;
  /** Registers a client request handler; the session is re-checked and the role enforced on every call. */
  handle<E extends keyof ClientToServerEvents>(
    event: E,
    roles: Role[],
    fn: (session: SessionUser) => Promise<unknown>,
  ): void;
  onConnect(fn: (socket: { emit: Sock['emit'] }, session: SessionUser) => void | Promise<void>): void;
  /** Asks the other instances (the one holding the PBX link answers); resolves with their answers. */
  askOthers(event: string, payload: unknown, timeoutMs: number): Promise<unknown[]>;
  /** Answers other instances' requests of this kind. */
  onAsk(event: string, handler: (payload: unknown) => Promise<unknown>): void;
  disconnectSession(sessionId: string): void;
  disconnectUser(userId: number): void;
  /** Sees every push this instance sends to users (metrics). */
  observe(fn: (event: keyof Emit, args: unknown[]) => void): void;
  /** Closes this instance's sockets whose session has ended (runs every 30 s by itself). */
  checkSessions(): Promise<void>;
  close(): Promise<void>;
}

export interface RealtimeOptions {
  server: http.Server;
  sessions: SessionsRepository;
  logger: Logger;
  /** PostgreSQL connection for fan-out between instances; undefined: this process only. */
  pgConfig: pg.ClientConfig | undefined;
  /** The session cookie's name. */
  cookieName: string;
  /** Handshakes from other sites are refused (403). */
  origins: OriginPolicy;
}

export function createRealtime(opts: RealtimeOptions): Realtime {
  const { sessions, logger } = opts;
  // engine.io takes over the request listeners present now and keeps /socket.io/ to itself; one
  // added afterwards would see (and might answer) Socket.IO's own requests too.
  if (opts.server.listenerCount('request') === 0) {
    throw new Error('attach the HTTP request handler before Socket.IO');
  }
  const io: Io = new Server(opts.server, {
    path: '/socket.io',
    serveClient: false,
    pingInterval: 10_000,
    // A page of another site may not open a socket with our cookie (cross-site WebSocket hijacking).
    allowRequest: (req, done) => done(null, originAllowed(opts.origins, req)),
  });
  let pool: pg.Pool | undefined;
  if (opts.pgConfig) {
    pool = new pg.Pool({ ...opts.pgConfig, max: 4 });
    pool.on('error', (err) => logger.warn({ err: err.message }, 'socket.io adapter pool error'));
    // The adapter keeps a LISTEN client without an error listener; a database restart would
    // otherwise throw from it and stop the process. It reconnects by itself on 'end'.
    pool.on('connect', (client) =>
      client.on('error', (err) => logger.warn({ err: err.message }, 'socket.io adapter connection lost')),
    );
    io.adapter(
      createAdapter(pool, {
        heartbeatInterval: HEARTBEAT_MS,
        errorHandler: (err) => logger.warn({ err }, 'socket.io adapter error'),
      }),
    );
  }

  io.use((socket, next) => {
    const token = readCookie(socket.request.headers.cookie, opts.cookieName);
    sessions
      .resolve(token)
      .then((session) => {
        if (!session) return next(new Error('unauthenticated'));
        socket.data.session = session;
        next();
      })
      .catch((err: unknown) => {
        logger.warn({ err }, 'socket auth failed');
        next(new Error('unavailable'));
      });
  });

  // Pushes reach this instance's sockets at once; other instances get them through a relay. (The
  // adapter's own broadcast would first wait for its PostgreSQL publish, so a burst of pop-ups
  // would queue behind each other.)
  const RELAY = 'callog:relay';
  // Alone on the database (the adapter knows its peers from their heartbeats, in memory), nothing is
  // published. Right after the start the peers may not have been heard yet (their answer to our first
  // heartbeat can come before our LISTEN): publish anyway until two heartbeats have passed.
  const startedAt = Date.now();
  const relay = (room: string | null, event: string, args: unknown[], except: string[] = []) => {
    if (!pool) return;
    void io
      .of('/')
      .adapter.serverCount()
      .then((peers) => {
        if (peers > 1 || Date.now() - startedAt < 2 * HEARTBEAT_MS)
          io.serverSideEmit(RELAY, { room, event, args, ...(except.length ? { except } : {}) });
      });
  };
  (
    io as unknown as {
      on(e: string, l: (p: { room: string | null; except?: string[]; event: string; args: unknown[] }) => void): void;
    }
  ).on(RELAY, (p) => {
    const to = p.room ? io.local.to(p.room) : io.local;
    const target = p.except?.length ? to.except(p.except) : to;
    (target.emit as unknown as (ev: string, ...a: unknown[]) => boolean)(p.event, ...p.args);
  });

  // A session can end without a word to this instance (it expired; another instance ended it while
  // the fan-out was down): sockets are checked against the database and closed when theirs is gone.
  const checkSessions = async () => {
    const local = [...io.of('/').sockets.values()];
    const live = await sessions.live([...new Set(local.map((s) => s.data.session.sessionId))]);
    for (const s of local) if (!live.has(s.data.session.sessionId)) s.disconnect(true);
  };
  const sessionCheck = setInterval(() => {
    checkSessions().catch((err: unknown) => logger.warn({ err }, 'socket session check failed'));
  }, SESSION_CHECK_MS);
  sessionCheck.unref();

  const connectHandlers: ((socket: Sock, session: SessionUser) => void | Promise<void>)[] = [];
  const requestHandlers: ((socket: Sock) => void)[] = [];

  io.on('connection', (socket) => {
    const s = socket.data.session;
    void socket.join([`user:${s.userId}`, `session:${s.sessionId}`, `role:${s.role}`]);
    for (const h of requestHandlers) h(socket);
    for (const h of connectHandlers) {
      Promise.resolve(h(socket, s)).catch((err: unknown) => logger.warn({ err }, 'socket connect handler failed'));
    }
  });

  const observers: ((event: keyof Emit, args: unknown[]) => void)[] = [];
  return {
    observe(fn) {
      observers.push(fn);
    },
    toUser(userId, event, ...args) {
      for (const o of observers) o(event, args);
      io.local.to(`user:${userId}`).emit(event, ...args);
      relay(`user:${userId}`, event, args);
    },
    toAll(event, ...args) {
      for (const o of observers) o(event, args);
      io.local.emit(event, ...args);
      relay(null, event, args);
    },
    toEach(event, variants) {
      for (const v of variants) {
        const room = v.userId === undefined ? `role:${v.role}` : `user:${v.userId}`;
        const except =
          v.userId === undefined
            ? variants.filter((o) => o.userId !== undefined && o.role === v.role).map((o) => `user:${o.userId}`)
            : ROLES.filter((r) => r !== v.role).map((r) => `role:${r}`);
        for (const o of observers) o(event, v.args);
        io.local
          .to(room)
          .except(except)
          .emit(event, ...v.args);
        relay(room, event, v.args, except);
      }
    },
    handle(event, roles, fn) {
      requestHandlers.push((socket) => {
        const listener = async (...args: unknown[]) => {
          const last = args[args.length - 1];
          if (typeof last !== 'function') return;
          const ack = last as (result: unknown) => void;
          try {
            // The session may have ended (logout, deactivation) since the socket connected.
            const fresh = await sessions.resolve(readCookie(socket.request.headers.cookie, opts.cookieName));
            if (!fresh) throw new AppError(401, 'unauthenticated');
            if (roles.length && !roles.includes(fresh.role)) throw new AppError(403, 'forbidden');
            ack({ ok: true, data: await fn(fresh) });
          } catch (err) {
            const code = err instanceof AppError ? err.code : 'internal';
            if (!(err instanceof AppError)) logger.error({ err, event }, 'socket handler failed');
            ack({ ok: false, error: { code, message: ERROR_MESSAGES[code].ru } });
            if (code === 'unauthenticated') socket.disconnect(true);
          }
        };
        (socket as unknown as { on(e: string, l: (...a: unknown[]) => void): void }).on(event, (...a) => {
          void listener(...a);
        });
      });
    },
    onConnect(fn) {
      connectHandlers.push(fn);
    },
    async askOthers(event, payload, timeoutMs) {
      if (!pool) return [];
      // The server-side event map is untyped here: requests are plain JSON between our own instances.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed: the map is empty
      const emit = io.serverSideEmit.bind(io) as unknown as (
        ev: string,
        p: unknown,
        cb: (err: Error | null, responses: unknown[] | undefined) => void,
      ) => boolean;
      return new Promise<unknown[]>((resolve) => {
        const timer = setTimeout(() => resolve([]), timeoutMs);
        emit(event, payload, (err, responses) => {
          clearTimeout(timer);
          if (err) logger.warn({ err: err.message, event }, 'not every instance answered');
          resolve(responses ?? []);
        });
      });
    },
    onAsk(event, handler) {
      (io as unknown as { on(e: string, l: (p: unknown, cb: (r: unknown) => void) => void): void }).on(
        event,
        (p, cb) => {
          handler(p).then(cb, (err: unknown) => cb({ error: (err as Error).message }));
        },
      );
    },
    disconnectSession(sessionId) {
      io.in(`session:${sessionId}`).disconnectSockets(true);
    },
    disconnectUser(userId) {
      io.in(`user:${userId}`).disconnectSockets(true);
    },
    checkSessions,
    async close() {
      clearInterval(sessionCheck);
      // Only this instance's sockets: the adapter would otherwise close every instance's.
      io.local.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      // A LISTEN client lost in a database restart is never released; do not wait for it forever.
      if (pool)
        await atMost(
          pool.end().catch(() => undefined),
          2000,
        );
    },
  };
}
