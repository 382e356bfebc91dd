// The admin API for users and their extensions.
import { startTestServer, type TestServer } from '../support/server';
import type request from 'supertest';

let srv: TestServer;
let admin: request.Agent;

beforeAll(async () => {
  srv = await startTestServer();
  admin = await srv.agent(srv.admin.login, srv.admin.password);
});
afterAll(async () => {
  await srv.stop();
});

describe('users', () => {
  it('creates a specialist with extension 101 who can then log in', async () => {
    const res = await admin.post('/api/users').send({
      login: 'ivanova',
      password: 'secret-pass-1',
      fullName: 'Иванова Мария Петровна',
      role: 'specialist',
      extensions: ['101'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ login: 'ivanova', role: 'specialist', extensions: ['101'], active: true });
    const me = await (await srv.agent('ivanova', 'secret-pass-1')).get('/api/auth/me');
    expect(me.body.user.fullName).toBe('Иванова Мария Петровна');
  });

  it('stores only a password hash', async () => {
    const rows: { password_hash: string }[] = await srv.db.dataSource.query(
      `SELECT password_hash FROM users WHERE login = 'ivanova'`,
    );
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0]!.password_hash).not.toContain('secret-pass-1');
  });

  it('refuses a taken login and an extension that belongs to someone else (409)', async () => {
    const dupLogin = await admin
      .post('/api/users')
      .send({ login: 'IVANOVA', password: 'secret-pass-1', fullName: 'Другая Иванова', role: 'specialist' });
    expect(dupLogin.status).toBe(409);
    expect(dupLogin.body.error.code).toBe('login_taken');
    const dupExt = await admin.post('/api/users').send({
      login: 'petrov',
      password: 'secret-pass-1',
      fullName: 'Петров Пётр',
      role: 'specialist',
      extensions: ['101'],
    });
    expect(dupExt.status).toBe(409);
    expect(dupExt.body.error.code).toBe('extension_taken');
    expect(dupExt.body.error.message).toMatch(/внутренний номер/i);
  });

  it('validates the body with messages per field', async () => {
    const res = await admin
      .post('/api/users')
      .send({ login: 'x y', password: 'short', fullName: '', role: 'boss', extensions: ['abc'] });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields)).toEqual(
      expect.arrayContaining(['login', 'password', 'fullName', 'role', 'extensions.0']),
    );
    expect(res.body.error.fields.password).toBe('Пароль: не короче 8 символов');
  });

  it('edits extensions and lists users with their extensions', async () => {
    const created = await srv.createUser({ login: 'sidorov', extensions: ['102'] });
    const res = await admin.patch(`/api/users/${created.id}`).send({ extensions: ['102', '112'] });
    expect(res.status).toBe(200);
    expect(res.body.extensions).toEqual(['102', '112']);
    const list = await admin.get('/api/users?q=sidorov');
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].extensions).toEqual(['102', '112']);
  });

  it('never lets the last admin be deactivated or demoted, nor an admin deactivate themself', async () => {
    const me = (await admin.get('/api/auth/me')).body.user;
    expect((await admin.delete(`/api/users/${me.id}`)).status).toBe(409);
    const demote = await admin.patch(`/api/users/${me.id}`).send({ role: 'specialist' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('last_admin');
  });

  it('answers 404 for a user that does not exist', async () => {
    expect((await admin.patch('/api/users/999999').send({ fullName: 'Никто Никтов' })).status).toBe(404);
    expect((await admin.get('/api/users/abc')).status).toBe(404);
  });
});
