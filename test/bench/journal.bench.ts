// npm run bench:journal — journal pages and full-text search over 1M entries on real PostgreSQL.
// Uses (and reuses) the database callog_bench_journal on the test server, seeding it once with
// scripts/seed-big.ts; the server runs as its own process; times are HTTP round trips of the API.
import request from 'supertest';
import {
  BENCH_ADMIN_PASSWORD,
  bigDatabaseUrl,
  ensureSeeded,
  percentile as pct,
  startServer,
  stopServer,
} from './big-db';

const TARGET = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const RUNS = 60;

async function main() {
  const dbUrl = await bigDatabaseUrl('bench:journal');
  // The server first: on a new database it creates the admin the bench logs in as.
  const { url: base, proc } = await startServer(dbUrl);
  try {
    const counts = [await ensureSeeded(dbUrl, TARGET)];

    const agent = request.agent(base);
    const login = await agent.post('/api/auth/login').send({ login: 'admin', password: BENCH_ADMIN_PASSWORD });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    const users: { items: { id: number; role: string }[] } = (await agent.get('/api/users/directory')).body;
    const owners = users.items.filter((u) => u.role === 'specialist').map((u) => u.id);
    const orgIds = ((await agent.get('/api/organizations?limit=500')).body as { items: { id: number }[] }).items.map(
      (o) => o.id,
    );
    const month = (i: number) => {
      const d = new Date(Date.UTC(2024, i % 34, 1));
      const end = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
      return { from: d.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
    };
    const pages: [string, (i: number) => string][] = [
      ['journal, newest first (page 1)', () => ''],
      ['journal, page 50', () => 'offset=2450'],
      ['month + specialist', (i) => `from=${month(i).from}&to=${month(i).to}&ownerId=${owners[i % owners.length]}`],
      ['month + status + type', (i) => `from=${month(i).from}&to=${month(i).to}&status=closed&type=bug`],
      ['open entries of a specialist', (i) => `status=open&ownerId=${owners[i % owners.length]}`],
      [
        'subsystem + channel, sorted by number',
        (i) => `subsystem=${['school', 'kindergarten', 'college'][i % 3]}&channel=email&sort=-regNumber`,
      ],
      ['organisation (picked from the directory)', (i) => `organizationId=${orgIds[(i * 37) % orgIds.length]}`],
    ];
    const words = [
      'журнал',
      'пароль',
      'расписание уроков',
      'гимназия',
      'Иванова',
      'выгрузка ФРДО',
      'кэш браузера',
      'приказ о зачислении',
      'портфолио',
      'меню питания',
    ];
    const searches: [string, (i: number) => string][] = [
      ['one word or phrase', (i) => `q=${encodeURIComponent(words[i % words.length]!)}`],
      [
        'phrase + month',
        (i) => `q=${encodeURIComponent(words[i % words.length]!)}&from=${month(i).from}&to=${month(i).to}`,
      ],
      ['rare word (no match)', () => `q=${encodeURIComponent('квантовый телепорт')}`],
      [
        'rare word + month (no match)',
        (i) => `q=${encodeURIComponent('квантовый телепорт')}&from=${month(i).from}&to=${month(i).to}`,
      ],
    ];

    const measure = async (cases: [string, (i: number) => string][]) => {
      const all: number[] = [];
      const rows: string[] = [];
      for (const [name, q] of cases) {
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t = performance.now();
          const res = await agent.get(`/api/entries?limit=50&${q(i)}`);
          times.push(performance.now() - t);
          if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
        }
        const sample = (await agent.get(`/api/entries?limit=50&${q(1)}`)).body as {
          total: number;
          totalExact: boolean;
        };
        all.push(...times);
        rows.push(
          `| ${name} | ${sample.totalExact ? '' : '≈'}${sample.total.toLocaleString('en-US')} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} |`,
        );
      }
      return { rows, p50: pct(all, 50), p95: pct(all, 95) };
    };
    // Warm the caches as a working day would.
    for (let i = 0; i < 20; i++)
      await agent.get(`/api/entries?limit=50&q=${encodeURIComponent(words[i % words.length]!)}`);

    const filtered = await measure(pages);
    const fts = await measure(searches);

    // «Уже отвечали»: what the form asks after a pause in typing a description (half-typed words too).
    const typed = [
      'Не открывается электронный журнал у классного руководителя',
      'не приходит уведомление о домашнем задании родителям',
      'пропали итоговые оценки после обновлен',
      'как добавить нагрузку преподавателю',
      'зависает выгрузка в ФИС ФРДО',
      'не печатается ведомость для выпускников',
      'Родитель не видит очередь в детский сад',
      'ошибка при сохранении расписания уроков',
      'нет доступа к портфолио студентов',
      'не совпадает табель посещаемости',
    ];
    const subsystems = ['school', 'kindergarten', 'college'];
    const answered: number[] = [];
    let suggested = 0;
    for (let i = 0; i < RUNS * 2; i++) {
      const t = performance.now();
      const res = await agent
        .get('/api/entries/answered-before')
        .query({ text: typed[i % typed.length], subsystem: subsystems[i % 3] });
      answered.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`answered-before: ${res.status} ${JSON.stringify(res.body)}`);
      suggested += (res.body as { items: unknown[] }).items.length;
    }
    console.log(
      `\nGET /api/entries (50 per page, with total), ${counts[0]!.e.toLocaleString('en-US')} entries, ${counts[0]!.c.toLocaleString('en-US')} calls, ${RUNS} requests per row (ms)`,
    );
    console.log('| filtered page | matching | p50 | p95 |\n|---|---|---|---|');
    for (const r of filtered.rows) console.log(r);
    console.log(`| **all filtered pages** | | **${filtered.p50.toFixed(1)}** | **${filtered.p95.toFixed(1)}** |`);
    console.log('\n| full-text search (every word form) | matching | p50 | p95 |\n|---|---|---|---|');
    for (const r of fts.rows) console.log(r);
    console.log(`| **all searches** | | **${fts.p50.toFixed(1)}** | **${fts.p95.toFixed(1)}** |`);
    console.log(
      `\nGET /api/entries/answered-before («Уже отвечали»), ${answered.length} descriptions being typed: p50 ${pct(answered, 50).toFixed(1)} ms, p95 ${pct(answered, 95).toFixed(1)} ms (goal < 150 ms); ${(suggested / answered.length).toFixed(1)} answers each`,
    );
    console.log(
      `\nsearch p95 ${fts.p95.toFixed(0)} ms ${fts.p95 < 100 ? '<' : '≥'} 100 ms; filtered pages p95 ${filtered.p95.toFixed(0)} ms; answered-before p95 ${pct(answered, 95).toFixed(0)} ms ${pct(answered, 95) < 150 ? '<' : '≥'} 150 ms`,
    );
  } finally {
    await stopServer(proc);
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
