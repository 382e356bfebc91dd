// npm run bench:mail — a burst of 500 mails into a real mailbox (Dovecot, delivered over LMTP) with
// callog running as its own process on PostgreSQL: 450 requests (windows-1251, KOI8-R and UTF-8, every
// fifth with an attachment) and 50 auto-replies, bounces and list mail. Checks that every request became
// exactly one draft and no noise did (then 20 mails one at a time), and prints the intake throughput and the time from delivery to
// the draft in the desk's «Почта» queue as a desk sees it (its socket's `mail:queue`, then the list).
import pg from 'pg';
import { io as connect } from 'socket.io-client';
import request from 'supertest';
import type { MailQueueItemDto } from '../../shared/api';
import { toCp1251, toKoi8r } from '../support/cp1251';
import { dovecotAvailable, startDovecot } from '../support/dovecot';
import { b64 } from '../support/mail';
import { createScratchDatabase, postgresAdminUrl } from '../support/pg';
import { startServerProcess } from '../support/server-process';

const REQUESTS = 450;
const NOISE = 50;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });

const TOPICS = [
  'Не открывается электронный дневник',
  'Сброс пароля учителя',
  'Очередь в детский сад: заявление не видно',
  'Не формируется отчёт о посещаемости',
  'Ошибка при выставлении оценок',
  'Зачисление в первый класс',
];

