// Login, sessions, throttling and role checks against a real server on a real database.
import { io as connect } from 'socket.io-client';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/server';

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.stop();
});

describe('auth', () => {
  it('answers 401 for /api/auth/me without a session, in Russian', async () => {
    const res = await request(srv.url).get('/api/auth/me');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthenticated', message: 'Войдите в систему.' } });
  });

  it('logs in with an httpOnly SameSite session cookie and tells who is logged in', async () => {
    const res = await request(srv.url).post('/api/auth/login').send(srv.admin);
    expect(res.status).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/callog_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(res.body.user).toMatchObject({ login: 'admin', role: 'admin', active: true });
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await request(srv.url).get('/api/auth/me').set('Cookie', cookie.split(';')[0]!);
    expect(me.status).toBe(200);
    expect(me.body.user.login).toBe('admin');
  });

  it('rejects a wrong password with 401 and a clear message', async () => {
    const u = await srv.createUser({ login: 'wrongpw' });
    const res = await request(srv.url).post('/api/auth/login').send({ login: u.login, password: 'nope-nope' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('invalid_credentials');
    expect(res.body.error.message).toBe('Неверный логин или пароль.');
  });

  it('after 5 wrong passwords from one address the next attempt must wait (429 with Retry-After)', async () => {
    const u = await srv.createUser({ login: 'bruteforced' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await request(srv.url)
        .post('/api/auth/login')
        .send({ login: u.login, password: `wrong-${i}` });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const right = await request(srv.url).post('/api/auth/login').send({ login: u.login, password: u.password });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('too_many_attempts');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    // The wait is short and grows: after it the real password works again.
    await new Promise((r) => setTimeout(r, Number(right.headers['retry-after']) * 1000 + 100));
    const later = await request(srv.url).post('/api/auth/login').send({ login: u.login, password: u.password });
    expect(later.status).toBe(200);
  });

  it('ends the session at logout: the old cookie then gets 401', async () => {
    const res = await request(srv.url).post('/api/auth/login').send(srv.admin);
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect((await request(srv.url).get('/api/auth/me').set('Cookie', cookie)).status).toBe(200);
    expect((await request(srv.url).post('/api/auth/logout').set('Cookie', cookie)).status).toBe(204);
    expect((await request(srv.url).get('/api/auth/me').set('Cookie', cookie)).status).toBe(401);
  });

  it('forbids a specialist the admin routes (403) and lets them read their own profile', async () => {
    const u = await srv.createUser({ login: 'spec403', extensions: ['151'] });
    const a = await srv.agent(u.login, u.password);
    expect((await a.get('/api/auth/me')).body.user.extensions).toEqual(['151']);
    const create = await a
      .post('/api/users')
      .send({ login: 'x', password: 'password-1', fullName: 'X Y Z', role: 'admin' });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('forbidden');
    expect((await a.get('/api/users')).status).toBe(403);
    expect((await a.patch(`/api/users/${u.id}`).send({ role: 'admin' })).status).toBe(403);
  });

  it('ends every session of a deactivated user at once, sockets included', async () => {
    const u = await srv.createUser({ login: 'leaver' });
    const a = await srv.agent(u.login, u.password);
    const login = await request(srv.url).post('/api/auth/login').send({ login: u.login, password: u.password });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const socket = connect(srv.url, { extraHeaders: { Cookie: cookie }, transports: ['websocket'] });
    await new Promise<void>((resolve, reject) => {
      socket.on('connect', () => resolve());
      socket.on('connect_error', reject);
    });
    const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
    const admin = await srv.agent(srv.admin.login, srv.admin.password);
    expect((await admin.delete(`/api/users/${u.id}`)).body.active).toBe(false);
    expect(await disconnected).toBe('io server disconnect');
    expect((await a.get('/api/auth/me')).status).toBe(401);
    const again = await request(srv.url).post('/api/auth/login').send({ login: u.login, password: u.password });
    expect(again.status).toBe(401);
    socket.close();
  });

  it('refuses Socket.IO connections without a session', async () => {
    const socket = connect(srv.url, { transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(err.message).toBe('unauthenticated');
    socket.close();
  });

  it('answers bad JSON and invalid bodies with 400 and field messages, never a stack trace', async () => {
    const bad = await request(srv.url)
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"login":');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad_json');
    const empty = await request(srv.url).post('/api/auth/login').send({ login: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
    expect(Object.keys(empty.body.error.fields)).toEqual(expect.arrayContaining(['login', 'password']));
    expect(JSON.stringify(empty.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await request(srv.url).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('reports health without login', async () => {
    const res = await request(srv.url).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ db: 'up' });
    expect(['up', 'down', 'connecting', 'standby']).toContain(res.body.pbx);
  });
});
