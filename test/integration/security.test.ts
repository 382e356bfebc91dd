// Hardening against an attacker with a browser or a script: login throttling that cannot lock the
// real user out, cross-site requests and socket handshakes, cookies and headers, session endings.
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import { startTestServer, type TestServer } from '../support/server';

let srv: TestServer; // behind a trusted proxy on loopback, PUBLIC_URL unset
let https: TestServer; // PUBLIC_URL https, a second allowed origin

beforeAll(async () => {
  srv = await startTestServer({ env: { TRUST_PROXY: 'loopback', SESSION_MAX_HOURS: '1' } });
  https = await startTestServer({
    env: { PUBLIC_URL: 'https://callog.example', ALLOWED_ORIGINS: 'https://wall.example' },
  });
});
afterAll(async () => {
  await srv?.stop();
  await https?.stop();
});

const loginFrom = (s: TestServer, ip: string, login: string, password: string) =>
  request(s.url).post('/api/auth/login').set('X-Forwarded-For', ip).send({ login, password });

const cookieOf = (res: request.Response) => String(res.headers['set-cookie']).split(';')[0]!;

function socketWith(url: string, cookie: string, origin?: string): Promise<Socket> {
  const s = connect(url, {
    extraHeaders: { Cookie: cookie, ...(origin ? { Origin: origin } : {}) },
    transports: ['websocket'],
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (err) => {
      s.close();
      reject(err);
    });
  });
}

describe('login throttling', () => {
  it('40 parallel wrong passwords: at most 5 are checked, the rest wait (429); the real user logs in from elsewhere', async () => {
    const u = await srv.createUser({ login: 'target', password: 'the-real-password' });
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => loginFrom(srv, '203.0.113.7', u.login, `guess-${i}`)),
    );
    const checked = burst.filter((r) => r.status === 401).length;
    const refused = burst.filter((r) => r.status === 429).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(checked + refused).toBe(40);
    expect(burst.find((r) => r.status === 429)!.body.error.code).toBe('too_many_attempts');
    // Even the right password waits from the attacker's address...
    expect((await loginFrom(srv, '203.0.113.7', u.login, u.password)).status).toBe(429);
    // ...but the real user, from their own address, logs in at once.
    const real = await loginFrom(srv, '198.51.100.20', u.login, u.password);
    expect(real.status).toBe(200);
    expect(real.body.user.login).toBe('target');
  });

  it('the client address comes from X-Forwarded-For only through a trusted proxy', async () => {
    // (The cookie is Secure here, so it is sent by hand: the test talks plain HTTP to the server.)
    const admin = cookieOf(await request(https.url).post('/api/auth/login').send(https.admin));
    const created = await request(https.url)
      .post('/api/users')
      .set('Cookie', admin)
      .send({ login: 'nospoof', password: 'the-real-password', fullName: 'Без Подмены Адреса', role: 'specialist' });
    expect(created.status).toBe(201);
    const u = { login: 'nospoof' };
    // This server trusts no proxy: a forged X-Forwarded-For does not give the attacker fresh addresses.
    for (let i = 0; i < 5; i++) await loginFrom(https, `192.0.2.${i}`, u.login, 'wrong-wrong');
    expect((await loginFrom(https, '192.0.2.99', u.login, 'wrong-again')).status).toBe(429);
  });

  it('an admin sees the throttles and clears one; a specialist may not', async () => {
    const admin = await srv.agent(srv.admin.login, srv.admin.password);
    const list = await admin.get('/api/auth/throttles');
    expect(list.status).toBe(200);
    const pair = (list.body.items as { key: string; kind: string; login: string; address: string }[]).find(
      (t) => t.kind === 'login_from_address' && t.login === 'target',
    )!;
    expect(pair).toMatchObject({ address: '203.0.113.7' });
    expect((await admin.delete(`/api/auth/throttles/${encodeURIComponent(pair.key)}`)).status).toBe(204);
    expect((await loginFrom(srv, '203.0.113.7', 'target', 'the-real-password')).status).toBe(200);
    expect((await admin.delete(`/api/auth/throttles/${encodeURIComponent(pair.key)}`)).status).toBe(404);
    const spec = await srv.createUser({ login: 'curious' });
    expect((await (await srv.agent(spec.login, spec.password)).get('/api/auth/throttles')).status).toBe(403);
  });
});

