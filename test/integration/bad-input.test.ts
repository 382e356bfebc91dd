// Bad input gets a clear 4xx and loses nothing; a caller ID of any length keeps its call; the logs
// name requests by id and never carry entry text, phone numbers or SQL parameters.
import http from 'node:http';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type request from 'supertest';
import supertest from 'supertest';
import type { CallDto, EntryDto } from '../../shared/api';
import { createLogger } from '../../server/logger';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { connectAs, type TestSocket } from '../support/sockets';

let ami: FakeAmi;
let srv: TestServer;
let a: request.Agent; // specialist A, extension 101
let b: request.Agent; // specialist B
let admin: request.Agent;
let aId: number;
let sockA: TestSocket;
const logs: string[] = [];

const entry = (over: Record<string, unknown> = {}) => ({
  type: 'support',
  subsystem: 'school',
  description: 'Не открывается электронный журнал у классного руководителя',
  organizationName: 'МАОУ СОШ № 5',
  personName: 'Петрова Анна',
  callerNumber: '8 (3452) 12-34-56',
  ...over,
});

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  srv = await startTestServer({ env: ami.env(), serveClient: true, logger: createLogger('info', {}, sink) });
  aId = (await srv.createUser({ login: 'spec-a', extensions: ['101'] })).id;
  await srv.createUser({ login: 'spec-b', extensions: ['102'] });
  a = await srv.agent('spec-a', 'password-123');
  b = await srv.agent('spec-b', 'password-123');
  admin = await srv.agent(srv.admin.login, srv.admin.password);
  sockA = await connectAs(srv.url, 'spec-a', 'password-123');
  await ami.waitForLogin();
});

afterAll(async () => {
  sockA?.close();
  await srv?.stop();
  await ami?.stop();
});

/** A POST as a plain HTTP client sends it, with A's session (supertest re-encodes bodies). */
async function rawPost(
  path: string,
  encoding: string,
  body: Buffer,
): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  const cookie = String(
    (await supertest(srv.url).post('/api/auth/login').send({ login: 'spec-a', password: 'password-123' })).headers[
      'set-cookie'
    ],
  ).split(';')[0]!;
  const url = new URL(path, srv.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-encoding': encoding,
          'content-length': body.length,
          cookie,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('bad requests answer 4xx in Russian', () => {
  it('a non-existent organisation or line', async () => {
    const org = await a.post('/api/entries').send(entry({ organizationId: 999_999 }));
    expect(org.status).toBe(400);
    expect(org.body.error).toMatchObject({
      code: 'reference_not_found',
      fields: { organizationId: expect.any(String) },
    });
    expect(org.body.error.message).toMatch(/не найдена/);
    const line = await a.post('/api/entries').send(entry({ lineId: 999_999 }));
    expect(line.status).toBe(400);
    expect(line.body.error.fields).toHaveProperty('lineId');
  });

  it('a caller number longer than a number can be', async () => {
    const res = await a.post('/api/entries').send(entry({ callerNumber: '8'.repeat(100) }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', fields: { callerNumber: expect.any(String) } });
  });

  it('says in Russian what is wrong with each field', async () => {
    const res = await a
      .post('/api/entries')
      .send(entry({ type: 'жалоба', description: 'x'.repeat(20_000), subsystem: undefined, personName: 5 }));
    expect(res.status).toBe(400);
    const fields = res.body.error.fields as Record<string, string>;
    expect(fields.type).toBe('Недопустимое значение');
    expect(fields.description).toMatch(/^Не длиннее \d+ символов$/);
    expect(fields.personName).toBe('Неверный тип значения');
    for (const m of Object.values(fields)) expect(m).not.toMatch(/[a-z]{3}/i);
  });

  it('a body in KOI8-R, a broken Content-Encoding, an undecodable URL', async () => {
    const koi = await a
      .post('/api/entries')
      .set('Content-Type', 'application/json; charset=koi8-r')
      .send(Buffer.from(JSON.stringify(entry())));
    expect(koi.status).toBe(415);
    expect(koi.body.error.code).toBe('unsupported_media_type');
    const gzipBroken = await rawPost('/api/entries', 'gzip', Buffer.from('this is not gzip at all'));
    expect(gzipBroken.status).toBeGreaterThanOrEqual(400);
    expect(gzipBroken.status).toBeLessThan(500);
    expect(gzipBroken.body.error.message).toMatch(/[а-я]/);
    expect((await rawPost('/api/entries', 'x-made-up', Buffer.from('{}'))).status).toBe(415);
    // A good gzip body is fine.
    expect((await rawPost('/api/entries', 'gzip', zlib.gzipSync(JSON.stringify(entry())))).status).toBe(201);
    for (const path of ['/%E0%A4%A', '/api/entries/%E0%A4%A', '/journal/%E0%A4%A']) {
      const res = await supertest(srv.url).get(path);
      expect(res.status).toBe(400);
    }
  });

  it('CSV import: a phone over 64 characters rejects that row only, with its line; the rest is imported', async () => {
    const long = '8 (3452) 12-34-56 — приёмная директора школы, секретарь Мария Ивановна Петрова'.replace(',', '');
    const csv = [
      'Полное наименование;Краткое наименование;Телефоны',
      'МАОУ СОШ № 101 города Тюмени;СОШ № 101;8 (3452) 10-10-10',
      `МАОУ СОШ № 102 города Тюмени;СОШ № 102;${long}`,
      'МАОУ СОШ № 103 города Тюмени;СОШ № 103;8 (3452) 10-10-13',
      `${'Очень длинное наименование '.repeat(30)};;`,
    ].join('\r\n');
    const res = await admin.post('/api/organizations/import').set('Content-Type', 'text/csv').send(Buffer.from(csv));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, created: 2 });
    expect(res.body.rejected).toEqual([
      { line: 3, reason: expect.stringMatching(/^Телефон «8 \(3452\) 12-34-56 — приёмная.*…» длиннее 64 символов$/) },
      { line: 5, reason: 'Полное наименование длиннее 500 символов' },
    ]);
    const list = await admin.get('/api/organizations?q=СОШ № 10');
    const names = (list.body.items as { shortName: string }[]).map((o) => o.shortName).sort();
    expect(names).toEqual(['СОШ № 101', 'СОШ № 103']);
  });
});

describe('rules of the journal', () => {
  it('a manual entry cannot be dated into a month already handed over', async () => {
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 6, 0));
    const month = lastMonth.toISOString().slice(0, 7);
    expect((await a.post(`/api/reports/handovers/${month}/printed`).send({})).status).toBeLessThan(300);
    const res = await a.post('/api/entries').send(entry({ receivedAt: lastMonth.toISOString() }));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('month_handed_over');
    expect(res.body.error.message).toMatch(/уже сдан руководителю/);
    // B has not handed that month over: B may still add to it.
    expect((await b.post('/api/entries').send(entry({ receivedAt: lastMonth.toISOString() }))).status).toBe(201);
  });

  it('a call is attached only to the own entry or to an entry of the same caller (head and admin: any)', async () => {
    // A's registered request from 8 (3452) 77-78-88; B answers two calls: that caller again (c02) and another.
    const target = (await a.post('/api/entries').send(entry({ callerNumber: '8 (3452) 77-78-88' }))).body as EntryDto;
    await ami.play('c02-hold-resume-102', { speed: Infinity });
    await ami.play('s02-specialist-hangup-399069', { speed: Infinity });
    await new Promise((r) => setTimeout(r, 500));
    await srv.effects.idle();
    const draft = async (norm: string) => {
      const rows: { id: number; version: number }[] = await srv.db.dataSource.query(
        `SELECT id, version FROM entries WHERE status = 'draft' AND caller_number_norm = $1`,
        [norm],
      );
      return rows[0]!;
    };
    const other = await draft('73452123456');
    const refused = await b
      .post(`/api/entries/${other.id}/attach-to`)
      .send({ targetId: target.id, version: other.version });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'attach_not_allowed' });
    expect(refused.body.error.message).toMatch(/к своему запросу или к запросу того же звонившего/);
    const same = await draft('73452777888');
    const ok = await b.post(`/api/entries/${same.id}/attach-to`).send({ targetId: target.id, version: same.version });
    expect(ok.status).toBe(200);
    const byAdmin = await admin
      .post(`/api/entries/${other.id}/attach-to`)
      .send({ targetId: target.id, version: other.version });
    expect(byAdmin.status).toBe(200);
  });
});

