// Route fuzzer: bodies, queries and path params generated from the zod schemas, sent to every HTTP route
// as admin, head, specialist and nobody; no answer is a 500, and every 4xx is {error:{code,message}} in
// Russian. Inputs that once answered 500 stay at the end as fixed cases. FUZZ_SCALE=10: a longer hunt.
import fc from 'fast-check';
import supertest from 'supertest';
import type request from 'supertest';
import { z } from 'zod';
import {
  addPhoneBody,
  answeredBeforeQuery,
  attachBody,
  calendarApplyQuery,
  calendarOverrideBody,
  callerContextQuery,
  callListQuery,
  changePasswordBody,
  createEntryBody,
  createUserBody,
  entryListQuery,
  form1Query,
  loginBody,
  organizationBody,
  organizationPatch,
  patchEntryBody,
  updateUserBody,
  weekScheduleBody,
} from '../../shared/api';
import { yearQuery } from '../../server/calendar/calendar.routes';
import { listQuery as organizationsListQuery } from '../../server/organizations/organizations.routes';
import { monthQuery } from '../../server/reports/reports.routes';
import { listQuery as usersListQuery } from '../../server/users/users.routes';
import { toCp1251 } from '../support/cp1251';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';
import { STATS_TABLES, statsQuery } from '../../shared/stats';
import { exportFormat } from '../../server/http/table-export';

const statsExportQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  table: z.enum(STATS_TABLES),
  format: exportFormat,
});
const callExportQuery = callListQuery.extend({ format: exportFormat });
const entryExportQuery = entryListQuery.extend({ format: exportFormat });
import { HOSTILE_TEXT, zodArbitrary } from '../support/zod-arbitrary';

type Who = 'admin' | 'head' | 'specialist' | 'anon';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Pool = 'entry' | 'call' | 'user' | 'victim' | 'org' | 'line';
/** What a path parameter names; `victim`: users the fuzzer may change (never the actors themselves). */
type ParamKind = Exclude<Pool, 'line'> | 'date' | 'month' | 'throttle' | 'any';

interface Route {
  /** "METHOD /path/:param" */
  route: string;
  params?: Record<string, ParamKind>;
  query?: z.core.$ZodType;
  body?: z.core.$ZodType | 'csv';
  /** Runs per caller, instead of RUNS. */
  runs?: Partial<Record<Who, number>>;
  /** fresh: a new cookie-less client per run; throwaway: a new session of its own per run. */
  session?: 'fresh' | 'throwaway';
  /** The only statuses allowed (else any below 500). */
  statuses?: number[];
  /** Puts the entry's current version into the body, half of the time. */
  versioned?: boolean;
}

const RUNS: Record<Who, number> = { admin: 30, head: 8, specialist: 8, anon: 3 };
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const runsOf = (r: Route, w: Who) => Math.round((r.runs?.[w] ?? RUNS[w]) * SCALE);

