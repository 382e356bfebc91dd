// The mail channel against real servers: Debian's Dovecot (IMAP, mail delivered over LMTP) and a real
// SMTP server for replies. A mail becomes a draft in the shared queue, is taken by one specialist,
// registered by the working calendar, answered on closing; replies thread into their entry; noise
// never becomes an entry; nothing is lost or doubled across outages and a UIDVALIDITY change.
import type request from 'supertest';
import type { EntryDetailsDto, EntryDto, MailQueueItemDto } from '../../shared/api';
import { toCp1251, toKoi8r } from '../support/cp1251';
import { dovecotAvailable, startDovecot, type Dovecot } from '../support/dovecot';
import { startTestServer, type TestServer } from '../support/server';
import { b64, testMail, until } from '../support/mail';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const run = dovecotAvailable() ? describe : describe.skip;

let seq = 0;
/** A mail from the school (a new sender each time unless given), with its Message-ID. */
function mail(o: { from?: string; subject?: string; body?: string; date?: string; id?: string; headers?: string[] }): {
  raw: string;
  id: string;
} {
  const id = o.id ?? `m${++seq}.${Date.now()}@school5.edu.test`;
  const raw = testMail({
    from: o.from ?? `${b64('Петрова Анна')} <teacher${seq}@school5.edu.test>`,
    subject: o.subject ?? 'Вопрос',
    body: o.body ?? 'Текст письма',
    id,
    date: o.date,
    headers: o.headers,
  });
  return { raw, id };
}