describe('cross-site requests', () => {
  it('a cross-origin POST with the session cookie gets 403 and changes nothing', async () => {
    const admin = await request(srv.url).post('/api/auth/login').send(srv.admin);
    const cookie = cookieOf(admin);
    const evil = await request(srv.url)
      .post('/api/users')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example')
      .send({ login: 'planted', password: 'password-123', fullName: 'Подброшенный Пользователь', role: 'admin' });
    expect(evil.status).toBe(403);
    expect(evil.body.error.code).toBe('foreign_origin');
    expect(evil.body.error.message).toMatch(/другого сайта/);
    const own = await request(srv.url).post('/api/auth/logout').set('Cookie', cookie).set('Origin', srv.url).send();
    expect(own.status).toBe(204);
    const users = await (await srv.agent(srv.admin.login, srv.admin.password)).get('/api/users?limit=200');
    expect((users.body.items as { login: string }[]).some((x) => x.login === 'planted')).toBe(false);
  });

  it('PUBLIC_URL and ALLOWED_ORIGINS are the only origins allowed there', async () => {
    const cookie = cookieOf(await request(https.url).post('/api/auth/login').send(https.admin));
    const from = (origin: string) =>
      request(https.url).post('/api/auth/password').set('Cookie', cookie).set('Origin', origin).send({});
    expect((await from('https://callog.example')).status).toBe(400); // reached the route: body invalid
    expect((await from('https://wall.example')).status).toBe(400);
    expect((await from(https.url)).status).toBe(403); // the listen address is not PUBLIC_URL
    expect((await from('https://callog.example.evil.example')).status).toBe(403);
  });

  it('a Socket.IO handshake with a foreign Origin gets 403; the own origin connects', async () => {
    const cookie = cookieOf(await request(srv.url).post('/api/auth/login').send(srv.admin));
    const polling = await request(srv.url)
      .get('/socket.io/?EIO=4&transport=polling')
      .set('Cookie', cookie)
      .set('Origin', 'https://evil.example');
    expect(polling.status).toBe(403);
    await expect(socketWith(srv.url, cookie, 'https://evil.example')).rejects.toThrow();
    const own = await socketWith(srv.url, cookie, srv.url);
    expect(own.connected).toBe(true);
    own.close();
  });
});

