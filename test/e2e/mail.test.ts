// In a real browser: the demo's mails wait in the desk's «Почта» queue; a specialist takes one,
// reads it with its attachment, registers and closes it, edits the reply, and the reply reaches a real
// SMTP server threaded to the mail; the other specialist sees the mail leave the queue.
import type { Locator } from 'playwright-core';
import { chromiumAvailable, loginThroughPage, openBrowser, screenshot, type Browser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const run = chromiumAvailable() ? describe : describe.skip;

run('mail queue in Chromium', () => {
  let srv: TestServer;
  let smtp: SmtpSink;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    srv = await startTestServer({
      serveClient: true,
      env: {
        DEMO_MAIL: 'true',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_TLS: 'false',
        MAIL_FROM: 'Ситуационный центр <support@edu.test>',
        MAIL_RETRY_BASE_S: '0.5',
      },
    });
    await srv.createUser({ login: 'mail-spec', fullName: 'Кузнецова Ольга Викторовна', password: 'mail-spec-pass-1' });
    await srv.createUser({ login: 'mail-spec2', fullName: 'Орлов Пётр Ильич', password: 'mail-spec-pass-2' });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await smtp?.stop();
  });

  it('a specialist takes a mail from the queue, registers and closes it; the edited reply goes to the sender', async () => {
    const { page } = browser;
    await loginThroughPage(page, srv.url, 'mail-spec', 'mail-spec-pass-1');
    await page.waitForURL(/\/desk$/);
    const status = page.getByTestId('mail-status');
    await status.and(page.locator('[data-state="off"]')).waitFor();
    const queue = page.getByTestId('mail-queue');
    const row = queue.getByRole('row', { name: /Очередь в детский сад/ });
    await row.waitFor();
    await queue.getByRole('row', { name: /Сброс пароля преподавателя/ }).waitFor();
    await queue.getByRole('row', { name: /оценки в электронном журнале/ }).waitFor();
    await row.getByText('sad-solnyshko@kinder.edu.example').waitFor();
    await screenshot(page, 'mail-queue');

    // The other specialist sees it leave the queue the moment it is taken.
    const second = await openBrowser();
    const other = second.page;
    await loginThroughPage(other, srv.url, 'mail-spec2', 'mail-spec-pass-2');
    // (its live connection is up: the mailbox state arrives over it)
    await other.getByTestId('mail-status').and(other.locator('[data-state="off"]')).waitFor();
    await other
      .getByTestId('mail-queue')
      .getByRole('row', { name: /Очередь в детский сад/ })
      .waitFor();

    await row.getByTestId('take-mail').click();
    await page.getByText('Письмо ваше: заполните запрос и зарегистрируйте его').waitFor();

    await page.getByTestId('entry-mail').getByText('Очередь в детский сад: заявление не видно в системе').waitFor();
    await page.getByTestId('mail-attachment').getByText('заявление.txt').waitFor();
    const panel = page.getByRole('dialog').filter({ has: page.getByTestId('history') });
    await panel.getByText('Поддержка', { exact: true }).click();
    await panel.getByText('«Электронный детский сад»').click();
    // The mail with its attachment in view (below the form in the panel).
    await page.getByTestId('mail-attachment').scrollIntoViewIfNeeded();
    await screenshot(page, 'mail-draft-panel');
    await panel.getByText('Поддержка', { exact: true }).scrollIntoViewIfNeeded();
    await page.getByTestId('to-closed').click();
    const dialog = page.getByRole('dialog').filter({ hasText: 'Ответ заявителю' });
    await dialog.getByTestId('ask-input').fill('Заявление найдено и зарегистрировано в очереди');
    await waitValue(dialog.getByTestId('reply-input'), 'Заявление найдено и зарегистрировано в очереди');
    await dialog.getByTestId('reply-input').fill('Здравствуйте! Заявление 72-2026-000123 в очереди, номер 15.');
    await dialog.getByText('sad-solnyshko@kinder.edu.example').waitFor();
    await screenshot(page, 'mail-close-reply');
    await dialog.getByRole('button', { name: 'Подтвердить' }).click();
    await page.getByText('Статус: Закрыт').waitFor();

    const deadline = Date.now() + 15_000;
    while (!smtp.received.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(smtp.received).toHaveLength(1);
    const sent = smtp.received[0]!.mail;
    expect(sent.subject).toMatch(/^\[№ \d{4}-\d{4}\] Re: Очередь в детский сад: заявление не видно в системе$/);
    expect(sent.text).toContain('номер 15');
    expect(sent.inReplyTo).toBe('<demo-2@callog.demo>');
    await page.getByTestId('entry-reply').getByText('отправлен').waitFor();
    await screenshot(page, 'mail-reply-sent');

    await other
      .getByTestId('mail-queue')
      .getByRole('row', { name: /Очередь в детский сад/ })
      .waitFor({
        state: 'detached',
      });
    await second.close();
  });
});

/** Waits until an input shows this value. */
async function waitValue(loc: Locator, value: string) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = await loc.inputValue();
    if (v === value) return;
    if (Date.now() > deadline) throw new Error(`expected ${JSON.stringify(value)}, got ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
