// Downloads of the tables: the calls log and the statistics page's tables, as CSV (Excel, Russian
// locale) and XLSX, hold exactly what the API shows for the same filters.
import ExcelJS from 'exceljs';
import type request from 'supertest';
import type { CallDto, Page } from '../../shared/api';
import { FIGURE_TITLES, type StatsDto } from '../../shared/stats';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';

let ami: FakeAmi;
let srv: TestServer;
let admin: request.Agent;
let spec: request.Agent;
let bId: number;
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Yekaterinburg' });

/** supertest keeps binary bodies as Buffers with this parser. */
const binary = (res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

const csvRows = (body: Buffer) => {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return body
    .subarray(3)
    .toString('utf8')
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => l.split(';'));
};

async function xlsxRows(body: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({ env: ami.env() });
  await srv.createUser({ login: 'ex-a', fullName: 'Андреева Алла Алексеевна', extensions: ['101'] });
  bId = (await srv.createUser({ login: 'ex-b', fullName: 'Борисов Борис Борисович', extensions: ['102'] })).id;
  await srv.createUser({ login: 'boss', role: 'admin', password: 'admin-pass-2' });
  admin = await srv.agent('boss', 'admin-pass-2');
  spec = await srv.agent('ex-a', 'password-123');
  await ami.waitForLogin();
  for (const t of [
    's01-answered-390679',
    's02-specialist-hangup-399069',
    's03-missed-390679',
    's07-blind-transfer-101-102',
  ]) {
    await ami.play(t, { speed: Infinity });
  }
  await new Promise((r) => setTimeout(r, 500));
  await srv.effects.idle();
});

afterAll(async () => {
  await srv?.stop();
  await ami?.stop();
});

describe('the calls log', () => {
  it('as CSV: a header and one row per call of the list, in its order', async () => {
    const list = (await admin.get(`/api/calls?from=${today}&to=${today}&limit=500`)).body as Page<CallDto>;
    expect(list.total).toBe(4);
    const res = await admin
      .get(`/api/calls/export?format=csv&from=${today}&to=${today}`)
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Звонки_')}`);
    const rows = csvRows(res.body as Buffer);
    expect(rows[0]!.slice(0, 5)).toEqual(['Время', 'Линия', 'Номер', 'Исход', 'Ждал, с']);
    expect(rows).toHaveLength(1 + list.total);
    expect(rows.slice(1).map((r) => r[3])).toEqual(
      list.items.map((c) => (c.outcome === 'answered' ? 'принят' : c.afterHours ? 'вне рабочего времени' : 'пропущен')),
    );
    expect(rows.slice(1).map((r) => r[5])).toEqual(
      list.items.map((c) => (c.talkSeconds === null ? '' : String(c.talkSeconds))),
    );
    // The transferred call: who had it, in order.
    expect(rows.some((r) => r[9] === 'ответил 101 → переведён 102')).toBe(true);
  });

  it('as XLSX: the same rows, with numbers as numbers', async () => {
    const csv = csvRows(
      (
        await admin
          .get(`/api/calls/export?format=csv&from=${today}&to=${today}`)
          .buffer(true)
          .parse(binary as never)
      ).body as Buffer,
    );
    const res = await admin
      .get(`/api/calls/export?format=xlsx&from=${today}&to=${today}`)
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const rows = await xlsxRows(res.body as Buffer);
    expect(rows).toHaveLength(csv.length);
    expect(rows.map((r) => r[0])).toEqual(csv.map((r) => r[0]));
    const talked = csv.findIndex((r, i) => i > 0 && r[5] !== '');
    expect(talked).toBeGreaterThan(0);
    expect(rows[talked]![5]).toBe(Number(csv[talked]![5]));
  });

  it('filters like the list (a line)', async () => {
    const res = await admin
      .get(`/api/calls/export?format=csv&from=${today}&to=${today}&lineId=2`)
      .buffer(true)
      .parse(binary as never);
    const list = (await admin.get(`/api/calls?from=${today}&to=${today}&lineId=2`)).body as Page<CallDto>;
    expect(csvRows(res.body as Buffer)).toHaveLength(1 + list.total);
    expect(list.total).toBe(1);
  });

  it('refuses an unknown format with a Russian message', async () => {
    const res = await admin.get('/api/calls/export?format=pdf');
    expect(res.status).toBe(400);
    expect(res.body.error.fields.format).toBe('Недопустимое значение');
  });
});