describe('cookies and headers', () => {
  it('with an https PUBLIC_URL the session cookie is __Host-, Secure, httpOnly; HSTS is sent', async () => {
    const res = await request(https.url).post('/api/auth/login').send(https.admin);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-callog_sid=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect((await request(srv.url).get('/api/health')).headers['strict-transport-security']).toBeUndefined();
  });

  it('CSP (no inline script) and Permissions-Policy on every response, Socket.IO and the app page included', async () => {
    const withClient = await startTestServer({ serveClient: true });
    try {
      for (const path of ['/', '/journal', '/api/health', '/api/nothing', '/socket.io/?EIO=4&transport=polling']) {
        const res = await request(withClient.url).get(path);
        expect(res.headers['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
        expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
        expect(res.headers['permissions-policy']).toMatch(/camera=\(\)/);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      const page = await request(withClient.url).get('/');
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    } finally {
      await withClient.stop();
    }
  });
});

describe('sessions end, sockets with them', () => {
  async function session(s: TestServer, login: string, password: string) {
    const cookie = cookieOf(await request(s.url).post('/api/auth/login').send({ login, password }));
    const socket = await socketWith(s.url, cookie);
    const closed = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
    return { cookie, socket, closed };
  }

  it('a user changes their own password: their other sessions and sockets end at once, this one stays', async () => {
    const u = await srv.createUser({ login: 'changer', password: 'old-password-1' });
    const here = await session(srv, u.login, u.password);
    const there = await session(srv, u.login, u.password);
    const wrong = await request(srv.url)
      .post('/api/auth/password')
      .set('Cookie', here.cookie)
      .send({ currentPassword: 'not-it', newPassword: 'new-password-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('wrong_password');
    const ok = await request(srv.url)
      .post('/api/auth/password')
      .set('Cookie', here.cookie)
      .send({ currentPassword: 'old-password-1', newPassword: 'new-password-1' });
    expect(ok.status).toBe(200);
    expect(await there.closed).toBe('io server disconnect');
    expect((await request(srv.url).get('/api/auth/me').set('Cookie', there.cookie)).status).toBe(401);
    expect((await request(srv.url).get('/api/auth/me').set('Cookie', here.cookie)).status).toBe(200);
    expect(here.socket.connected).toBe(true);
    expect(
      (await request(srv.url).post('/api/auth/login').send({ login: u.login, password: 'old-password-1' })).status,
    ).toBe(401);
    expect(
      (await request(srv.url).post('/api/auth/login').send({ login: u.login, password: 'new-password-1' })).status,
    ).toBe(200);
    here.socket.close();
  });

  it('a changed role ends the sessions and sockets at once', async () => {
    const u = await srv.createUser({ login: 'promoted' });
    const s = await session(srv, u.login, u.password);
    const admin = await srv.agent(srv.admin.login, srv.admin.password);
    expect((await admin.patch(`/api/users/${u.id}`).send({ role: 'head' })).status).toBe(200);
    expect(await s.closed).toBe('io server disconnect');
    expect((await request(srv.url).get('/api/auth/me').set('Cookie', s.cookie)).status).toBe(401);
  });

  it('a session past its absolute lifetime ends however active, and its socket is closed', async () => {
    const u = await srv.createUser({ login: 'marathon' });
    const s = await session(srv, u.login, u.password);
    // SESSION_MAX_HOURS=1: the session was created 61 minutes ago (and used a minute ago).
    await srv.db.dataSource.query(
      `UPDATE sessions SET created_at = now() - interval '61 minutes', last_seen_at = now() - interval '2 minutes',
              expires_at = now() + interval '1 minute'
        WHERE user_id = $1`,
      [u.id],
    );
    // Using it does not extend it past the absolute lifetime...
    expect((await request(srv.url).get('/api/auth/me').set('Cookie', s.cookie)).status).toBe(200);
    const rows: { expired: boolean }[] = await srv.db.dataSource.query(
      `SELECT expires_at <= created_at + interval '60 minutes' AS expired FROM sessions WHERE user_id = $1`,
      [u.id],
    );
    expect(rows[0]!.expired).toBe(true);
    await srv.db.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      u.id,
    ]);
    expect((await request(srv.url).get('/api/auth/me').set('Cookie', s.cookie)).status).toBe(401);
    // ...and the socket is closed by the periodic check (run now rather than waiting 30 s).
    await srv.realtime.checkSessions();
    expect(await s.closed).toBe('io server disconnect');
  });

  it('a generated first-admin password must be changed before anything else', async () => {
    let printed = '';
    const fresh = await startTestServer({
      env: { ADMIN_PASSWORD: '' },
      announce: (t) => (printed += t),
    });
    try {
      const password = /Password: (\S+)/.exec(printed)![1]!;
      const login = await request(fresh.url).post('/api/auth/login').send({ login: 'admin', password });
      expect(login.status).toBe(200);
      expect(login.body.mustChangePassword).toBe(true);
      const cookie = cookieOf(login);
      const blocked = await request(fresh.url).get('/api/users').set('Cookie', cookie);
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.code).toBe('password_change_required');
      const changed = await request(fresh.url)
        .post('/api/auth/password')
        .set('Cookie', cookie)
        .send({ currentPassword: password, newPassword: 'my-own-password-1' });
      expect(changed.status).toBe(200);
      expect(changed.body.mustChangePassword).toBe(false);
      expect((await request(fresh.url).get('/api/users').set('Cookie', cookie)).status).toBe(200);
    } finally {
      await fresh.stop();
    }
  });
});
