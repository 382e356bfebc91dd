// classify.ts on mail as mailparser reads it: what is noise, which entry a subject names, a reply's own
// words, message-id lists.
import { simpleParser, type ParsedMail } from 'mailparser';
import { excerpt, idList, noiseReason, ownWords, refNumberIn } from './classify';

const b64 = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;

/** A small raw RFC 822 message (CRLF): a person's mail unless headers say otherwise. */
function raw(
  o: { from?: string; returnPath?: string | null; subject?: string; headers?: string[]; body?: string } = {},
): string {
  return [
    ...(o.returnPath === null ? [] : [`Return-Path: ${o.returnPath ?? '<anna.petrova@school5.edu.test>'}`]),
    `From: ${o.from ?? `${b64('Петрова Анна')} <Anna.Petrova@school5.edu.test>`}`,
    'To: desk@edu.test',
    `Subject: ${b64(o.subject ?? 'Не выставляются оценки')}`,
    'Date: Thu, 26 Nov 2026 10:00:00 +0500',
    'Message-ID: <m1.20261126@school5.edu.test>',
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    o.body ?? 'Добрый день! В 7 «Б» пропадают оценки.',
    '',
  ].join('\r\n');
}

const parse = (source: string): Promise<ParsedMail> =>
  simpleParser(source, { skipImageLinks: true, skipTextToHtml: true });

/** noiseReason as the intake calls it: the sender's address from the parsed From, lower-cased. */
async function noiseOf(source: string): Promise<string | null> {
  const mail = await parse(source);
  const from = (mail.from?.value.find((a) => a.address)?.address ?? '').trim().toLowerCase();
  return noiseReason(mail, from);
}

describe('noiseReason', () => {
  it('a person’s ordinary mail (with a normal Return-Path) is not noise', async () => {
    const mail = await parse(raw());
    // The control case really carries a Return-Path, so the empty-Return-Path case below differs only there.
    expect(mail.headers.has('return-path')).toBe(true);
    expect(await noiseOf(raw())).toBeNull();
    expect(await noiseOf(raw({ returnPath: null }))).toBeNull();
  });

  it('Auto-Submitted other than "no" is an auto-reply; "Auto-Submitted: no" is a person', async () => {
    expect(await noiseOf(raw({ headers: ['Auto-Submitted: auto-replied'] }))).toMatch(/Auto-Submitted: auto-replied/);
    expect(await noiseOf(raw({ headers: ['Auto-Submitted: auto-generated'] }))).toMatch(/Auto-Submitted/);
    expect(await noiseOf(raw({ headers: ['Auto-Submitted: no'] }))).toBeNull();
    expect(await noiseOf(raw({ headers: ['Auto-Submitted: No'] }))).toBeNull();
  });

  it.each(['bulk', 'junk', 'list', 'Bulk'])('Precedence: %s is a mass mailing', async (precedence) => {
    expect(await noiseOf(raw({ headers: [`Precedence: ${precedence}`] }))).toBe(
      `рассылка (Precedence: ${precedence.toLowerCase()})`,
    );
  });

  it('Precedence of an ordinary value is not noise', async () => {
    expect(await noiseOf(raw({ headers: ['Precedence: first-class'] }))).toBeNull();
  });

  it('X-Autoreply marks an auto-reply', async () => {
    expect(await noiseOf(raw({ headers: ['X-Autoreply: yes'] }))).toBe('автоответ (x-autoreply)');
  });

  // A list's mail often carries no Precedence: List-Id or List-Unsubscribe alone must be enough.
  // (mailparser folds every List-* header into one structured `list` header.)
  it.each(['List-Id: Новости портала <news.edu.test>', 'List-Unsubscribe: <mailto:unsubscribe@news.edu.test>'])(
    '«%s» alone marks a mailing list',
    async (header) => {
      expect(await noiseOf(raw({ headers: [header] }))).toBe('рассылка (List-Id)');
    },
  );

  it('multipart/report is a delivery report', async () => {
    const report = [
      'Return-Path: <bounces@relay.edu.test>',
      'From: Mail Delivery System <delivery@relay.edu.test>',
      'To: desk@edu.test',
      'Subject: Delivery Status Notification',
      'Message-ID: <dsn.1@relay.edu.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Your message could not be delivered.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relay.edu.test',
      '',
      'Final-Recipient: rfc822; nobody@school5.edu.test',
      'Action: failed',
      'Status: 5.1.1',
      '--b1--',
      '',
    ].join('\r\n');
    expect(await noiseOf(report)).toBe('отчёт о доставке (multipart/report)');
    // The same sender with an ordinary multipart/mixed is a person.
    expect(
      await noiseOf(report.replace('multipart/report; report-type=delivery-status', 'multipart/mixed')),
    ).toBeNull();
  });

  it('MAILER-DAEMON@ and postmaster@ senders are the mail server’s own reports', async () => {
    expect(await noiseOf(raw({ from: 'MAILER-DAEMON@relay.edu.test' }))).toBe(
      'служебное письмо почтового сервера (mailer-daemon@relay.edu.test)',
    );
    expect(await noiseOf(raw({ from: 'Postmaster <postmaster@school5.edu.test>' }))).toBe(
      'служебное письмо почтового сервера (postmaster@school5.edu.test)',
    );
    // Only the local part counts: a person at a domain named "postmaster" is a person.
    expect(await noiseOf(raw({ from: 'anna@postmaster.edu.test' }))).toBeNull();
  });

  it('an empty Return-Path <> is a delivery report', async () => {
    expect(await noiseOf(raw({ returnPath: '<>' }))).toBe('отчёт о доставке (пустой Return-Path)');
  });

  it('a mail without any sender address is noise', async () => {
    const source = raw().replace(/^From: .*\r\n/m, '');
    expect(await noiseOf(source)).toBe('нет адреса отправителя');
  });
});

