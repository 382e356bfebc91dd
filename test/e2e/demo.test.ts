// The first minutes of `npm start`: no PBX configured, so the built-in demo PBX speaks AMI on loopback,
// two demo specialists are created and announced, and a demo call pops up for one of them.
import { chromiumAvailable, loginThroughPage, screenshot, type Browser } from '../support/browser';
import { useBrowserApp } from '../support/browser-app';
import type { TestServer } from '../support/server';

const run = chromiumAvailable() ? describe : describe.skip;

run('demo PBX', () => {
  let srv: TestServer;
  let browser: Browser;
  const announced: string[] = [];

  useBrowserApp(
    { server: { env: { DEMO_USERS: 'true', DEMO_CALL_INTERVAL_S: '3-5' }, announce: (t) => announced.push(t) } },
    (app) => ({ srv, browser } = app),
  );

  it('announces the demo specialists with their extensions', () => {
    const text = announced.join('\n');
    expect(text).toMatch(/Login: ivanova {2}Password: \S+ {2}\(extension 101\)/);
    expect(text).toMatch(/Login: petrov {2}Password: \S+ {2}\(extension 102\)/);
  });

  it('a demo call pops up for a logged-in demo specialist within a minute', async () => {
    const text = announced.join('\n');
    const who = /Login: ivanova {2}Password: (\S+)/.exec(text)![1]!;
    const { page } = browser;
    await loginThroughPage(page, srv.url, 'ivanova', who);
    await page.waitForURL(/\/desk$/);
    await page.getByText('Демо-АТС').waitFor();
    await page.getByTestId('pbx-status').and(page.locator('[data-state="up"]')).waitFor();
    const started = Date.now();
    // The demo rings 101 or 102 (or both, or a queue): several calls give ivanova one soon.
    await page.getByTestId('draft-popup').waitFor({ timeout: 60_000 });
    expect(Date.now() - started).toBeLessThan(60_000);
    await screenshot(page, 'demo-popup');
  });
});
