// The organisation directory: CSV import as Excel writes it, caller-ID from directory phones.
import type request from 'supertest';
import type { ImportReport, OrganizationDto } from '../../shared/api';
import { toCp1251 } from '../support/cp1251';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { connectAs, type TestSocket } from '../support/sockets';

let ami: FakeAmi;
let srv: TestServer;
let admin: request.Agent;
let spec: request.Agent;
let a: TestSocket;

const KINDS = ['МАОУ СОШ', 'МАДОУ детский сад', 'ГАПОУ ТО колледж', 'МАОУ гимназия'];

/** 1,000 organisations as a Windows-1251 CSV; number 501 has the s01 caller's phone. */
function bigCsv(): Buffer {
  const lines = ['Полное наименование;Краткое наименование;Муниципалитет;Вид;Телефоны;Эл. почта'];
  for (let i = 1; i <= 1000; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const phone =
      i === 501
        ? '8 (3452) 12-34-56'
        : `8 (3452) ${String(500000 + i).slice(0, 2)}-${String(500000 + i).slice(2, 4)}-${String(500000 + i).slice(4)}`;
    lines.push(
      `"${kind} № ${i} г. Тюмени";${kind} № ${i};г. Тюмень;${kind};"${phone}, 8912${String(1000000 + i)}";school${i}@edu72.ru`,
    );
  }
  lines.push(';нет полного имени;г. Тюмень;;;');
  lines.push('"Школа с плохим телефоном";;;школа;"звоните в учительскую";');
  return toCp1251(lines.join('\r\n') + '\r\n');
}

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({
    env: ami.env(),
  });
  await srv.createUser({ login: 'spec-a', extensions: ['101'] });
  admin = await srv.agent(srv.admin.login, srv.admin.password);
  spec = await srv.agent('spec-a', 'password-123');
  a = await connectAs(srv.url, 'spec-a', 'password-123');
  await ami.waitForLogin();
});
afterAll(async () => {
  a?.close();
  await srv?.stop();
  await ami?.stop();
});

describe('organisation directory', () => {
  it('imports 1,000 organisations from a Windows-1251 CSV and reports the rows it rejected', async () => {
    const res = await admin.post('/api/organizations/import').set('Content-Type', 'text/csv').send(bigCsv());
    expect(res.status).toBe(200);
    const report = res.body as ImportReport;
    expect(report).toMatchObject({ total: 1002, created: 1000, updated: 0, encoding: 'windows-1251' });
    expect(report.rejected).toEqual([
      { line: 1002, reason: 'Не указано полное наименование' },
      { line: 1003, reason: 'Телефон «звоните в учительскую» не похож на номер' },
    ]);
    const found = (await spec.get('/api/organizations?q=гимназия № 3')).body.items as OrganizationDto[];
    expect(found.map((o) => o.fullName)).toContain('МАОУ гимназия № 3 г. Тюмени');
    expect(found[0]).toMatchObject({ defaultSubsystem: 'school', municipality: 'г. Тюмень' });
    const byPhone = (await spec.get('/api/organizations?q=3452123456')).body.items as OrganizationDto[];
    expect(byPhone.map((o) => o.fullName)).toEqual(['МАДОУ детский сад № 501 г. Тюмени']);
    expect(byPhone[0]!.phones).toContain('8 (3452) 123-456');
  });

  it('importing the same file again updates instead of duplicating', async () => {
    const report = (await admin.post('/api/organizations/import').set('Content-Type', 'text/csv').send(bigCsv())).body;
    expect(report).toMatchObject({ created: 0, updated: 1000 });
    expect((await spec.get('/api/organizations?limit=1')).body.total).toBe(1000);
  });

  it('a call from one of their numbers pops up with that organisation pre-filled', async () => {
    await ami.play('s01-answered-390679', { speed: Infinity });
    await a.waitFor(() => a.drafts.length > 0, 10_000, 'draft');
    const push = a.drafts[0]!;
    expect(push.entry).toMatchObject({ organizationName: 'МАДОУ детский сад № 501', subsystem: 'kindergarten' });
    expect(push.entry.organizationId).not.toBeNull();
    expect(push.suggestions[0]).toMatchObject({ source: 'directory', organizationName: 'МАДОУ детский сад № 501' });
  });

  it('offers every organisation that has the number, and a specialist can add a number from the pop-up', async () => {
    const other = (await spec.get('/api/organizations?q=гимназия № 3 г.')).body.items[0] as OrganizationDto;
    const add = await spec.post(`/api/organizations/${other.id}/phones`).send({ phone: '+7 (3452) 123-456' });
    expect(add.status).toBe(200);
    expect(add.body.phones).toContain('8 (3452) 123-456');
    await ami.play('s02-specialist-hangup-399069', {
      speed: Infinity,
      rewrite: (t) => t.replaceAll('PJSIP/102', 'PJSIP/101').replaceAll(': 102\r', ': 101\r'),
    });
    await a.waitFor(() => a.drafts.length > 1, 10_000, 'second draft');
    const names = a.drafts[1]!.suggestions.filter((s) => s.source === 'directory').map((s) => s.organizationName);
    expect(names.sort()).toEqual(['МАДОУ детский сад № 501', other.shortName].sort());
  });

  it('keeps the directory to admins: specialists cannot import or edit', async () => {
    expect((await spec.post('/api/organizations/import').set('Content-Type', 'text/csv').send('a;b')).status).toBe(403);
    expect((await spec.post('/api/organizations').send({ fullName: 'Новая школа' })).status).toBe(403);
    const bad = await admin
      .post('/api/organizations/import')
      .set('Content-Type', 'text/csv')
      .send('Название;Телефон\r\nx;1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.file).toMatch(/Полное наименование/);
  });
});
