// A specialist's browser connection, as seen from the wire: logs in and records what it is pushed.
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import type { CallDto, EntryDto, PbxStatusDto } from '../../shared/api';
import type { ClientToServerEvents, DraftPushDto, ServerToClientEvents } from '../../shared/socket';

export interface TestSocket {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  cookie: string;
  drafts: (DraftPushDto & { receivedAt: number })[];
  updated: EntryDto[];
  ended: CallDto[];
  callUpdates: CallDto[];
  statuses: PbxStatusDto[];
  notices: { level: string; message: string }[];
  /** Resolves when the predicate holds (checked on every push), or rejects after the timeout. */
  waitFor(pred: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): void;
}

export async function login(url: string, login: string, password: string): Promise<string> {
  const res = await request(url).post('/api/auth/login').send({ login, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

export async function connectAs(
  url: string,
  user: string,
  password: string,
  /** 'polling': as a browser behind a proxy that refuses WebSocket (long polling only). */
  transport: 'websocket' | 'polling' = 'websocket',
): Promise<TestSocket> {
  const cookie = await login(url, user, password);
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
    extraHeaders: { Cookie: cookie },
    transports: [transport],
  });
  const listeners = new Set<() => void>();
  const poke = () => listeners.forEach((l) => l());
  const t: TestSocket = {
    socket,
    cookie,
    drafts: [],
    updated: [],
    ended: [],
    callUpdates: [],
    statuses: [],
    notices: [],
    waitFor(pred, timeoutMs = 10_000, what = 'condition') {
      if (pred()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pred()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${what}`));
        }, timeoutMs);
        listeners.add(check);
      });
    },
    close: () => socket.close(),
  };
  socket.on('entry:draft', (d) => (t.drafts.push({ ...d, receivedAt: Date.now() }), poke()));
  socket.on('entry:updated', (e) => (t.updated.push(e), poke()));
  socket.on('call:ended', (c) => (t.ended.push(c), poke()));
  socket.on('call:updated', (c) => (t.callUpdates.push(c), poke()));
  socket.on('pbx:status', (s) => (t.statuses.push(s), poke()));
  socket.on('notice', (n) => (t.notices.push(n), poke()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return t;
}