const ROUTES: Route[] = [
  { route: 'GET /api/health' },
  // A fresh client per run from a random address (TRUST_PROXY=loopback), often the same one so its
  // throttle is reached; a generated password never matches: 400, 401 or 429 (403: a foreign Origin).
  {
    route: 'POST /api/auth/login',
    body: loginBody,
    session: 'fresh',
    runs: { anon: 40, admin: 0, head: 0, specialist: 0 },
    statuses: [400, 401, 403, 413, 415, 429],
  },
  // Logout ends the session it is sent with: a throwaway session (user fuzz-out) per run.
  { route: 'POST /api/auth/logout', session: 'throwaway', runs: { specialist: 12, admin: 0, head: 0 } },
  { route: 'GET /api/auth/me' },
  // A generated current password never matches the actors' ones, so their sessions stay.
  { route: 'POST /api/auth/password', body: changePasswordBody },
  { route: 'GET /api/auth/throttles' },
  { route: 'DELETE /api/auth/throttles/:key', params: { key: 'throttle' } },
  { route: 'GET /api/users', query: usersListQuery },
  { route: 'GET /api/users/directory' },
  { route: 'POST /api/users', body: createUserBody },
  { route: 'GET /api/users/:id', params: { id: 'user' } },
  // Changing or deactivating a user ends their sessions: victims only, never the actors.
  { route: 'PATCH /api/users/:id', params: { id: 'victim' }, body: updateUserBody },
  { route: 'DELETE /api/users/:id', params: { id: 'victim' } },
  { route: 'GET /api/entries', query: entryListQuery },
  { route: 'GET /api/entries/export', query: entryExportQuery, runs: { admin: 12, head: 4, specialist: 4 } },
  { route: 'GET /api/entries/drafts' },
  { route: 'GET /api/entries/answered-before', query: answeredBeforeQuery },
  { route: 'GET /api/entries/caller-context', query: callerContextQuery },
  { route: 'POST /api/entries/:id/mail-seen', params: { id: 'entry' } },
  { route: 'GET /api/entries/:id', params: { id: 'entry' } },
  { route: 'POST /api/entries', body: createEntryBody },
  { route: 'PATCH /api/entries/:id', params: { id: 'entry' }, body: patchEntryBody, versioned: true },
  { route: 'POST /api/entries/:id/attach-to', params: { id: 'entry' }, body: attachBody, versioned: true },
  { route: 'GET /api/calls', query: callListQuery },
  { route: 'GET /api/calls/export', query: callExportQuery, runs: { admin: 12, head: 4, specialist: 4 } },
  { route: 'GET /api/calls/:id', params: { id: 'call' } },
  { route: 'POST /api/calls/:id/take', params: { id: 'call' } },
  { route: 'POST /api/calls/:id/handled', params: { id: 'call' } },
  // Originates through the fake PBX, which accepts Originate (a refusing PBX is a 503 by design).
  { route: 'POST /api/calls/:id/callback', params: { id: 'call' } },
  { route: 'GET /api/lines' },
  { route: 'GET /api/calendar', query: yearQuery },
  { route: 'GET /api/calendar/status' },
  { route: 'PUT /api/calendar/overrides/:date', params: { date: 'date' }, body: calendarOverrideBody },
  { route: 'DELETE /api/calendar/overrides/:date', params: { date: 'date' } },
  { route: 'PUT /api/calendar/schedule', body: weekScheduleBody },
  // An uploaded production calendar is the raw body: CSV-like text, cp1251, random bytes.
  { route: 'POST /api/calendar/2027/import/preview', body: 'csv', runs: { admin: 20, head: 3, specialist: 3 } },
  {
    route: 'POST /api/calendar/2027/import/apply',
    body: 'csv',
    query: calendarApplyQuery,
    runs: { admin: 20, head: 3, specialist: 3 },
  },
  // Renders a PDF or XLSX in the worker thread: fewer runs.
  { route: 'GET /api/reports/form1', query: form1Query, runs: { admin: 12, head: 4, specialist: 4 } },
  { route: 'GET /api/reports/handovers', query: monthQuery },
  { route: 'GET /api/reports/handovers/reminder' },
  { route: 'POST /api/reports/handovers/:month/printed', params: { month: 'month' } },
  { route: 'POST /api/reports/handovers/:month/:who/received', params: { month: 'month', who: 'user' } },
  { route: 'GET /api/organizations', query: organizationsListQuery },
  { route: 'GET /api/stats', query: statsQuery },
  { route: 'GET /api/stats/export', query: statsExportQuery, runs: { admin: 12, head: 4, specialist: 4 } },
  { route: 'GET /api/stats/live' },
  { route: 'GET /api/organizations/:id', params: { id: 'org' } },
  { route: 'POST /api/organizations', body: organizationBody },
  { route: 'PATCH /api/organizations/:id', params: { id: 'org' }, body: organizationPatch },
  { route: 'POST /api/organizations/:id/phones', params: { id: 'org' }, body: addPhoneBody },
  // The file is the raw body (text/csv), without a zod schema: CSV-like text, cp1251, random bytes.
  { route: 'POST /api/organizations/import', body: 'csv', runs: { admin: 20, head: 3, specialist: 3 } },
  { route: 'GET /api/mail/status' },
  { route: 'GET /api/mail/queue' },
  { route: 'POST /api/mail/queue/:entryId/take', params: { entryId: 'entry' } },
  { route: 'GET /api/mail/held' },
  { route: 'POST /api/mail/held/:id/release', params: { id: 'any' } },
  { route: 'GET /api/mail/attachments/:id', params: { id: 'any' } },
  { route: 'GET /api/mail/messages/:id/raw', params: { id: 'any' } },
  // Outside /api, but an HTTP route of the service (admins only).
  { route: 'GET /metrics', runs: { admin: 5, head: 2, specialist: 2, anon: 2 } },
  // Paths no route has: JSON 404 (400 for an undecodable one).
  { route: 'GET /api/:junk', params: { junk: 'any' }, runs: { admin: 10, anon: 5, head: 0, specialist: 0 } },
  { route: 'POST /api/entries/:id/:junk', params: { id: 'entry', junk: 'any' }, runs: { specialist: 10 } },
];