describe('caller IDs of any length', () => {
  it('a replayed call with a 100-character caller ID is in the calls list and gives its draft', async () => {
    const cid = `8${'3'.repeat(60)}<script>${'9'.repeat(31)}`;
    expect(cid.length).toBe(100);
    await ami.play('s01-answered-390679', {
      rewrite: (t) =>
        t.replaceAll('CallerIDNum: 83452123456', `CallerIDNum: ${cid}`).replace(/((?:Uniqueid|Linkedid): )/g, '$1x'),
    });
    await sockA.waitFor(() => sockA.drafts.some((d) => d.call.linkedid.startsWith('x')), 10_000, 'draft');
    const push = sockA.drafts.find((d) => d.call.linkedid.startsWith('x'))!;
    expect(push.entry.ownerId).toBe(aId);
    expect(push.entry.callerNumber).toHaveLength(32);
    // The rest of the call (its end) is applied after the draft's push.
    await new Promise((r) => setTimeout(r, 300));
    await srv.effects.idle();
    const calls = (await admin.get('/api/calls?limit=50')).body.items as CallDto[];
    const c = calls.find((x) => x.linkedid === push.call.linkedid)!;
    expect(c).toMatchObject({ outcome: 'answered', state: 'ended', userId: aId });
    const raw: { caller_id_raw: string }[] = await srv.db.dataSource.query(
      `SELECT caller_id_raw FROM calls WHERE linkedid = $1`,
      [c.linkedid],
    );
    expect(raw[0]!.caller_id_raw).toBe(cid);
  });
});

describe('logs', () => {
  it('carry request ids, not entry text, phone numbers or SQL parameters', async () => {
    const secret = 'Секретное описание запроса Кузнецовой';
    const res = await a
      .post('/api/entries')
      .set('X-Request-Id', 'req-from-proxy-42')
      .send(entry({ description: secret, callerNumber: '8 (912) 345-67-89', organizationId: 888_888 }));
    expect(res.status).toBe(400);
    expect(res.headers['x-request-id']).toBe('req-from-proxy-42');
    await supertest(srv.url).get('/api/calls?caller=89123456789').set('Cookie', '');
    const text = logs.join('');
    expect(text).toMatch(/req-from-proxy-42/);
    expect(text).not.toContain('Кузнецовой');
    expect(text).not.toMatch(/912.?345.?67.?89|89123456789/);
    expect(text).not.toMatch(/INSERT INTO|"parameters"/);
    const lines = logs.map((l) => JSON.parse(l) as { reqId?: string; msg?: string });
    expect(
      lines.filter((l) => l.msg === 'request completed' || l.msg === 'request errored').every((l) => l.reqId),
    ).toBe(true);
    // Once per line: a JSON object with the key twice is read differently by each log tool.
    expect(logs.filter((l) => (l.match(/"reqId":/g) ?? []).length > 1)).toEqual([]);
  });
});