/** supertest: the body as bytes whatever its type. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

run('mail channel (Dovecot IMAP + SMTP)', () => {
  let dove: Dovecot;
  let smtp: SmtpSink;
  let srv: TestServer;
  let admin: request.Agent;
  let ivanova: request.Agent;
  let petrov: request.Agent;
  let ivanovaId: number;

  const queue = async (): Promise<MailQueueItemDto[]> =>
    ((await ivanova.get('/api/mail/queue')).body as { items: MailQueueItemDto[] }).items;
  const queued = (subject: string) =>
    until(`«${subject}» in the queue`, async () => (await queue()).find((q) => q.mail.subject === subject));
  const entry = async (id: number): Promise<EntryDetailsDto> =>
    (await ivanova.get(`/api/entries/${id}`)).body as EntryDetailsDto;
  const dispositions = () =>
    srv.db.dataSource.query<{ message_id: string; disposition: string; reason: string | null }[]>(
      `SELECT message_id, disposition, reason FROM mail_messages ORDER BY id`,
    );

  const smtpEnv = () => ({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_TLS: 'false',
    MAIL_FROM: 'Ситуационный центр <support@edu.test>',
    MAIL_RETRY_BASE_S: '0.3',
  });

  beforeAll(async () => {
    dove = await startDovecot();
    smtp = await startSmtpSink();
    srv = await startTestServer({
      env: {
        ...dove.env(),
        ...smtpEnv(),
        MAIL_SENDER_HOURLY_LIMIT: '3',
      },
    });
    admin = await srv.agent(srv.admin.login, srv.admin.password);
    ivanovaId = (await srv.createUser({ login: 'ivanova', password: 'ivanova-pass-1', fullName: 'Иванова И. И.' })).id;
    await srv.createUser({ login: 'petrov', password: 'petrov-pass-1', fullName: 'Петров П. П.' });
    ivanova = await srv.agent('ivanova', 'ivanova-pass-1');
    petrov = await srv.agent('petrov', 'petrov-pass-1');
    const org = await admin.post('/api/organizations').send({
      fullName: 'Муниципальное автономное общеобразовательное учреждение средняя школа № 5',
      shortName: 'МАОУ СОШ № 5',
      defaultSubsystem: 'school',
      emails: ['director@school5.edu.test'],
    });
    expect(org.status).toBe(201);
    await until('the mailbox link', async () => (await ivanova.get('/api/mail/status')).body.state === 'up');
  }, 60_000);

  afterAll(async () => {
    await srv?.stop();
    await smtp?.stop();
    dove?.stop();
  });

  it('a mail in windows-1251 with an attachment becomes a draft in the shared queue, flagged in the mailbox', async () => {
    const subject = 'Не выставляются оценки в журнале';
    const body = 'Добрый день! В 7 «Б» пропадают оценки после сохранения.';
    const file = 'Ошибка журнала — снимок.txt';
    const raw = Buffer.concat([
      Buffer.from(
        [
          `From: =?windows-1251?B?${toCp1251('Петрова Анна').toString('base64')}?= <Petrova@School5.edu.test>`,
          'To: desk@edu.test',
          `Subject: =?windows-1251?B?${toCp1251(subject).toString('base64')}?=`,
          `Date: ${new Date().toUTCString()}`,
          'Message-ID: <cp1251.1@school5.edu.test>',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain; charset=windows-1251',
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ].join('\r\n'),
      ),
      toCp1251(body),
      Buffer.from(
        [
          '',
          '--b1',
          `Content-Type: text/plain; name="=?windows-1251?B?${toCp1251(file).toString('base64')}?="`,
          `Content-Disposition: attachment; filename="=?windows-1251?B?${toCp1251(file).toString('base64')}?="`,
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from('строка 1\nстрока 2\n').toString('base64'),
          '--b1--',
          '',
        ].join('\r\n'),
      ),
    ]);
    await dove.deliver(raw);
    const item = await queued(subject);
    expect(item.mail.fromAddress).toBe('petrova@school5.edu.test');
    expect(item.mail.fromName).toBe('Петрова Анна');
    expect(item.mail.text).toContain('пропадают оценки');
    // The organisation is guessed from the sender's domain (the directory knows director@school5…).
    expect(item.organizationName).toBe('МАОУ СОШ № 5');
    expect(item.mail.attachments).toEqual([expect.objectContaining({ filename: file, size: expect.any(Number) })]);
    const draft = await entry(item.entryId);
    expect(draft).toMatchObject({ status: 'draft', channel: 'email', ownerId: null, subsystem: 'school' });
    expect(draft.senderEmail).toBe('petrova@school5.edu.test');
    expect(draft.description).toContain(subject);

    const download = await ivanova.get(`/api/mail/attachments/${item.mail.attachments[0]!.id}`).buffer(true);
    expect(download.status).toBe(200);
    expect((download.body as Buffer).toString('utf8')).toBe('строка 1\nстрока 2\n');
    expect(download.headers['content-disposition']).toContain(encodeURIComponent(file));
    const eml = await ivanova.get(`/api/mail/messages/${item.mail.id}/raw`).buffer(true).parse(binary);
    expect(eml.headers['content-type']).toBe('message/rfc822');
    // The message as delivered (the server adds its Return-Path and Received lines on top).
    const kept = eml.body as Buffer;
    expect(Buffer.compare(kept.subarray(kept.length - raw.length), raw)).toBe(0);

    // Taken messages are flagged where they are, never deleted.
    await until('the message flagged', () => dove.list().some((m) => m.flags.includes('$Callog')));
    expect(dove.list()[0]!.flags).toContain('\\Seen');
  });

  it('a KOI8-R mail and an HTML-only mail are read as text', async () => {
    const subject = 'Ошибка при выгрузке отчёта';
    await dove.deliver(
      Buffer.concat([
        Buffer.from(
          [
            'From: koi@college.edu.test',
            'To: desk@edu.test',
            `Subject: =?koi8-r?B?${toKoi8r(subject).toString('base64')}?=`,
            'Message-ID: <koi8.1@college.edu.test>',
            'MIME-Version: 1.0',
            'Content-Type: text/plain; charset=koi8-r',
            'Content-Transfer-Encoding: 8bit',
            '',
            '',
          ].join('\r\n'),
        ),
        toKoi8r('Отчёт "Успеваемость" не выгружается, ошибка 500.'),
      ]),
    );
    const koi = await queued(subject);
    expect(koi.mail.text).toContain('Отчёт "Успеваемость" не выгружается');
    await dove.deliver(
      [
        'From: html@college.edu.test',
        'To: desk@edu.test',
        'Subject: =?UTF-8?B?' + Buffer.from('Письмо в HTML').toString('base64') + '?=',
        'Message-ID: <html.1@college.edu.test>',
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(
          '<p>Не открывается <b>расписание</b>.</p><ul><li>7 «А»</li></ul><script>alert(1)</script>',
        ).toString('base64'),
        '',
      ].join('\r\n'),
    );
    const html = await queued('Письмо в HTML');
    expect(html.mail.text).toContain('Не открывается расписание');
    expect(html.mail.text).toContain('7 «А»');
    expect(html.mail.text).not.toMatch(/<p>|<b>|alert/);
  });

  it('one specialist takes a mail; the other is told it is taken; registration follows the working calendar', async () => {
    // Saturday afternoon in Tyumen: registered at the start of Monday (30.11.2026 08:30 +05).
    const { id } = mail({ subject: 'Сброс пароля учителя', date: 'Sat, 28 Nov 2026 15:00:00 +0500' });
    await dove.deliver(mail({ subject: 'Сброс пароля учителя', date: 'Sat, 28 Nov 2026 15:00:00 +0500', id }).raw);
    const item = await queued('Сброс пароля учителя');
    const [a, b] = await Promise.all([
      ivanova.post(`/api/mail/queue/${item.entryId}/take`),
      petrov.post(`/api/mail/queue/${item.entryId}/take`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.error.code).toBe('mail_taken');
    expect(loser.body.error.message).toMatch(/другой специалист/);
    const winner = a.status === 200 ? ivanova : petrov;
    expect((await queue()).some((q) => q.entryId === item.entryId)).toBe(false);

    const e = (await winner.get(`/api/entries/${item.entryId}`)).body as EntryDetailsDto;
    const reg = await winner
      .patch(`/api/entries/${item.entryId}`)
      .send({ version: e.version, type: 'support', subsystem: 'school', status: 'in_progress' });
    expect(reg.status).toBe(200);
    expect(reg.body.regNumber).toMatch(/^2026-\d{4}$/);
    expect(reg.body.registeredAt).toBe('2026-11-30T03:30:00.000Z');

    // In working time (Thursday 10:00 +05) the mail is registered at the moment it came in.
    await dove.deliver(mail({ subject: 'Отчёт не формируется', date: 'Thu, 26 Nov 2026 10:00:00 +0500' }).raw);
    const second = await queued('Отчёт не формируется');
    await ivanova.post(`/api/mail/queue/${second.entryId}/take`).expect(200);
    const d2 = await entry(second.entryId);
    const r2 = await ivanova
      .patch(`/api/entries/${second.entryId}`)
      .send({ version: d2.version, type: 'support', subsystem: 'school', status: 'in_progress' });
    expect(r2.body.registeredAt).toBe('2026-11-26T05:00:00.000Z');
    const history = (await entry(second.entryId)).history.map((h) => h.action);
    expect(history).toEqual(['mail_opened', 'mail_taken', 'register']);

    // Friday is short (08:30-16:00): a mail at 16:30 is registered at the start of Monday.
    await dove.deliver(mail({ subject: 'Не открывается дневник', date: 'Fri, 27 Nov 2026 16:30:00 +0500' }).raw);
    const third = await queued('Не открывается дневник');
    await ivanova.post(`/api/mail/queue/${third.entryId}/take`).expect(200);
    const r3 = await ivanova.patch(`/api/entries/${third.entryId}`).send({
      version: (await entry(third.entryId)).version,
      type: 'support',
      subsystem: 'school',
      status: 'in_progress',
    });
    expect(r3.status).toBe(200);
    expect(r3.body.registeredAt).toBe('2026-11-30T03:30:00.000Z');
  });

  it('a reply threads into its entry (by reference or by the number in the subject) and resumes it', async () => {
    const first = mail({ subject: 'Нет доступа к электронному дневнику' });
    await dove.deliver(first.raw);
    const item = await queued('Нет доступа к электронному дневнику');
    await ivanova.post(`/api/mail/queue/${item.entryId}/take`).expect(200);
    let e = await entry(item.entryId);
    const reg = await ivanova.patch(`/api/entries/${item.entryId}`).send({
      version: e.version,
      type: 'support',
      subsystem: 'school',
      status: 'awaiting_feedback',
    });
    expect(reg.status).toBe(200);
    const before = (await queue()).length;

    // The requester answers the original thread: In-Reply-To names their first mail.
    await dove.deliver(
      mail({
        subject: 'Re: Нет доступа к электронному дневнику',
        body: 'Логин ученика: ivanov.7b\n\n> Нет доступа',
        headers: [`In-Reply-To: <${first.id}>`, `References: <${first.id}>`],
      }).raw,
    );
    e = await until('the entry resumed', async () => {
      const x = await entry(item.entryId);
      return x.status === 'in_progress' ? x : null;
    });
    const received = e.history.find((h) => h.action === 'mail_received')!;
    expect(received.comment).toContain('Логин ученика: ivanov.7b');
    expect(received.comment).not.toContain('> Нет доступа');
    expect(e.history.some((h) => h.action === 'status' && h.comment === 'Получена обратная связь по почте')).toBe(true);
    expect(e.mails).toHaveLength(2);

    // The owner's desk list marks the entry until the owner opens it; a colleague opening it does not count.
    const mine = async () =>
      ((await ivanova.get(`/api/entries?ownerId=${ivanovaId}&status=open`)).body as { items: EntryDto[] }).items.find(
        (x) => x.id === item.entryId,
      )!;
    expect((await mine()).newMailAt).not.toBeNull();
    await petrov.post(`/api/entries/${item.entryId}/mail-seen`).expect(204);
    expect((await mine()).newMailAt).not.toBeNull();
    await ivanova.post(`/api/entries/${item.entryId}/mail-seen`).expect(204);
    expect((await mine()).newMailAt).toBeNull();
    expect((await entry(item.entryId)).version).toBe(e.version);
    await ivanova.post('/api/entries/999999/mail-seen').expect(404);

    // A new mail that only carries the number in its subject joins the same entry.
    await dove.deliver(mail({ subject: `Дополнение [№ ${e.regNumber}]`, body: 'Ещё скриншот' }).raw);
    await until('the second reply', async () => (await entry(item.entryId)).mails.length === 3);
    expect((await queue()).length).toBe(before);
    expect((await mine()).newMailAt).not.toBeNull();
  });

  it('closing an email entry sends the edited resolution to the sender, threaded; the answer to it joins the entry', async () => {
    const first = mail({ subject: 'Как добавить ученика в класс?', from: 'teacher@school5.edu.test' });
    await dove.deliver(first.raw);
    const item = await queued('Как добавить ученика в класс?');
    await ivanova.post(`/api/mail/queue/${item.entryId}/take`).expect(200);
    const e = await entry(item.entryId);
    const closed = await ivanova.patch(`/api/entries/${item.entryId}`).send({
      version: e.version,
      type: 'support',
      subsystem: 'school',
      status: 'closed',
      resolution: 'Дана инструкция',
      mailReply: 'Здравствуйте! Откройте «Классы» → «Ученики» → «Добавить».\n\nСитуационный центр',
    });
    expect(closed.status).toBe(200);
    const sent = await until('the reply at the SMTP server', () =>
      smtp.received.find((m) => m.mail.subject?.includes('Как добавить ученика')),
    );
    expect(sent.mail.subject).toBe(`[№ ${closed.body.regNumber}] Re: Как добавить ученика в класс?`);
    expect(sent.mail.to).toMatchObject({ text: 'teacher@school5.edu.test' });
    expect(sent.mail.from?.text).toContain('support@edu.test');
    expect(sent.mail.inReplyTo).toBe(`<${first.id}>`);
    expect(sent.mail.text).toContain('«Классы» → «Ученики»');
    const after = await until('the reply marked sent', async () => {
      const x = await entry(item.entryId);
      return x.replies[0]?.status === 'sent' ? x : null;
    });
    expect(after.history.map((h) => h.action)).toEqual([
      'mail_opened',
      'mail_taken',
      'register',
      'mail_queued',
      'mail_sent',
    ]);

    // The sender's requests are found by address (the panel's «Другие запросы отправителя»).
    const bySender = (await ivanova.get('/api/entries?sender=Teacher@school5.edu.test')).body as {
      items: { id: number }[];
    };
    expect(bySender.items.map((x) => x.id)).toEqual([item.entryId]);

    // "Thank you" to our reply: added to the closed entry's history, no new request.
    await dove.deliver(
      mail({
        subject: `Re: ${sent.mail.subject}`,
        from: 'teacher@school5.edu.test',
        body: 'Спасибо, получилось!',
        headers: [`In-Reply-To: ${sent.mail.messageId}`],
      }).raw,
    );
    await until('the thanks in the history', async () =>
      (await entry(item.entryId)).history.some((h) => h.comment?.includes('Спасибо, получилось')),
    );
    expect((await entry(item.entryId)).status).toBe('closed');
  });

  it('auto-replies, bounces and lists never become entries and are never answered', async () => {
    const before = (await queue()).length;
    const sentBefore = smtp.received.length;
    const noise = [
      mail({ subject: 'Автоответ: в отпуске', headers: ['Auto-Submitted: auto-replied'] }),
      mail({ subject: 'Out of office', headers: ['X-Autoreply: yes'] }),
      mail({ subject: 'Новости портала', headers: ['List-Id: <news.edu.test>', 'Precedence: list'] }),
      mail({ subject: 'Рассылка', headers: ['Precedence: bulk'] }),
      mail({ subject: 'Undelivered Mail Returned to Sender', from: 'MAILER-DAEMON@edu.test' }),
    ];
    for (const n of noise) await dove.deliver(n.raw);
    const report = [
      'From: Mail Delivery System <mailer-daemon@relay.test>',
      'To: desk@edu.test',
      'Subject: Delivery Status Notification (Failure)',
      'Message-ID: <dsn.1@relay.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
      '',
      '--r',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--r--',
      '',
    ].join('\r\n');
    await dove.deliver(report);
    const ids = [...noise.map((n) => n.id), 'dsn.1@relay.test'];
    const rows = await until('the noise taken in', async () => {
      const all = await dispositions();
      const mine = all.filter((r) => ids.includes(r.message_id));
      return mine.length === ids.length ? mine : null;
    });
    expect(rows.every((r) => r.disposition === 'ignored' && r.reason)).toBe(true);
    expect((await queue()).length).toBe(before);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.length).toBe(sentBefore);
  });

  it('a sender flooding the mailbox is held for a person; an admin releases a held mail into the queue', async () => {
    const from = 'robot@flood.example';
    for (let i = 1; i <= 5; i++) await dove.deliver(mail({ from, subject: `Заявка ${i}` }).raw);
    const held = await until('held mail', async () => {
      const items = (await admin.get('/api/mail/held')).body.items as { id: number; subject: string; reason: string }[];
      return items.length === 2 ? items : null;
    });
    expect(held[0]!.reason).toMatch(/более 3 писем от robot@flood\.example за час/);
    expect((await queue()).filter((q) => q.mail.fromAddress === from)).toHaveLength(3);
    expect((await ivanova.post(`/api/mail/held/${held[0]!.id}/release`)).status).toBe(403);
    const released = await admin.post(`/api/mail/held/${held[0]!.id}/release`);
    expect(released.status).toBe(200);
    expect((await queue()).filter((q) => q.mail.fromAddress === from)).toHaveLength(4);
  });

  it('replies survive SMTP trouble: 4xx and a server away are retried (one mail, same Message-ID), 5xx stops', async () => {
    const close = async (subject: string, from: string) => {
      await dove.deliver(mail({ subject, from }).raw);
      const item = await queued(subject);
      await ivanova.post(`/api/mail/queue/${item.entryId}/take`).expect(200);
      const e = await entry(item.entryId);
      const r = await ivanova.patch(`/api/entries/${item.entryId}`).send({
        version: e.version,
        type: 'support',
        subsystem: 'kindergarten',
        status: 'closed',
        resolution: `Решено: ${subject}`,
      });
      expect(r.status).toBe(200);
      return item.entryId;
    };
    const at = (subject: string) => smtp.received.filter((m) => m.mail.subject?.includes(subject));

    smtp.failNext(3, 451);
    const a = await close('Очередь в детский сад', 'sad1@kinder.edu.test');
    await until('sent after three 451', () => at('Очередь в детский сад').length === 1, 30_000);
    const ea = await until('marked sent', async () => {
      const x = await entry(a);
      return x.replies[0]?.status === 'sent' ? x : null;
    });
    expect(ea.replies[0]!.attempts).toBe(4);
    expect(ea.history.map((h) => h.action)).toEqual(expect.arrayContaining(['mail_retry', 'mail_sent']));
    expect(at('Очередь в детский сад')[0]!.mail.text).toContain('Решено: Очередь в детский сад');

    smtp.failNext(1, 550);
    const b = await close('Заявление не найдено', 'sad2@kinder.edu.test');
    const eb = await until('failed for good', async () => {
      const x = await entry(b);
      return x.replies[0]?.status === 'failed' ? x : null;
    });
    expect(eb.history.find((h) => h.action === 'mail_failed')!.comment).toMatch(/отказал/);
    await new Promise((r) => setTimeout(r, 1500));
    expect(at('Заявление не найдено')).toHaveLength(0);

    await smtp.stop();
    const c = await close('Справка об обучении', 'college@college.edu.test');
    await until('a failed attempt', async () => (await entry(c)).replies[0]!.attempts >= 1);
    expect((await entry(c)).replies[0]!.status).toBe('queued');
    // The instance that queued it goes away; another one (or the same after a restart) sends it
    // once the mail server is back: the reply lives in the database, not in a process.
    await srv.outbox.stop();
    const other = await startTestServer({ databaseUrl: srv.databaseUrl, env: smtpEnv() });
    try {
      await smtp.start();
      await until('sent once the server is back', () => at('Справка об обучении').length === 1, 40_000);
      await until('recorded as sent', async () => (await entry(c)).replies[0]!.status === 'sent');
    } finally {
      await other.stop();
    }
    const rows = await srv.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE entry_id = $1`,
      [c],
    );
    expect(rows[0]!.n).toBe(1);
    expect(at('Справка об обучении')).toHaveLength(1);
  }, 60_000);

  it('after an IMAP outage and a UIDVALIDITY change every mail is taken exactly once', async () => {
    const countOf = async () =>
      Number((await srv.db.dataSource.query(`SELECT count(*)::int AS n FROM mail_messages`))[0].n);
    dove.stop();
    await until('the link shown down', async () => (await ivanova.get('/api/health')).body.mail === 'down');
    await dove.start();
    const during = mail({ subject: 'Письмо после сбоя' });
    await dove.deliver(during.raw);
    await queued('Письмо после сбоя');
    await until('the link up again', async () => (await ivanova.get('/api/mail/status')).body.state === 'up');

    const before = await countOf();
    // The mailbox is rebuilt (new UIDVALIDITY): every message in it looks new to IMAP.
    await dove.resetUids();
    const after = mail({ subject: 'Письмо после смены UIDVALIDITY' });
    await dove.deliver(after.raw);
    await queued('Письмо после смены UIDVALIDITY');
    expect(await countOf()).toBe(before + 1);
    const subjects = (await queue()).map((q) => q.mail.subject);
    expect(subjects.filter((s) => s === 'Письмо после сбоя')).toHaveLength(1);
    const cursor = await srv.db.dataSource.query(`SELECT uid_validity FROM mail_cursors`);
    expect(cursor).toHaveLength(1);
  }, 60_000);

  it('a specialist cannot read another specialist’s mail draft, nor take one as head', async () => {
    await dove.deliver(mail({ subject: 'Личное дело ученика' }).raw);
    const item = await queued('Личное дело ученика');
    await petrov.post(`/api/mail/queue/${item.entryId}/take`).expect(200);
    expect((await ivanova.get(`/api/entries/${item.entryId}`)).status).toBe(404);
    const att = await ivanova.get(`/api/mail/messages/${item.mail.id}/raw`);
    expect(att.status).toBe(404);
    expect(ivanovaId).toBeGreaterThan(0);
  });
});