let ami: FakeAmi;
let srv: TestServer;
const agents = {} as Record<Who, request.Agent>;
const pools: Record<Pool, number[]> = { entry: [], call: [], user: [], victim: [], org: [], line: [] };
let actorIds: number[] = [];
let throwaway = { id: 0, login: '', password: '' };
const stats = new Map<string, { runs: number; ms: number; statuses: Map<number, number> }>();

/** Fields naming other rows, and the rows they name. */
const REFS = { organizationId: 'org', lineId: 'line', ownerId: 'user', userId: 'user', specialist: 'user' } as const;

/** Half of the generated ids (the even ones) become ids of existing rows, so requests get past lookups. */
function pointAtRows(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v)) return v;
  const out: Record<string, unknown> = { ...v };
  for (const [key, pool] of Object.entries({ ...REFS, targetId: 'entry' as const })) {
    // (only a number or a string is an id; an object such as {"toString": 0} cannot even be converted)
    const v = out[key];
    const n = typeof v === 'number' || typeof v === 'string' ? Number(v) : NaN;
    if (Number.isSafeInteger(n) && n > 0 && n % 2 === 0 && pools[pool].length) {
      const id = pools[pool][(n / 2) % pools[pool].length]!;
      out[key] = typeof out[key] === 'string' ? String(id) : id;
    }
  }
  return out;
}

/** The entry's current version instead of an even generated one. */
async function currentVersion(body: unknown, id: string): Promise<unknown> {
  if (!body || typeof body !== 'object' || !('version' in body) || Number(body.version) % 2) return body;
  const rows: { version: number }[] = /^\d{1,9}$/.test(id)
    ? await srv.db.dataSource.query('SELECT version FROM entries WHERE id = $1', [Number(id)])
    : [];
  return rows[0] ? { ...body, version: rows[0].version } : body;
}

const nearDate = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-01-01'), noInvalidDate: true });
const BROKEN_PARAMS = ['0', '-1', '1.5', '01', '+1', ' 1', '1e3', '0x10', '2147483648', '9007199254740993'];
BROKEN_PARAMS.push('99999999999999999999', 'abc', 'null', '__proto__', '%E0%A4%A', '%', '%00', '%2F', '..', '%C0%AE');
/** Every UTF-8 byte as %XX (encodeURIComponent throws on a lone surrogate). */
const percent = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

function paramArb(kind: ParamKind): fc.Arbitrary<string> {
  const special: Partial<Record<ParamKind, fc.Arbitrary<string>>> = {
    date: nearDate.map((d) => d.toISOString().slice(0, 10)),
    month: nearDate.map((d) => d.toISOString().slice(0, 7)),
    throttle: fc.constantFrom('ip:127.0.0.1', 'ip:203.0.113.7', 'login:admin', 'pair:admin|203.0.113.7'),
    any: fc.string({ unit: 'binary' }).map(percent),
  };
  const param = fc.oneof(
    { weight: 8, arbitrary: special[kind] ?? fc.constantFrom(...pools[kind as Pool]).map(String) },
    { weight: 2, arbitrary: fc.constantFrom(...BROKEN_PARAMS) },
    { weight: 1, arbitrary: fc.nat(5000).map(String) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_TEXT).map((s) => percent(s.slice(0, 2000))) },
    { weight: 1, arbitrary: fc.integer({ min: 100, max: 3000 }).map((n) => '9'.repeat(n)) },
  );
  // The actors' own accounts stay untouched (their sessions would end): such an id becomes a victim's.
  const victim = (p: string) => (/^\d+$/.test(p) && actorIds.includes(Number(p)) ? String(pools.victim[0]) : p);
  return kind === 'victim' ? param.map(victim) : param;
}