/** A request from school `i`: the charset turns with i, every fifth carries an attachment. */
function requestMail(i: number): { raw: string; subject: string } {
  const subject = `${TOPICS[i % TOPICS.length]} (школа ${i})`;
  const body = `Здравствуйте! ${subject}. Просим помочь, ученики ждут. Ответственный: Иванова Мария Петровна.`;
  const charset = ['windows-1251', 'koi8-r', 'utf-8'][i % 3]!;
  const enc = (s: string) =>
    charset === 'windows-1251' ? toCp1251(s) : charset === 'koi8-r' ? toKoi8r(s) : Buffer.from(s);
  const head = [
    `From: =?${charset}?B?${enc(`Школа ${i}`).toString('base64')}?= <school${i}@edu.test>`,
    'To: desk@edu.test',
    `Subject: =?${charset}?B?${enc(subject).toString('base64')}?=`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <burst-${i}@edu.test>`,
    'MIME-Version: 1.0',
  ];
  const text = [
    `Content-Type: text/plain; charset=${charset}`,
    'Content-Transfer-Encoding: base64',
    '',
    enc(body).toString('base64'),
  ];
  if (i % 5) return { subject, raw: [...head, ...text, ''].join('\r\n') };
  const boundary = `b-${i}`;
  return {
    subject,
    raw: [
      ...head,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      ...text,
      `--${boundary}`,
      `Content-Type: text/plain; name="${b64('ошибка.txt')}"`,
      `Content-Disposition: attachment; filename="${b64('ошибка.txt')}"`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(`Журнал ошибок школы ${i}\n`.repeat(50)).toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  };
}

/** Noise `k`: an out-of-office reply, a bounce, a list mail or an X-Autoreply, in turn. */
function noiseMail(k: number): string {
  const kind = k % 4;
  const from = kind === 1 ? 'MAILER-DAEMON@mx.edu.test' : `teacher${k}@edu.test`;
  const headers = [
    ['Auto-Submitted: auto-replied'],
    [],
    ['Precedence: list', 'List-Id: <news.edu.test>'],
    ['X-Autoreply: yes'],
  ][kind]!;
  const type =
    kind === 1
      ? [
          'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
          '',
          '--r',
          'Content-Type: text/plain',
          '',
          'Undelivered',
          '--r--',
        ]
      : [
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from('Я в отпуске до 10.12.').toString('base64'),
        ];
  return [
    `From: ${from}`,
    'To: desk@edu.test',
    `Subject: ${b64(kind === 1 ? 'Недоставленное сообщение' : 'Автоответ: в отпуске')}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <noise-${k}@edu.test>`,
    ...headers,
    'MIME-Version: 1.0',
    ...type,
    '',
  ].join('\r\n');
}

async function main() {
  if (!dovecotAvailable()) throw new Error('bench:mail needs Dovecot (apt-get install -y dovecot-imapd dovecot-lmtpd)');
  const admin = await postgresAdminUrl();
  if (!admin) throw new Error('bench:mail needs PostgreSQL (TEST_DATABASE_URL or 127.0.0.1:5432)');
  const db = await createScratchDatabase(admin, 'callog_bench_mail');
  const dove = await startDovecot();
  const server = await startServerProcess({
    compiled: true,
    databaseUrl: db.url,
    env: { ...dove.env(), MAIL_SENDER_HOURLY_LIMIT: '20' },
  });
  const client = new pg.Client(db.url);
  await client.connect();
  const sock = connect(server.url, { transports: ['websocket'], autoConnect: false });
  try {
    const adminAgent = request.agent(server.url);
    await adminAgent.post('/api/auth/login').send({ login: 'admin', password: 'admin-password-1' }).expect(200);
    await adminAgent
      .post('/api/users')
      .send({
        login: 'desk1',
        password: 'desk1-pass-1',
        fullName: 'Специалист 1',
        role: 'specialist',
        extensions: ['101'],
      })
      .expect(201);
    const desk = request.agent(server.url);
    const login = await desk.post('/api/auth/login').send({ login: 'desk1', password: 'desk1-pass-1' }).expect(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;

    // The desk: on every `mail:queue` the list is read again (one read at a time, as the page does).
    const mails = Array.from({ length: REQUESTS }, (_, i) => requestMail(i + 1));
    const delivered = new Map<string, number>();
    const seen = new Map<string, number>();
    let reading = false;
    let again = false;
    const readQueue = async (): Promise<void> => {
      if (reading) {
        again = true;
        return;
      }
      reading = true;
      do {
        again = false;
        const res = await desk.get('/api/mail/queue');
        const now = performance.now();
        for (const q of (res.body as { items: MailQueueItemDto[] }).items)
          if (!seen.has(q.mail.subject)) seen.set(q.mail.subject, now);
      } while (again);
      reading = false;
    };
    sock.io.opts.extraHeaders = { Cookie: cookie };
    sock.on('mail:queue', () => void readQueue());
    sock.connect();
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const statusUp = async () => {
      for (let i = 0; i < 200; i++) {
        const s = await desk.get('/api/mail/status');
        if ((s.body as { state: string }).state === 'up') return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the mailbox link did not come up');
    };
    await statusUp();

    // The burst: requests and noise interleaved, four LMTP deliveries at a time.
    const order: (() => Promise<void>)[] = [];
    let noise = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const m = mails[i]!;
      order.push(async () => {
        await dove.deliver(m.raw);
        delivered.set(m.subject, performance.now());
      });
      if (i % 9 === 8) {
        const raw = noiseMail(noise++);
        order.push(() => dove.deliver(raw));
      }
    }
    const t0 = performance.now();
    for (let i = 0; i < order.length; i += 4) await Promise.all(order.slice(i, i + 4).map((f) => f()));
    const deliveredIn = performance.now() - t0;

    const deadline = Date.now() + 120_000;
    for (;;) {
      const [{ n }] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM mail_messages')).rows as [
        { n: number },
      ];
      if (n >= REQUESTS + NOISE && seen.size >= REQUESTS) break;
      if (Date.now() > deadline) throw new Error(`only ${n} mails taken, ${seen.size} drafts seen after 120 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const takenIn = performance.now() - t0;
    const waits = mails.map((m) => seen.get(m.subject)! - delivered.get(m.subject)!);

    // One mail at a time, after the burst: the time a desk waits for an ordinary mail.
    const singles: number[] = [];
    for (let i = 0; i < 20; i++) {
      const m = requestMail(REQUESTS + 1 + i);
      const at = performance.now();
      await dove.deliver(m.raw);
      while (!seen.has(m.subject)) {
        if (performance.now() - at > 30_000) throw new Error(`mail ${i} alone did not reach the queue in 30 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      singles.push(seen.get(m.subject)! - at);
      await new Promise((r) => setTimeout(r, 200));
    }

    const dispositions = (
      await client.query<{ disposition: string; n: number }>(
        'SELECT disposition, count(*)::int AS n FROM mail_messages GROUP BY 1 ORDER BY 1',
      )
    ).rows;
    const drafts = (
      await client.query<{ n: number; distinct_mails: number; attachments: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT m.message_id)::int AS distinct_mails,
                (SELECT count(*)::int FROM mail_attachments) AS attachments
           FROM entries e JOIN mail_messages m ON m.entry_id = e.id WHERE e.channel = 'email'`,
      )
    ).rows[0]!;
    const noiseEntries = (
      await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM mail_messages WHERE message_id LIKE 'noise-%' AND entry_id IS NOT NULL`,
      )
    ).rows[0]!.n;
    const garbled = (
      await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM entries WHERE channel = 'email' AND description NOT LIKE '%Здравствуйте!%'`,
      )
    ).rows[0]!.n;

    console.log(
      `\nMail burst: ${REQUESTS} requests + ${NOISE} auto-replies/bounces/lists into Dovecot over LMTP (4 at a time)`,
    );
    console.log('| figure | value |');
    console.log('|---|---|');
    console.log(`| delivered in | ${fmt(deliveredIn / 1000)} s |`);
    console.log(`| all taken in (from the first delivery) | ${fmt(takenIn / 1000)} s |`);
    console.log(`| intake throughput | ${fmt(((REQUESTS + NOISE) * 1000) / takenIn)} mails/s |`);
    console.log(`| delivery -> draft in the desk's queue, p50 | ${fmt(pct(waits, 50))} ms |`);
    console.log(`| delivery -> draft in the desk's queue, p95 | ${fmt(pct(waits, 95))} ms |`);
    console.log(`| delivery -> draft in the desk's queue, max | ${fmt(Math.max(...waits))} ms |`);
    console.log(
      `| one mail alone (20 in turn): delivery -> queue, p50 / p95 | ${fmt(pct(singles, 50))} / ${fmt(pct(singles, 95))} ms |`,
    );
    console.log(`| mails by disposition | ${dispositions.map((d) => `${d.disposition} ${d.n}`).join(', ')} |`);
    console.log(
      `| drafts / distinct mails behind them / attachments | ${drafts.n} / ${drafts.distinct_mails} / ${drafts.attachments} |`,
    );
    console.log(`| entries from noise | ${noiseEntries} |`);
    console.log(`| drafts whose text did not decode | ${garbled} |`);
    const ok =
      drafts.n === REQUESTS + 20 &&
      drafts.distinct_mails === REQUESTS + 20 &&
      noiseEntries === 0 &&
      garbled === 0 &&
      drafts.attachments === (REQUESTS + 20) / 5;
    console.log(ok ? 'every request taken exactly once, no entry from noise' : 'MISMATCH: see the table');
    if (!ok) process.exitCode = 1;
  } finally {
    sock.close();
    await client.end();
    await server.stop();
    dove.stop();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
