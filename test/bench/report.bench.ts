// npm run bench:report — Form No. 1 of a month with 1,000 entries: read from PostgreSQL and rendered to PDF
// (and XLSX). Runs on a scratch database on the local PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432),
// else on embedded PGlite; prints p50 and the worst of several runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../server/db/data-source';
import { loadForm1 } from '../../server/reports/form1.data';
import { renderForm1Pdf } from '../../server/reports/form1.pdf';
import { ReportRenderer } from '../../server/reports/render-pool';
import { createScratchDatabase, postgresAdminUrl } from '../support/pg';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1000);
const RUNS = 7;
const TZ = 'Asia/Yekaterinburg';
const MONTH = '2026-10';

const ORGS = [
  'МАОУ СОШ № 5 г. Тюмени',
  'МАДОУ д/с № 134 г. Тюмени',
  'ГАПОУ ТО «Тюменский колледж производственных и социальных технологий»',
  'МАОУ Гимназия № 16 г. Тюмени',
  'МАОУ Исетская СОШ № 1 Исетского района',
];
const PEOPLE = [
  'Петрова Мария Ивановна',
  'Сидоров Алексей Николаевич',
  'Ковальчук Елена Павловна',
  'Ахметова Гульнара Ринатовна',
];
const TEXTS = [
  'Не входит в личный кабинет: пишет «неверный пароль» после сброса.',
  'Как перевести обучающегося в другой класс в середине четверти, чтобы не потерялись оценки?',
  'Не отображается расписание уроков в электронном дневнике у обучающихся 5-х классов после переноса уроков на субботу; учитель видит расписание, а родители и дети нет. Проверили права, кэш браузера и мобильное приложение — одинаково.',
  'Ошибка при формировании отчёта ОО-1: раздел 2.1 не заполняется, при выгрузке приходит пустой файл. Нужна помощь до конца недели, отчёт сдаётся в департамент.',
  'Очередь в детский сад: заявление родителя в статусе «Направлен», но в кабинете детского сада ребёнка нет.',
];
const STATUSES = ['closed', 'closed', 'closed', 'in_progress', 'awaiting_feedback', 'resolved', 'passed_to_developer'];

const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function main() {
  const admin = await postgresAdminUrl();
  const scratch = admin ? await createScratchDatabase(admin, 'callog_bench_report') : null;
  const dataDir = scratch ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'callog-bench-report-'));
  const db = await openDatabase({ databaseUrl: scratch?.url, dataDir: dataDir ?? '' });
  try {
    const ds = db.dataSource;
    const [{ id }] = await ds.query<[{ id: number }]>(
      `INSERT INTO users (login, password_hash, full_name, role) VALUES ('bench', 'x', 'Иванова Анна Сергеевна', 'specialist') RETURNING id`,
    );
    // 1,000 entries spread over the month's working hours, with the text lengths of a real journal.
    await ds.query(
      `INSERT INTO entries (status, channel, owner_id, created_by_id, type, subsystem, description, organization_name,
                            person_name, additional_info, resolution, resolved_at, registered_at, reg_year, reg_seq, reg_number)
       SELECT (ARRAY[${STATUSES.map((s) => `'${s}'`).join(',')}])[1 + i % ${STATUSES.length}],
              'phone', $1, $1, (ARRAY['support','support','support','bug','improvement'])[1 + i % 5],
              'school', ($2::text[])[1 + i % ${TEXTS.length}] || ' (обращение ' || i || ')',
              ($3::text[])[1 + i % ${ORGS.length}], ($4::text[])[1 + i % ${PEOPLE.length}],
              CASE WHEN i % 4 = 0 THEN 'Тел. 8 (3452) 12-34-' || lpad((i % 100)::text, 2, '0') ELSE '' END,
              CASE WHEN i % 7 < 3 THEN 'Дана консультация по телефону, пользователь вошёл.' ELSE '' END,
              CASE WHEN i % 7 < 3 OR i % 7 = 5 THEN t + interval '1 hour' END,
              t, 2026, i, '2026-' || lpad(i::text, 4, '0')
         FROM (SELECT i, timestamptz '2026-10-01 03:30+00' + ((i % 22) * interval '1 day') + ((i % 8) * interval '50 min') AS t
                 FROM generate_series(1, $5::int) AS i) g`,
      [id, TEXTS, ORGS, PEOPLE, ENTRIES],
    );

    // As the server does it: read, then render in the worker thread, while a 5 ms ticker on the main thread
    // measures the longest gap between its ticks (how long pop-ups and the AMI stream would have waited).
    const renderer = new ReportRenderer();
    const measure = async (fn: () => Promise<unknown>) => {
      let last = performance.now();
      let stall = 0;
      const ticker = setInterval(() => {
        const n = performance.now();
        stall = Math.max(stall, n - last);
        last = n;
      }, 5);
      const t = process.hrtime.bigint();
      await fn();
      const took = ms(t);
      await new Promise((r) => setTimeout(r, 30));
      clearInterval(ticker);
      return { took, stall };
    };
    const runs = {
      load: [] as number[],
      total: [] as number[],
      stall: [] as number[],
      xlsx: [] as number[],
      inline: [] as number[],
      inlineStall: [] as number[],
    };
    let pages = 0;
    let bytes = 0;
    for (let r = 0; r <= RUNS; r++) {
      let pdf: Buffer = Buffer.alloc(0);
      let loaded = 0;
      const request = await measure(async () => {
        const t0 = process.hrtime.bigint();
        const report = await loadForm1(ds, MONTH, [id], TZ);
        loaded = ms(t0);
        if (report.sections[0]!.rows.length !== ENTRIES) throw new Error(`expected ${ENTRIES} rows`);
        pdf = await renderer.render(report, 'pdf');
      });
      const report = await loadForm1(ds, MONTH, [id], TZ);
      const xlsx = await measure(() => renderer.render(report, 'xlsx'));
      const inline = await measure(() => renderForm1Pdf(report));
      pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      bytes = pdf.length;
      if (r === 0) continue; // warm-up: the worker started, fonts parsed, code compiled
      runs.load.push(loaded);
      runs.total.push(request.took);
      runs.stall.push(request.stall);
      runs.xlsx.push(xlsx.took);
      runs.inline.push(inline.took);
      runs.inlineStall.push(inline.stall);
    }
    await renderer.close();
    const f = (xs: number[]) =>
      `p50 ${pct(xs, 50).toFixed(0).padStart(5)} ms   max ${Math.max(...xs)
        .toFixed(0)
        .padStart(5)} ms`;
    console.log(
      `Form No. 1, ${ENTRIES} entries in a month, ${RUNS} runs after a warm-up (${scratch ? 'PostgreSQL' : 'PGlite'})`,
    );
    console.log(`  PDF: ${pages} pages A4 landscape, ${(bytes / 1024).toFixed(0)} KiB`);
    console.log(`  read from the database            ${f(runs.load)}`);
    console.log(`  read + PDF in the worker thread   ${f(runs.total)}   target < 2000 ms`);
    console.log(`    longest main-thread stall       ${f(runs.stall)}`);
    console.log(`  XLSX in the worker thread         ${f(runs.xlsx)}`);
    console.log(`  PDF on the main thread (compare)  ${f(runs.inline)}`);
    console.log(`    longest main-thread stall       ${f(runs.inlineStall)}`);
    const worst = Math.max(...runs.total);
    console.log(worst < 2000 ? 'OK: under 2 s' : `SLOW: ${worst.toFixed(0)} ms`);
  } finally {
    await db.close();
    await scratch?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