function queryString(q: unknown): string {
  if (q === undefined) return '';
  if (typeof q !== 'object' || q === null)
    return `?${encodeURIComponent(typeof q === 'string' ? q : JSON.stringify(q))}`;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q))
    for (const one of Array.isArray(v) ? v : [v])
      if (one !== undefined) p.append(k, typeof one === 'object' && one !== null ? JSON.stringify(one) : String(one));
  return p.size ? `?${p.toString()}` : '';
}

const CSV_HEADERS = ['Полное наименование', 'Краткое наименование', 'Муниципальное образование', 'Тип ОО', 'Телефоны'];
const csvCell = fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_TEXT), fc.stringMatching(/^[\d ()-]{5,20}$/));
const csvArb = fc
  .tuple(
    fc.subarray([...CSV_HEADERS, 'Список адресов эл. почты', 'Лишний']),
    fc.array(fc.array(csvCell), { maxLength: 6 }),
    fc.constantFrom(';', ',', '\t'),
    fc.constantFrom('\r\n', '\n', '\r'),
    fc.constantFrom('utf8', 'bom', 'cp1251', 'bytes'),
    fc.uint8Array({ maxLength: 300 }),
  )
  .map(([head, rows, sep, eol, enc, bytes]) => {
    const text = [head, ...rows].map((r) => r.map((f) => (f.includes(sep) ? `"${f}"` : f)).join(sep)).join(eol);
    if (enc === 'bytes') return Buffer.from(bytes);
    if (enc === 'cp1251') return toCp1251(text.replace(/[^\x20-\x7eА-яЁё№«»—–\r\n\t]/g, '?'));
    return Buffer.from(enc === 'bom' ? `\uFEFF${text}` : text);
  });

/** How a body travels: JSON mostly, sometimes broken JSON or another content type. */
const BROKEN_JSON = ['{', '{"a":', "{'a':1}", 'NaN', '[1,]', '{"a":1}}', '\uFEFF{}', '{"\\u0000":"\\ud800"}'];
const OTHER_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=koi8-r'];
OTHER_TYPES.push('multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=utf-16');
const sendingArb = fc.oneof(
  { weight: 14, arbitrary: fc.constant({ type: 'application/json', broken: null as string | null }) },
  { weight: 1, arbitrary: fc.constantFrom(...BROKEN_JSON).map((broken) => ({ type: 'application/json', broken })) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_TYPES).map((type) => ({ type, broken: null })) },
);

function inputArb(r: Route, who: Who) {
  const params = fc.record(Object.fromEntries(Object.entries(r.params ?? {}).map(([k, kind]) => [k, paramArb(kind)])));
  const noQuery = fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.string()), { freq: 5 });
  const noBody = fc.option(fc.jsonValue({ maxDepth: 2 }), { freq: 3, nil: undefined });
  const body = r.body === 'csv' ? csvArb : r.body ? zodArbitrary(r.body) : noBody;
  const badCookie = fc.option(fc.oneof(fc.string(), fc.constantFrom('%00', '%E0%A4%A', 'x'.repeat(200))));
  return fc.record({
    params,
    query: r.query ? zodArbitrary(r.query) : noQuery,
    body,
    sending: sendingArb,
    foreignOrigin: fc.nat(15).map((n) => n === 0),
    from: fc.oneof({ weight: 4, arbitrary: fc.constant('203.0.113.7') }, fc.ipV4()),
    cookie: who === 'anon' ? badCookie : fc.constant(null),
  });
}
type Input = ReturnType<typeof inputArb> extends fc.Arbitrary<infer T> ? T : never;

async function send(client: request.Agent, r: Route, input: Input): Promise<[request.Response, string]> {
  const [method, template] = r.route.split(' ') as [string, string];
  const path = template.replace(/:(\w+)/g, (_m, k: string) => input.params[k]!);
  const url = path + (method === 'GET' ? queryString(pointAtRows(input.query)) : '');
  const body = pointAtRows(r.versioned ? await currentVersion(input.body, input.params.id!) : input.body);
  const req = client[method.toLowerCase() as Method](url).timeout(20_000);
  if (input.foreignOrigin) void req.set('Origin', 'https://evil.example');
  if (r.session === 'fresh') void req.set('X-Forwarded-For', input.from);
  if (input.cookie !== null) void req.set('Cookie', `callog_sid=${input.cookie}`);
  if (method === 'GET' || method === 'DELETE') return [await req, url];
  if (Buffer.isBuffer(body)) {
    const type = input.sending.type === 'application/json' ? 'text/csv' : input.sending.type;
    return [await req.set('Content-Type', type).send(body), url];
  }
  const text = input.sending.broken ?? (body === undefined ? undefined : JSON.stringify(body));
  return [await (text === undefined ? req : req.set('Content-Type', input.sending.type).send(text)), url];
}

