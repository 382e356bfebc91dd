// In a real browser, from a mail delivered to a real mailbox (Dovecot over LMTP) to the resolution at a
// real SMTP server: a specialist takes it from the desk's «Почта» queue and registers it; the
// requester's answer, delivered later, marks the request on the specialist's desk at once («Новое
// письмо»); opening the request clears the mark; closing it sends the resolution to the requester.
import { chromiumAvailable, loginThroughPage, openBrowser, screenshot, type Browser } from '../support/browser';
import { dovecotAvailable, startDovecot, type Dovecot } from '../support/dovecot';
import { testMail, until } from '../support/mail';
import { startTestServer, type TestServer } from '../support/server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const run = chromiumAvailable() && dovecotAvailable() ? describe : describe.skip;

run('a delivered mail and its answer on the desk, in Chromium', () => {
  let dove: Dovecot;
  let srv: TestServer;
  let smtp: SmtpSink;
  let browser: Browser;

  beforeAll(async () => {
    dove = await startDovecot();
    smtp = await startSmtpSink();
    srv = await startTestServer({
      serveClient: true,
      env: {
        ...dove.env(),
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_TLS: 'false',
        MAIL_FROM: 'Ситуационный центр <support@edu.test>',
      },
    });
    await srv.createUser({ login: 'reply-spec', fullName: 'Соколова Анна Петровна', password: 'reply-spec-pass-1' });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await smtp?.stop();
    dove?.stop();
  });

  it('a delivered mail: taken, registered, its answer marked on the desk until opened, closed with a reply', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, 'reply-spec', 'reply-spec-pass-1');
    await page.waitForURL(/\/desk$/);
    await page.getByTestId('mail-status').and(page.locator('[data-state="up"]')).waitFor();

    await dove.deliver(
      testMail({
        from: 'Директор <director@school12.edu.test>',
        subject: 'Не формируется отчёт о посещаемости',
        body: 'Здравствуйте! В разделе «Отчёты» не формируется отчёт о посещаемости за ноябрь.',
        id: 'attendance-1@school12.edu.test',
      }),
    );
    const row = page.getByTestId('mail-queue').getByRole('row', { name: /Не формируется отчёт о посещаемости/ });
    await row.getByTestId('take-mail').click();
    const panel = page.getByRole('dialog').filter({ has: page.getByTestId('history') });
    await panel.getByText('Поддержка', { exact: true }).click();
    await panel.getByText('«Электронная школа»').click();
    await page.getByTestId('to-in_progress').click();
    await page.getByText('Статус: В работе').waitFor();
    const regNumber = (await panel
      .getByText(/Запрос \d{4}-\d{4}/)
      .first()
      .textContent())!.match(/\d{4}-\d{4}/)![0];
    await page.keyboard.press('Escape');

    const mine = page.getByRole('row', { name: new RegExp(regNumber) });
    await mine.waitFor();
    expect(await mine.getByTestId('new-mail').count()).toBe(0);

    // The requester answers; the desk marks the request without a reload.
    await dove.deliver(
      testMail({
        from: 'Директор <director@school12.edu.test>',
        subject: `Re: [№ ${regNumber}] Не формируется отчёт о посещаемости`,
        body: 'Скриншот ошибки во вложении, браузер Яндекс.',
        id: 'attendance-2@school12.edu.test',
        headers: ['In-Reply-To: <attendance-1@school12.edu.test>'],
      }),
    );
    await mine.getByTestId('new-mail').waitFor();
    await page.getByText(`Пришло письмо по запросу ${regNumber}`).waitFor();
    await screenshot(page, 'desk-new-mail');

    // Opening the request shows the answer, and the mark goes.
    await mine.click();
    await page.waitForURL(/\/journal\?open=/);
    await page.getByText('Скриншот ошибки во вложении').first().waitFor();
    await page.goto(`${srv.url}/desk`);
    await page.getByRole('row', { name: new RegExp(regNumber) }).waitFor();
    expect(
      await page
        .getByRole('row', { name: new RegExp(regNumber) })
        .getByTestId('new-mail')
        .count(),
    ).toBe(0);

    // Closed with a resolution: the reply goes to the requester, threaded to their mail.
    await page.getByRole('row', { name: new RegExp(regNumber) }).click();
    await page.getByTestId('to-closed').click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Ответ заявителю' });
    await dialog.getByTestId('ask-input').fill('Отчёт формируется после обновления браузера');
    await dialog.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Статус: Закрыт').waitFor();
    const sent = await until('the reply at the SMTP server', () => smtp.received[0]);
    expect(sent.mail.subject).toBe(`[№ ${regNumber}] Re: Не формируется отчёт о посещаемости`);
    expect(sent.mail.to).toMatchObject({ text: 'director@school12.edu.test' });
    // In reply to the requester's latest mail, the thread's first one among the references.
    expect(sent.mail.inReplyTo).toBe('<attendance-2@school12.edu.test>');
    expect([sent.mail.references ?? []].flat()).toContain('<attendance-1@school12.edu.test>');
    expect(sent.mail.text).toContain('Отчёт формируется после обновления браузера');
  });
});
