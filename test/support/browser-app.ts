// What a browser test file sets up before its tests: a test server serving the client (with a fake
// AMI server wired in when the file needs the live call loop), the people it needs, recorded calls
// replayed, and a fresh Chromium, logged in when asked; closed after the tests in reverse order.
import { loginThroughPage, openBrowser, type Browser } from './browser';
import { FakeAmi } from './fake-ami';
import { startTestServer, type TestServer, type TestServerOptions } from './server';

export type BrowserApp<WithAmi extends boolean = false> = {
  srv: TestServer;
  browser: Browser;
  ami: WithAmi extends true ? FakeAmi : undefined;
};

export interface BrowserAppOptions<WithAmi extends boolean> {
  /** A fake AMI server: its address goes to the server, which is logged in to it before the tests. */
  ami?: WithAmi;
  server?: Omit<TestServerOptions, 'serveClient'>;
  /** People created through the admin API, in order. */
  users?: Parameters<TestServer['createUser']>[0][];
  /** Recordings replayed at full speed (needs `ami`), their calls written before the browser opens. */
  traces?: string[];
  /** Anything else the tests need in the database, before the browser opens. */
  seed?: (app: Omit<BrowserApp<WithAmi>, 'browser'>) => Promise<void>;
  /** Logs in through the login page and waits for the desk. */
  loginAs?: { login: string; password: string };
}

/**
 * Registers the file's beforeAll and afterAll; `ready` receives the parts once they are up (assign
 * them to the file's own variables there).
 */
export function useBrowserApp<WithAmi extends boolean = false>(
  opts: BrowserAppOptions<WithAmi>,
  ready: (app: BrowserApp<WithAmi>) => void,
): void {
  let ami: FakeAmi | undefined;
  let srv: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (opts.ami) {
      ami = new FakeAmi();
      await ami.start();
    }
    srv = await startTestServer({
      ...opts.server,
      serveClient: true,
      env: { ...opts.server?.env, ...ami?.env() },
    });
    for (const u of opts.users ?? []) await srv.createUser(u);
    if (ami) {
      await ami.waitForLogin();
      for (const t of opts.traces ?? []) await ami.play(t, { speed: Infinity });
      if (opts.traces?.length) {
        await new Promise((r) => setTimeout(r, 500));
        await srv.effects.idle();
      }
    }
    const parts = { srv, ami } as Omit<BrowserApp<WithAmi>, 'browser'>;
    await opts.seed?.(parts);
    browser = await openBrowser();
    if (opts.loginAs) {
      await loginThroughPage(browser.page, srv.url, opts.loginAs.login, opts.loginAs.password);
      await browser.page.waitForURL(/\/desk$/);
    }
    ready({ ...parts, browser });
  });

  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await ami?.stop();
  });
}