describe('the statistics tables', () => {
  it('the figures with their formulas, equal to the API', async () => {
    const api = (await admin.get(`/api/stats?from=${today}&to=${today}`)).body as StatsDto;
    const res = await admin
      .get(`/api/stats/export?table=summary&format=xlsx&from=${today}&to=${today}`)
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const rows = await xlsxRows(res.body as Buffer);
    expect(rows[0]).toEqual(['Показатель', 'Значение', 'Единица', 'Как считается']);
    const byTitle = new Map(rows.slice(1).map((r) => [r[0], r[1]]));
    expect(byTitle.get(FIGURE_TITLES.offered)).toBe(api.calls.offered);
    expect(byTitle.get(FIGURE_TITLES.answered)).toBe(api.calls.answered);
    expect(byTitle.get(FIGURE_TITLES.afterHours)).toBe(api.calls.afterHours);
    expect(rows.find((r) => r[0] === FIGURE_TITLES.serviceLevel)![3]).toMatch(/за 20 секунд/);
  });

  it('per specialist, equal to the API', async () => {
    const api = (await admin.get(`/api/stats?from=${today}&to=${today}`)).body as StatsDto;
    const res = await admin
      .get(`/api/stats/export?table=specialists&format=csv&from=${today}&to=${today}`)
      .buffer(true)
      .parse(binary as never);
    const rows = csvRows(res.body as Buffer);
    expect(rows.slice(1).map((r) => [r[0], Number(r[1])])).toEqual(api.bySpecialist.map((p) => [p.name, p.answered]));
    expect(api.bySpecialist.length).toBeGreaterThanOrEqual(2);
  });

  it('a specialist downloads their own figures only', async () => {
    expect(
      (await spec.get(`/api/stats/export?table=days&format=csv&from=${today}&to=${today}&userId=${bId}`)).status,
    ).toBe(403);
    const own = await spec
      .get(`/api/stats/export?table=specialists&format=csv&from=${today}&to=${today}`)
      .buffer(true)
      .parse(binary as never);
    expect(own.status).toBe(200);
    expect(
      csvRows(own.body as Buffer)
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['Андреева Алла Алексеевна']);
  });

  it('refuses an unknown table', async () => {
    const res = await admin.get(`/api/stats/export?table=secrets&format=csv&from=${today}&to=${today}`);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty('table');
  });
});

describe('the journal', () => {
  it('as CSV: the filtered list, its columns in Russian, drafts of others never included', async () => {
    const list = (await admin.get('/api/entries?limit=500')).body as {
      items: { regNumber: string | null }[];
      total: number;
    };
    const res = await admin
      .get('/api/entries/export?format=csv')
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    const rows = csvRows(res.body as Buffer);
    expect(rows[0]!.slice(0, 4)).toEqual(['№', 'Дата регистрации', 'Тип', 'Подсистема']);
    expect(rows).toHaveLength(1 + list.total);
    // The replayed calls' drafts belong to the specialists: a specialist's download has their own only.
    const own = await spec
      .get('/api/entries/export?format=xlsx&status=draft')
      .buffer(true)
      .parse(binary as never);
    const mine = ((await spec.get('/api/entries?status=draft&limit=500')).body as { total: number }).total;
    expect(mine).toBeGreaterThan(0);
    expect(await xlsxRows(own.body as Buffer)).toHaveLength(1 + mine);
  });
});