/** Why the answer is wrong, or null. */
function verdict(res: request.Response, url: string, allowed?: number[]): string | null {
  if (res.status >= 500) return `answered ${res.status}`;
  // Node's HTTP parser refuses a request line over 16 KB itself, before the app (nginx: 414 at 8 KB).
  if (res.status === 431 && url.length > 16_000) return null;
  if (allowed && !allowed.includes(res.status)) return `answered ${res.status}, expected one of ${allowed.join(',')}`;
  if (res.status < 400) return null;
  const e = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof e?.code !== 'string' || typeof e.message !== 'string') return 'a 4xx without {error:{code,message}}';
  return /[а-яё]/i.test(e.message) ? null : 'a 4xx message not in Russian';
}

function record(route: string, status: number, ms: number): void {
  const s = stats.get(route) ?? { runs: 0, ms: 0, statuses: new Map<number, number>() };
  s.runs++;
  s.ms += ms;
  s.statuses.set(status, (s.statuses.get(status) ?? 0) + 1);
  stats.set(route, s);
}

async function clientFor(r: Route, who: Who): Promise<request.Agent> {
  if (r.session === 'fresh' || who === 'anon') return supertest(srv.url);
  if (r.session === 'throwaway') return srv.agent(throwaway.login, throwaway.password);
  return agents[who];
}

beforeAll(async () => {
  ami = new FakeAmi();
  await ami.start();
  srv = await startTestServer({ env: { ...ami.env(), TRUST_PROXY: 'loopback' } });
  const spec = await srv.createUser({ login: 'fuzz-spec', extensions: ['101'] });
  const head = await srv.createUser({ login: 'fuzz-head', role: 'head' });
  throwaway = await srv.createUser({ login: 'fuzz-out' });
  for (const role of ['specialist', 'head', 'admin'] as const) {
    pools.victim.push((await srv.createUser({ login: `victim-${role}`, role })).id);
  }
  agents.admin = await srv.agent(srv.admin.login, srv.admin.password);
  agents.specialist = await srv.agent(spec.login, spec.password);
  agents.head = await srv.agent(head.login, head.password);
  agents.anon = supertest(srv.url);
  // An answered call (a draft of fuzz-spec) and a missed one, from the recorded PBX traffic.
  await ami.waitForLogin();
  await ami.play('s01-answered-390679', { speed: Infinity });
  await ami.play('s03-missed-390679', { speed: Infinity });
  await new Promise((r) => setTimeout(r, 300));
  await srv.effects.idle();
  const entry = { type: 'support', subsystem: 'school', description: 'Не открывается электронный журнал' };
  for (const a of [agents.specialist, agents.specialist, agents.admin]) await a.post('/api/entries').send(entry);
  for (const fullName of ['МАОУ СОШ № 5 города Тюмени', 'МАДОУ Детский сад № 12']) {
    await agents.admin.post('/api/organizations').send({ fullName, phones: ['8 (3452) 12-34-56'] });
  }
  const ids = async (table: string) =>
    (await srv.db.dataSource.query<{ id: number }[]>(`SELECT id FROM ${table} ORDER BY id`)).map((r) => r.id);
  const tables = { entry: 'entries', call: 'calls', user: 'users', org: 'organizations', line: 'lines' } as const;
  for (const [pool, table] of Object.entries(tables)) pools[pool as Pool] = await ids(table);
  actorIds = pools.user.filter((id) => !pools.victim.includes(id) && id !== throwaway.id);
  expect(pools.call.length).toBeGreaterThanOrEqual(2);
  expect(pools.entry.length).toBeGreaterThanOrEqual(4);
});

