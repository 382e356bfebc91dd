// npm run bench:stats — the statistics page and the wallboard on 1M calls + 1M entries (the database
// of npm run seed:big, shared with bench:journal), server in its own process: HTTP round trips of
// GET /api/stats (every aggregate the page shows comes in that one request) for a year, a quarter and
// a month, with and without filters; GET /api/stats/live; the server's RSS with 50 sockets connected,
// a wallboard reading the board every second, and the journal searched (the word-form dictionary loaded).
import fs from 'node:fs';
import { io as connect, type Socket } from 'socket.io-client';
import request from 'supertest';
import {
  BENCH_ADMIN_PASSWORD,
  bigDatabaseUrl,
  ensureSeeded,
  ensureSummarised,
  percentile,
  startServer,
  stopServer,
} from './big-db';

const TARGET = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const day = (d: Date) => d.toISOString().slice(0, 10);

async function main() {
  const dbUrl = await bigDatabaseUrl('bench:stats');
  const { url: base, proc } = await startServer(dbUrl);
  const sockets: Socket[] = [];
  try {
    const counts = await ensureSeeded(dbUrl, TARGET);
    const summarised = await ensureSummarised(dbUrl);
    console.log(`daily summaries up to date (${(summarised / 1000).toFixed(1)} s spent here waiting or summarising)`);
    const agent = request.agent(base);
    const login = await agent.post('/api/auth/login').send({ login: 'admin', password: BENCH_ADMIN_PASSWORD });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const users = (await agent.get('/api/users/directory')).body as { items: { id: number; role: string }[] };
    const specialists = users.items.filter((u) => u.role === 'specialist').map((u) => u.id);

    const now = new Date();
    const ago = (days: number) => day(new Date(now.getTime() - days * 86_400_000));
    const cases: [string, (i: number) => string][] = [
      ['year', () => `from=${ago(364)}&to=${day(now)}`],
      ['year, one specialist', (i) => `from=${ago(364)}&to=${day(now)}&userId=${specialists[i % specialists.length]}`],
      ['year, line + subsystem', (i) => `from=${ago(364)}&to=${day(now)}&lineId=${1 + (i % 2)}&subsystem=school`],
      ['quarter', () => `from=${ago(90)}&to=${day(now)}`],
      ['month', () => `from=${ago(29)}&to=${day(now)}`],
      ['today', () => `from=${day(now)}&to=${day(now)}`],
    ];
    // Warm up as a working day would.
    for (let i = 0; i < 3; i++) await agent.get(`/api/stats?${cases[0]![1](i)}`);
    const rows: string[] = [];
    let yearP95 = 0;
    for (const [name, q] of cases) {
      const times: number[] = [];
      let offered = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const res = await agent.get(`/api/stats?${q(i)}`);
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
        offered = (res.body as { calls: { offered: number } }).calls.offered;
      }
      if (name === 'year') yearP95 = percentile(times, 95);
      rows.push(
        `| ${name} | ${offered.toLocaleString('en-US')} | ${percentile(times, 50).toFixed(0)} | ${percentile(times, 95).toFixed(0)} |`,
      );
    }

    const live: number[] = [];
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      const res = await agent.get('/api/stats/live');
      live.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`live: ${res.status}`);
    }

    // The desk at work meanwhile: journal searches and «Уже отвечали» load the word-form dictionary.
    for (const q of ['электронный журнал', 'ошибок', 'пароли учителей']) {
      const res = await agent.get(`/api/entries?limit=50&q=${encodeURIComponent(q)}`);
      if (res.status !== 200) throw new Error(`search: ${res.status}`);
    }
    const like = await agent.get('/api/entries/answered-before').query({ text: 'не открывается журнал' });
    if (like.status !== 200) throw new Error(`answered-before: ${like.status}`);

    // 50 browsers connected and a wall screen reading the board every second, for 10 s.
    for (let i = 0; i < 50; i++) {
      const s = connect(base, { extraHeaders: { Cookie: cookie }, transports: ['websocket'] });
      await new Promise<void>((resolve) => s.once('connect', () => resolve()));
      sockets.push(s);
    }
    for (let i = 0; i < 10; i++) {
      await agent.get('/api/stats/live');
      await new Promise((r) => setTimeout(r, 1000));
    }
    const status = fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    const hwmMb = Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;

    console.log(
      `\nGET /api/stats on ${counts.c.toLocaleString('en-US')} calls and ${counts.e.toLocaleString('en-US')} entries, ${RUNS} requests per row (ms, HTTP round trip)`,
    );
    console.log('| period | offered calls | p50 | p95 |\n|---|---|---|---|');
    for (const r of rows) console.log(r);
    console.log(
      `\nGET /api/stats/live, 100 requests: p50 ${percentile(live, 50).toFixed(1)} ms, p95 ${percentile(live, 95).toFixed(1)} ms`,
    );
    console.log(
      `server RSS with 50 sockets and the wallboard open: ${rssMb.toFixed(0)} MB (peak ${hwmMb.toFixed(0)} MB)`,
    );
    console.log(
      `\nyear p95 ${yearP95.toFixed(0)} ms ${yearP95 < 300 ? '<' : '≥'} 300 ms; live p95 ${percentile(live, 95).toFixed(1)} ms ${percentile(live, 95) < 20 ? '<' : '≥'} 20 ms; RSS ${rssMb.toFixed(0)} MB ${rssMb < 200 ? '<' : '≥'} 200 MB`,
    );
  } finally {
    for (const s of sockets) s.close();
    await stopServer(proc);
  }
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
