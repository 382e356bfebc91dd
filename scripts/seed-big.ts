// npm run seed:big — fills the configured database (DATABASE_URL, else the embedded one in DATA_DIR)
// with a realistic three-year history: 10 specialists, 1,000 organisations, 1M calls, 1M entries.
// The rows are generated inside PostgreSQL (generate_series), in batches, with registration numbers
// per year, statuses, resolutions and calls linked to their entries.
import type { DataSource } from 'typeorm';

const WORDS = {
  problem: [
    'Не открывается',
    'Не отображается',
    'Ошибка при сохранении',
    'Не приходит уведомление о',
    'Нет доступа к',
    'Неверно рассчитывается',
    'Не загружается',
    'Зависает',
    'Не удаётся изменить',
    'Пропали данные в',
    'Не печатается',
    'Как добавить',
    'Как удалить',
    'Не совпадает',
    'Требуется восстановить',
  ],
  object: [
    'электронный журнал',
    'расписание уроков',
    'табель посещаемости',
    'карточка ученика',
    'личный кабинет родителя',
    'очередь в детский сад',
    'заявление о зачислении',
    'отчёт по успеваемости',
    'итоговые оценки',
    'домашнее задание',
    'список группы',
    'приказ о зачислении',
    'учебный план',
    'портфолио студента',
    'ведомость',
    'пароль администратора',
    'меню питания',
    'журнал посещаемости группы',
    'нагрузка преподавателя',
    'выгрузка в ФИС ФРДО',
  ],
  detail: [
    'после обновления',
    'у классного руководителя',
    'с мобильного телефона',
    'в браузере Яндекс',
    'для 5 «Б» класса',
    'у всех педагогов',
    'с прошлой недели',
    'при переходе на новый учебный год',
    'после смены пароля',
    'в разделе «Отчёты»',
    'для выпускников',
    'у одного родителя',
  ],
  resolution: [
    'Дана консультация по телефону',
    'Права выданы администратором ОО',
    'Ошибка исправлена разработчиком, проверено',
    'Очищен кэш браузера, работает',
    'Данные восстановлены из резервной копии',
    'Направлена инструкция на эл. почту',
    'Пароль сброшен, новый направлен администратору',
    'Рекомендовано обновить браузер',
  ],
  surname: [
    'Иванова',
    'Петрова',
    'Сидорова',
    'Кузнецова',
    'Смирнова',
    'Попова',
    'Васильева',
    'Морозова',
    'Новикова',
    'Фёдорова',
    'Волкова',
    'Соколова',
  ],
  name: [
    'Анна Сергеевна',
    'Ольга Ивановна',
    'Елена Петровна',
    'Татьяна Викторовна',
    'Ирина Николаевна',
    'Наталья Александровна',
    'Светлана Юрьевна',
    'Марина Геннадьевна',
  ],
  kind: ['МАОУ СОШ', 'МАДОУ детский сад', 'ГАПОУ ТО колледж', 'МАОУ гимназия', 'МАОУ лицей', 'МАДОУ ЦРР детский сад'],
  town: ['г. Тюмени', 'г. Тобольска', 'г. Ишима', 'г. Ялуторовска', 'Тюменского района', 'Голышмановского ГО'],
};

const arr = (xs: string[]) => `(ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}])`;
/** A random element of a word list, chosen per row. */
const pick = (xs: string[]) => `${arr(xs)}[1 + floor(random() * ${xs.length})::int]`;

export interface SeedOptions {
  entries: number;
  calls: number;
  batch?: number;
  log?: (m: string) => void;
}