afterAll(async () => {
  const width = Math.max(0, ...[...stats.keys()].map((k) => k.length));
  const lines = [...stats].map(([route, s]) => {
    const statuses = [...s.statuses].sort(([a], [b]) => a - b).map(([k, v]) => `${k}×${v}`);
    return `${route.padEnd(width)} ${String(s.runs).padStart(4)} ${`${Math.round(s.ms / s.runs)}`.padStart(4)} ms  ${statuses.join(' ')}`;
  });
  if (lines.length) console.log([`${'route'.padEnd(width)} runs  avg  statuses`, ...lines].join('\n'));
  await srv?.stop();
  await ami?.stop();
});

describe.each(ROUTES)('$route', (r) => {
  const who = (['admin', 'specialist', 'head', 'anon'] as const).filter((w) => runsOf(r, w) > 0);
  it.each(who)('as %s: never a 500, every 4xx in Russian', async (w) => {
    await fc.assert(
      fc.asyncProperty(inputArb(r, w), async (input) => {
        const t = Date.now();
        const [res, url] = await send(await clientFor(r, w), r, input);
        record(r.route, res.status, Date.now() - t);
        const why = verdict(res, url, r.statuses);
        if (why) throw new Error(`${why}\n${res.text.slice(0, 500)}`);
      }),
      { numRuns: runsOf(r, w) },
    );
  });
});

/**
 * Inputs that answered 500: PostgreSQL refuses U+0000 in text (22021; 22P05 inside the import's jsonb).
 * The fuzzer found the throttle key and the CSV file; the others are the same cause, probed by hand.
 * Expected: 400, unless `status` says otherwise.
 */
const REGRESSIONS: { who: Who; route: string; body?: unknown; csv?: string; status?: number }[] = [
  { who: 'admin', route: 'DELETE /api/auth/throttles/%00', status: 404 },
  { who: 'admin', route: 'POST /api/organizations/import', csv: 'Полное наименование\r\na\u0000b' },
  { who: 'anon', route: 'POST /api/auth/login', body: { login: 'a\u0000', password: 'x' } },
  { who: 'specialist', route: 'POST /api/entries', body: { type: 'bug', subsystem: 'school', description: 'a\u0000' } },
  { who: 'admin', route: 'GET /api/entries?q=a%00b' },
  { who: 'head', route: 'GET /api/users?q=%00' },
  { who: 'specialist', route: 'GET /api/organizations?q=%00' },
  { who: 'admin', route: 'POST /api/organizations', body: { fullName: 'МАОУ СОШ № 1\u0000' } },
  {
    who: 'admin',
    route: 'POST /api/users',
    body: { login: 'nul', password: 'pass-word', fullName: 'Иванов\u0000', role: 'head' },
  },
  { who: 'admin', route: 'PUT /api/calendar/overrides/2026-05-05', body: { kind: 'day_off', title: '\u0000' } },
];

describe('inputs that once answered 500', () => {
  it.each(REGRESSIONS)('$route as $who: 4xx', async (c) => {
    const [method, url] = c.route.split(' ') as [string, string];
    const req = agents[c.who][method.toLowerCase() as Method](url);
    if (c.csv !== undefined) void req.set('Content-Type', 'text/csv').send(Buffer.from(c.csv));
    else if (c.body !== undefined) void req.send(c.body as object);
    const res = await req;
    expect(verdict(res, url)).toBeNull();
    expect(res.status).toBe(c.status ?? 400);
    expect(JSON.stringify(res.body.error)).toMatch(/U\+0000|двоичные данные|throttle_not_found/);
  });

  // The fuzzer found a run of ~3,000 letters with no space: PostgreSQL refuses a lexeme over 2 KB.
  it('«Уже отвечали» for a description holding a word of 3,000 letters: 200', async () => {
    const res = await agents.admin.get('/api/entries/answered-before').query({ text: `${'x'.repeat(3000)} журнал` });
    expect(verdict(res, '')).toBeNull();
    expect(res.status).toBe(200);
  });

  // The fuzzer found "(S '" (a user it had created); exceljs refuses such sheet names, and "History" too.
  it('an XLSX Form No. 1 of specialists named "(S \'" and "History": 200', async () => {
    for (const fullName of ["(S '", 'History']) await srv.createUser({ login: `sheet-${fullName.length}`, fullName });
    const res = await agents.admin.get('/api/reports/form1?month=2026-01&format=xlsx');
    expect(verdict(res, '')).toBeNull();
    expect(res.status).toBe(200);
  });
});
