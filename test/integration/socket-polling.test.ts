// Socket.IO long polling (what a browser falls back to behind a proxy that refuses WebSocket): the
// server, running as its own process with the web client, keeps /socket.io/ to engine.io, stays up,
// and a polling-only specialist gets their pop-ups.
import http from 'node:http';
import request from 'supertest';
import { FakeAmi } from '../support/fake-ami';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { connectAs, type TestSocket } from '../support/sockets';

let ami: FakeAmi;
let srv: ServerProcess;
let spec: TestSocket | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startServerProcess({ env: ami.env() });
  const admin = request.agent(srv.url);
  expect((await admin.post('/api/auth/login').send({ login: 'admin', password: 'admin-password-1' })).status).toBe(200);
  const created = await admin.post('/api/users').send({
    login: 'spec-a',
    password: 'password-123',
    fullName: 'Андреева Алла Алексеевна',
    role: 'specialist',
    extensions: ['101'],
  });
  expect(created.status).toBe(201);
  await ami.waitForLogin();
}, 90_000);

afterAll(async () => {
  spec?.close();
  await srv?.stop();
  await ami?.stop();
});

it('survives an anonymous long poll, pushes a draft over polling, and is alive 30 s later', async () => {
  const started = Date.now();

  // The reproduction from the issue: a handshake, then a long poll with its sid, no login.
  const hs = await get(`${srv.url}/socket.io/?EIO=4&transport=polling`);
  expect(hs.status).toBe(200);
  const sid = (JSON.parse(hs.body.slice(1)) as { sid: string }).sid;
  // engine.io holds this poll until it has something to send (its ping, within pingInterval).
  const poll = await get(`${srv.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
  expect(poll.status).toBe(200);
  expect(poll.type).not.toMatch(/html/);
  expect(poll.body).not.toMatch(/<html/i);
  expect(poll.body).toMatch(/^[0-6]/); // an engine.io packet

  // A logged-in specialist whose browser can only poll.
  spec = await connectAs(srv.url, 'spec-a', 'password-123', 'polling');
  const engine = (spec.socket.io as unknown as { engine: { transport: { name: string } } }).engine;
  expect(engine.transport.name).toBe('polling');
  await ami.play('s01-answered-390679', { speed: 4 });
  await spec.waitFor(() => spec!.drafts.length > 0, 15_000, 'draft over polling');
  expect(spec.drafts).toHaveLength(1);
  expect(spec.drafts[0]!.entry).toMatchObject({ status: 'draft', callerNumber: '83452123456' });
  expect(spec.drafts[0]!.entry.line?.code).toBe('390679');

  // 30 s after the reproduction: the process is up, answers, and the polling socket still works.
  await sleep(Math.max(0, started + 30_000 - Date.now()));
  expect(srv.proc.exitCode).toBeNull();
  expect(srv.output()).not.toMatch(/ERR_HTTP_HEADERS_SENT/);
  expect((await request(srv.url).get('/api/health')).status).toBe(200);
  expect(spec.socket.connected).toBe(true);
  expect(engine.transport.name).toBe('polling');
  const drafts = await new Promise<{ ok: boolean; data?: unknown[] }>((resolve) =>
    spec!.socket.emit('drafts:list', (r: { ok: boolean; data?: unknown[] }) => resolve(r)),
  );
  expect(drafts.ok).toBe(true);
  expect(drafts.data).toHaveLength(1);
}, 90_000);