describe('refNumberIn', () => {
  it.each([
    ['Re: [№ 2026-0123] Вопрос', '2026-0123'],
    ['Re: [№2026-0123] Вопрос', '2026-0123'],
    ['Re: [N 2026-0123] Вопрос', '2026-0123'],
    ['RE: Fwd: [ № 2026-0456 ] Дополнение', '2026-0456'],
    ['[2026-123456] Re: Ответ', '2026-123456'],
  ])('finds the number in «%s»', (subject, number) => {
    expect(refNumberIn(subject)).toBe(number);
  });

  it.each([
    'Re: 2026-0123 Вопрос',
    'Re: № 2026-0123 Вопрос',
    'Re: [№ 2026-12] Вопрос',
    'Re: [Вопрос] 2026-0123',
    'Вопрос',
    '',
  ])('finds nothing in «%s»', (subject) => {
    expect(refNumberIn(subject)).toBeNull();
  });

  it('reads the number from an encoded subject as mailparser decodes it', async () => {
    const mail = await parse(raw({ subject: 'Re: [№ 2026-0123] Вопрос' }));
    expect(mail.subject).toBe('Re: [№ 2026-0123] Вопрос');
    expect(refNumberIn(mail.subject ?? '')).toBe('2026-0123');
  });
});

describe('ownWords', () => {
  const textOf = async (body: string) => (await parse(raw({ body: body.replace(/\n/g, '\r\n') }))).text ?? '';

  it('drops quoted lines, keeping own words between and after them', async () => {
    const text = await textOf('Логин ученика: ivanov.7b\n\n> Нет доступа\n> к дневнику\nПароль сбросила.');
    expect(ownWords(text)).toBe('Логин ученика: ivanov.7b\n\nПароль сбросила.');
  });

  it('cuts an "On … wrote:" line and everything after it', async () => {
    const text = await textOf(
      'Спасибо, получилось!\n\nOn Thu, 26 Nov 2026 at 10:00, Support <support@edu.test> wrote:\nЗдравствуйте!\n> Откройте «Классы»',
    );
    expect(ownWords(text)).toBe('Спасибо, получилось!');
  });

  it('cuts a Russian "… пишет:" line and everything after it', async () => {
    const text = await textOf(
      'Добрый день, всё работает.\n\n26.11.2026, 10:00, Ситуационный центр <support@edu.test> пишет:\nОткройте «Классы»\n> цитата',
    );
    expect(ownWords(text)).toBe('Добрый день, всё работает.');
  });

  it('cuts everything after "-----Original Message-----"', async () => {
    const text = await textOf(
      'Высылаю скриншот.\n\n-----Original Message-----\nFrom: Support <support@edu.test>\nSubject: [№ 2026-0123] Вопрос\n\nУточните класс',
    );
    expect(ownWords(text)).toBe('Высылаю скриншот.');
  });

  it('keeps a mail that quotes nothing as it is', () => {
    expect(ownWords('Первая строка\r\nВторая строка\r\n')).toBe('Первая строка\nВторая строка');
  });
});

describe('idList', () => {
  it('splits one string holding several <ids>', () => {
    expect(idList('<r1@school5.edu.test> <r2@edu.test>\r\n <r3@edu.test>')).toEqual([
      'r1@school5.edu.test',
      'r2@edu.test',
      'r3@edu.test',
    ]);
  });

  it('takes an array (as mailparser gives References), without repeats', async () => {
    expect(idList(['<r1@x.test>', '<r2@x.test> <r1@x.test>'])).toEqual(['r1@x.test', 'r2@x.test']);
    const mail = await parse(raw({ headers: ['References: <r1@x.test> <r2@x.test>\r\n <r3@x.test>'] }));
    expect(Array.isArray(mail.references)).toBe(true);
    expect(idList(mail.references)).toEqual(['r1@x.test', 'r2@x.test', 'r3@x.test']);
  });

  it('takes a single id, with or without brackets', () => {
    expect(idList('<only@x.test>')).toEqual(['only@x.test']);
    expect(idList('bare@x.test')).toEqual(['bare@x.test']);
  });

  it('gives nothing for undefined or empty', () => {
    expect(idList(undefined)).toEqual([]);
    expect(idList('')).toEqual([]);
    expect(idList([])).toEqual([]);
  });
});

describe('excerpt', () => {
  it('cuts to the length with an ellipsis', () => {
    expect(excerpt('  абвгдеж ', 5)).toBe('абвг…');
    expect(excerpt('абвгд', 5)).toBe('абвгд');
  });

  it('drops trailing spaces and squeezes a run of blank lines to one, keeping the paragraph break', () => {
    // (the draft's description is "subject, blank line, body": the break between them must survive)
    expect(excerpt('Тема\n\nТекст', 100)).toBe('Тема\n\nТекст');
    expect(excerpt('а  \n\n\n\nб', 100)).toBe('а\n\nб');
    expect(excerpt('а \nб', 100)).toBe('а\nб');
  });
});
