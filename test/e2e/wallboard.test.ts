// In Chromium: the wall screen and the desk's strip follow a recorded call live (waiting, then a
// specialist on it, then counted in today's figures) without a reload; looked at in screenshots.
import { callerLabel } from '../../shared/phone';
import { chromiumAvailable, loginThroughPage, openBrowser, screenshot, type Browser } from '../support/browser';
import { FakeAmi } from '../support/fake-ami';
import { startTestServer, type TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('wallboard in Chromium', () => {
  let ami: FakeAmi;
  let srv: TestServer;
  let wall: Browser;
  let desk: Browser;

  beforeAll(async () => {
    ami = new FakeAmi();
    await ami.start();
    srv = await startTestServer({ serveClient: true, env: ami.env() });
    await srv.createUser({ login: 'wb-a', fullName: 'Андреева Алла Алексеевна', extensions: ['101'] });
    await srv.createUser({ login: 'wb-b', fullName: 'Борисов Борис Борисович', extensions: ['102'] });
    await srv.createUser({ login: 'boss', fullName: 'Руководитель Центра', role: 'head', password: 'head-pass-1' });
    await ami.waitForLogin();
    // Earlier today: a call answered by B and a missed one.
    await ami.play('s02-specialist-hangup-399069', { speed: Infinity });
    await ami.play('s03-missed-390679', { speed: Infinity });
    await new Promise((r) => setTimeout(r, 500));
    await srv.effects.idle();
    [wall, desk] = await Promise.all([openBrowser(), openBrowser()]);
  });
  afterAll(async () => {
    await wall?.close();
    await desk?.close();
    await srv?.stop();
    await ami?.stop();
  });

  it('shows a waiting caller, then who took the call, live', async () => {
    const w = wall.page;
    await w.setViewportSize({ width: 1920, height: 1080 });
    await loginThroughPage(w, srv.url, 'boss', 'head-pass-1');
    await w.waitForURL(/\/desk$/);
    await w.goto(`${srv.url}/wallboard`);
    await w.getByTestId('wallboard').getByText('Сейчас никто не ждёт').waitFor();
    await w.getByTestId('wall-pbx').getByText('АТС на связи').waitFor();

    const d = desk.page;
    await loginThroughPage(d, srv.url, 'wb-b', 'password-123');
    await d.getByTestId('live-strip').waitFor();

    // The caller rings: on the wall and on the desk, without a reload.
    await ami.play('s01-answered-390679', { speed: 1, until: 2.5 });
    const waiting = w.getByTestId('wall-waiting');
    await waiting.getByText(callerLabel('83452123456')).waitFor({ timeout: 5000 });
    await waiting.getByText('8 (3452) 390-679').waitFor();
    await d.getByTestId('live-strip').getByText('Ждут ответа').waitFor();
    await d.getByTestId('live-waiting-value').filter({ hasText: /^1$/ }).waitFor({ timeout: 5000 });
    await screenshot(w, 'wallboard-waiting-1920');

    // A answers: the caller leaves the waiting list, A is on the line.
    await ami.play('s01-answered-390679', { speed: 1, from: 2.5, until: 5 });
    const talking = w.getByTestId('wall-talking');
    await talking.getByText('Андреева Алла Алексеевна').waitFor({ timeout: 5000 });
    await waiting.getByText('Сейчас никто не ждёт').waitFor();
    await screenshot(w, 'wallboard-talking-1920');
    await w.setViewportSize({ width: 1440, height: 900 });
    await w.waitForTimeout(200);
    await screenshot(w, 'wallboard-talking-1440');
    await screenshot(d, 'desk-strip-1440');

    // The call ends: today counts it.
    await ami.play('s01-answered-390679', { speed: Infinity, from: 5 });
    await talking.getByText('Сейчас разговоров нет').waitFor({ timeout: 5000 });
    const answered = w.getByTestId('wall-tile').filter({ hasText: 'Принято сегодня' });
    await answered.getByText(/^\d+ из 3$/).waitFor({ timeout: 5000 });
  });
});