/** Seeds a migrated database; idempotent per run only for users and organisations. */
export async function seedBig(ds: DataSource, o: SeedOptions): Promise<void> {
  const log = o.log ?? console.log;
  const batch = o.batch ?? 100_000;
  const t0 = Date.now();

  // Specialists 201..210 and the organisations.
  for (let i = 1; i <= 10; i++) {
    const rows: { id: number }[] = await ds.query(
      `INSERT INTO users (login, password_hash, full_name, role) VALUES ($1, 'seed:no-login', $2, 'specialist')
       ON CONFLICT (login) DO UPDATE SET login = EXCLUDED.login RETURNING id`,
      [`seed${i}`, `${WORDS.surname[i % WORDS.surname.length]} ${WORDS.name[i % WORDS.name.length]}`],
    );
    await ds.query(`INSERT INTO user_extensions (extension, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
      `${200 + i}`,
      rows[0]!.id,
    ]);
  }
  const users: { id: number }[] = await ds.query(`SELECT id FROM users WHERE login LIKE 'seed%' ORDER BY id`);
  const userIds = `(ARRAY[${users.map((u) => u.id).join(',')}])`;
  const orgCount: { n: number }[] = await ds.query(`SELECT count(*)::int AS n FROM organizations`);
  if (orgCount[0]!.n < 1000) {
    await ds.query(`
      INSERT INTO organizations (full_name, short_name, municipality, kind, default_subsystem)
      SELECT k || ' № ' || g || ' ' || t, k || ' № ' || g, t, k,
             CASE WHEN k LIKE '%сад%' THEN 'kindergarten' WHEN k LIKE '%колледж%' THEN 'college' ELSE 'school' END
        FROM generate_series(1, 1000) g,
             LATERAL (SELECT ${arr(WORDS.kind)}[1 + g % ${WORDS.kind.length}] AS k, ${arr(WORDS.town)}[1 + g % ${WORDS.town.length}] AS t) x`);
    await ds.query(`
      INSERT INTO organization_phones (organization_id, phone, raw)
      SELECT id, '73452' || lpad((100000 + id * 7)::text, 6, '0'), '' FROM organizations ON CONFLICT DO NOTHING`);
  }
  const orgs: { id: number }[] = await ds.query(`SELECT id FROM organizations ORDER BY id LIMIT 1000`);
  const orgIds = `(ARRAY[${orgs.map((x) => x.id).join(',')}])`;
  const lines: { id: number }[] = await ds.query(`SELECT id FROM lines ORDER BY id`);
  const lineIds = `(ARRAY[${lines.map((l) => l.id).join(',')}])`;
  // Rows are written in time order, as a journal is: a month is a contiguous stretch of the table.
  const span = { rows: Math.max(o.entries, o.calls), seconds: 1050 * 86400 };
  const startCalls: { n: number }[] = await ds.query(`SELECT coalesce(max(id), 0)::int AS n FROM calls`);
  const base = startCalls[0]!.n;
  const when = (g: string) =>
    `timestamptz '2024-01-09 03:30+00' + make_interval(secs => (${g} - 1)::float8 / ${span.rows} * ${span.seconds} + (${g} * 37) % 600)`;

  // Calls: 80 % answered (g % 20 < 16), 15 % missed, 5 % abandoned; ids base + g.
  for (let from = 1; from <= o.calls; from += batch) {
    const to = Math.min(o.calls, from + batch - 1);
    await ds.query(`
      INSERT INTO calls (id, linkedid, pbx_id, direction, line_id, caller_number, caller_number_norm, state, outcome,
                         after_hours, started_at, answered_at, ended_at, wait_seconds, talk_seconds, total_seconds,
                         hangup_cause, extension, user_id, legs)
      SELECT ${base} + g, 'seed-${base}-' || g, 'seed', 'inbound', ${lineIds}[1 + g % ${lines.length}],
             '8' || num, '7' || num, 'ended',
             CASE WHEN g % 20 < 16 THEN 'answered' WHEN g % 20 < 19 THEN 'missed' ELSE 'abandoned' END,
             extract(hour FROM s AT TIME ZONE 'Asia/Yekaterinburg') NOT BETWEEN 8 AND 16,
             s, CASE WHEN g % 20 < 16 THEN s + make_interval(secs => w) END,
             s + make_interval(secs => w + talk), w, CASE WHEN g % 20 < 16 THEN talk END, w + talk, 16,
             CASE WHEN g % 20 < 16 THEN (200 + 1 + g % 10)::text END,
             CASE WHEN g % 20 < 16 THEN ${userIds}[1 + g % 10] END, '[]'
        FROM generate_series(${from}, ${to}) g,
             LATERAL (SELECT 3 + floor(random() * 25)::int AS w, 30 + floor(random() * 600)::int AS talk,
                             '3452' || lpad((100000 + (g::bigint * 7919) % 2000 * 7)::text, 6, '0') AS num,
                             ${when('g')} AS s) x`);
    log(
      `calls ${to.toLocaleString('en-US')} / ${o.calls.toLocaleString('en-US')}  (${Math.round((Date.now() - t0) / 1000)} s)`,
    );
  }
  await ds.query(`SELECT setval(pg_get_serial_sequence('calls', 'id'), (SELECT max(id) FROM calls))`);

  // Entries: phone ones (g % 20 < 15) come from answered call g; registration numbers per year are
  // given here, in date order, continuing the counters (no later UPDATE: no dead rows).
  for (let from = 1; from <= o.entries; from += batch) {
    const to = Math.min(o.entries, from + batch - 1);
    await ds.query(`
      INSERT INTO entries (status, type, subsystem, description, organization_name, organization_id, person_name,
                           additional_info, resolution, resolved_at, note, channel, line_id, caller_number,
                           caller_number_norm, sender_email, owner_id, created_by_id, approval, registered_at,
                           created_at, updated_at, origin_call_id, reg_year, reg_seq, reg_number)
      SELECT st, ty, ss,
             ${pick(WORDS.problem)} || ' ' || ${pick(WORDS.object)} || ' ' || ${pick(WORDS.detail)},
             o.short_name, o.id,
             ${pick(WORDS.surname)} || ' ' || ${pick(WORDS.name)},
             '', CASE WHEN st IN ('resolved', 'closed') THEN ${pick(WORDS.resolution)} ELSE '' END,
             CASE WHEN st IN ('resolved', 'closed') THEN reg + interval '2 hours' END, '',
             ch, CASE WHEN ch = 'phone' THEN ${lineIds}[1 + g % ${lines.length}] END,
             CASE WHEN ch = 'phone' THEN '8' || num END, CASE WHEN ch = 'phone' THEN '7' || num END,
             CASE WHEN ch = 'email' THEN 'school' || (g % 1000) || '@edu72.ru' END,
             ${userIds}[1 + g % 10], ${userIds}[1 + g % 10],
             CASE WHEN ty = 'support' THEN NULL WHEN st = 'passed_to_developer' THEN 'approved' WHEN st = 'in_progress' THEN 'pending' ELSE 'approved' END,
             reg, reg, reg,
             CASE WHEN ch = 'phone' AND g <= ${o.calls} THEN ${base} + g END,
             y, seq, y || '-' || lpad(seq::text, greatest(4, length(seq::text)), '0')
        FROM (
          SELECT *, row_number() OVER (PARTITION BY y ORDER BY g)
                    + coalesce((SELECT last_seq FROM reg_counters rc WHERE rc.year = y), 0) AS seq
            FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3,
                         '3452' || lpad((100000 + (g::bigint * 7919) % 2000 * 7)::text, 6, '0') AS num,
                         ${when('g')} AS reg,
                         extract(year FROM (${when('g')}) AT TIME ZONE 'Asia/Yekaterinburg')::int AS y
                    FROM generate_series(${from}, ${to}) g) gen
        ) x,
             LATERAL (SELECT CASE WHEN r1 < 0.80 THEN 'support' WHEN r1 < 0.95 THEN 'bug' ELSE 'improvement' END AS ty,
                             CASE WHEN r2 < 0.40 THEN 'school' WHEN r2 < 0.75 THEN 'kindergarten' ELSE 'college' END AS ss,
                             CASE WHEN r3 < 0.70 THEN 'closed' WHEN r3 < 0.80 THEN 'resolved' WHEN r3 < 0.90 THEN 'in_progress'
                                  WHEN r3 < 0.95 THEN 'awaiting_feedback' ELSE 'passed_to_developer' END AS st,
                             CASE WHEN g % 20 < 15 THEN 'phone' WHEN g % 20 < 19 THEN 'email' ELSE 'manual' END AS ch) y2,
             LATERAL (SELECT id, short_name FROM organizations WHERE id = ${orgIds}[1 + (g * 31) % ${orgs.length}]) o
       ORDER BY g`);
    await ds.query(`
      INSERT INTO reg_counters (year, last_seq)
      SELECT reg_year, max(reg_seq) FROM entries WHERE reg_year IS NOT NULL GROUP BY reg_year
      ON CONFLICT (year) DO UPDATE SET last_seq = GREATEST(reg_counters.last_seq, EXCLUDED.last_seq)`);
    log(
      `entries ${to.toLocaleString('en-US')} / ${o.entries.toLocaleString('en-US')}  (${Math.round((Date.now() - t0) / 1000)} s)`,
    );
  }

  log('linking the calls to their entries…');
  await ds.query(
    `UPDATE calls SET entry_id = e.id FROM entries e WHERE e.origin_call_id = calls.id AND calls.entry_id IS NULL`,
  );
  log(`linked (${Math.round((Date.now() - t0) / 1000)} s); vacuum analyze…`);
  await ds.query('VACUUM ANALYZE entries');
  await ds.query('VACUUM ANALYZE calls');
  await ds.query('ANALYZE');
  log(`done in ${Math.round((Date.now() - t0) / 1000)} s`);
}

async function main() {
  const { loadConfig } = await import('../server/config');
  const { openDatabase } = await import('../server/db/data-source');
  const config = loadConfig();
  const n = Number(process.argv[2] ?? 1_000_000);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    console.log(
      `Seeding ${n.toLocaleString('en-US')} entries and calls into ${config.databaseUrl ? 'PostgreSQL' : `the embedded database in ${config.dataDir}`}…`,
    );
    await seedBig(db.dataSource, { entries: n, calls: n });
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
