// Behind Debian's nginx running the shipped site (config/nginx/callog.conf: TLS, HTTP -> HTTPS,
// WebSocket upgrade on /socket.io/): a specialist's browser gets the call pop-up over WebSocket, and
// over long polling when the proxy refuses WebSocket.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { chromiumAvailable, loginThroughPage, openBrowser, screenshot, type Browser } from '../support/browser';
import { FakeAmi } from '../support/fake-ami';
import {
  NGINX_PATH,
  freePort,
  nginxAvailable,
  selfSignedCert,
  siteConfig,
  startNginx,
  type Nginx,
} from '../support/nginx';
import { startTestServer, type TestServer } from '../support/server';

const haveNginx = nginxAvailable();
const run = chromiumAvailable() && haveNginx ? describe : describe.skip;
if (!haveNginx) console.warn(`proxy.test.ts skipped: no nginx at ${NGINX_PATH} (apt-get install -y nginx)`);

/** What the page's Socket.IO connection did on the wire. */
function watchSocketIo(page: Page) {
  const seen = {
    websockets: [] as { url: string; received: string[] }[],
    polls: [] as string[],
    polledBodies: [] as Promise<string>[],
  };
  page.on('websocket', (ws) => {
    const rec = { url: ws.url(), received: [] as string[] };
    seen.websockets.push(rec);
    ws.on('framereceived', (f) => rec.received.push(String(f.payload)));
  });
  page.on('response', (res) => {
    if (!/\/socket\.io\/\?.*transport=polling/.test(res.url())) return;
    seen.polls.push(res.url());
    seen.polledBodies.push(res.text().catch(() => ''));
  });
  return seen;
}

/** One HTTP(S) request; an upgrade answered 101 resolves with status 101. */
function send(url: string, headers: Record<string, string> = {}): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    const lib = url.startsWith('https:') ? https : http;
    const req = lib.get(url, { headers, rejectUnauthorized: false, agent: false });
    req.on('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode!, ...(res.headers.location ? { location: res.headers.location } : {}) });
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode! });
    });
    req.on('error', reject);
  });
}

run('callog behind nginx (config/nginx/callog.conf)', () => {
  let dir: string;
  let tls: { cert: string; key: string };
  let httpPort: number;
  let httpsPort: number;
  let base: string;
  let ami: FakeAmi;
  let srv: TestServer;
  let nginx: Nginx | undefined;
  let browser: Browser | undefined;

  const proxy = async (upstreamPort: number, refuseWebSocket = false) => {
    const logDir = fs.mkdtempSync(path.join(dir, 'nginx-'));
    const site = siteConfig({ httpPort, httpsPort, upstreamPort, ...tls, logDir, refuseWebSocket });
    nginx = await startNginx(site, logDir, httpsPort);
    return nginx;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callog-proxy-'));
    tls = selfSignedCert(dir);
    httpPort = await freePort();
    httpsPort = await freePort();
    base = `https://127.0.0.1:${httpsPort}`;
    ami = new FakeAmi();
    await ami.start();
    srv = await startTestServer({
      serveClient: true,
      env: { ...ami.env(), PUBLIC_URL: base, TRUST_PROXY: '127.0.0.1' },
    });
    // By hand: with an https PUBLIC_URL the session cookie is Secure, and supertest's cookie jar
    // does not send it to the server's plain-HTTP address.
    const login = await request(srv.url).post('/api/auth/login').send(srv.admin);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    for (const [user, extension] of [
      ['ivanova', '101'],
      ['petrov', '102'],
    ]) {
      const res = await request(srv.url)
        .post('/api/users')
        .set('Cookie', cookie)
        .send({
          login: user,
          password: 'password-123',
          fullName: `Специалист ${user}`,
          role: 'specialist',
          extensions: [extension],
        });
      expect(res.status).toBe(201);
    }
    await ami.waitForLogin();
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
    await nginx?.stop();
    nginx = undefined;
  });
  afterAll(async () => {
    await srv?.stop();
    await ami?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes on the client address, scheme and host in both locations, upgrades only when asked, redirects HTTP', async () => {
    const got: http.IncomingHttpHeaders[] = [];
    const upstream = http.createServer((req, res) => (got.push(req.headers), res.end('ok')));
    upstream.on('upgrade', (req, socket) => {
      got.push(req.headers);
      socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    try {
      await proxy((upstream.address() as { port: number }).port);
      const spoofed = { 'X-Forwarded-For': '203.0.113.7' };
      expect((await send(`${base}/api/health`, spoofed)).status).toBe(200);
      expect((await send(`${base}/socket.io/?EIO=4&transport=polling`, spoofed)).status).toBe(200);
      const upgrade = { ...spoofed, Connection: 'Upgrade', Upgrade: 'websocket' };
      expect((await send(`${base}/socket.io/?EIO=4&transport=websocket`, upgrade)).status).toBe(101);
      const forwarded = {
        host: '127.0.0.1',
        'x-real-ip': '127.0.0.1',
        'x-forwarded-for': '203.0.113.7, 127.0.0.1',
        'x-forwarded-proto': 'https',
      };
      expect(got).toEqual([
        expect.objectContaining({ ...forwarded, connection: 'close' }),
        expect.objectContaining({ ...forwarded, connection: 'close' }),
        expect.objectContaining({ ...forwarded, connection: 'upgrade', upgrade: 'websocket' }),
      ]);
      expect(got[1]!.upgrade).toBeUndefined();

      expect(await send(`http://127.0.0.1:${httpPort}/desk?x=1`)).toEqual({
        status: 301,
        location: 'https://127.0.0.1/desk?x=1',
      });
    } finally {
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('a specialist gets the pop-up over WebSocket through the proxy', async () => {
    const proxied = await proxy(srv.port);
    browser = await openBrowser({ ignoreHTTPSErrors: true });
    const { page } = browser;
    const wire = watchSocketIo(page);
    await loginThroughPage(page, base, 'ivanova', 'password-123');
    await page.waitForURL(/\/desk$/);
    await page.getByTestId('pbx-status').and(page.locator('[data-state="up"]')).waitFor({ timeout: 10_000 });

    const replay = ami.play('s01-answered-390679', { speed: 4 });
    const popup = page.getByTestId('draft-popup');
    await popup.waitFor({ timeout: 10_000 });
    await popup.getByText('8 (3452) 123-456').waitFor();
    await replay;
    await screenshot(page, 'proxy-popup-websocket');

    // The pop-up came through a WebSocket, and the page never polled.
    expect(wire.websockets.some((w) => w.received.some((f) => f.includes('"entry:draft"')))).toBe(true);
    expect(wire.polls).toEqual([]);
    await browser.close();
    browser = undefined;
    // nginx logs an upgraded connection when it ends.
    await proxied.waitForLog(/"GET \/socket\.io\/\?EIO=4&transport=websocket HTTP\/1\.1" 101 /);
    expect(proxied.accessLog()).not.toMatch(/transport=polling/);
  });

  it('with WebSocket refused at the proxy, the page falls back to long polling and still pops up', async () => {
    const proxied = await proxy(srv.port, true);
    browser = await openBrowser({ ignoreHTTPSErrors: true });
    const { page } = browser;
    const wire = watchSocketIo(page);
    await loginThroughPage(page, base, 'petrov', 'password-123');
    await page.waitForURL(/\/desk$/);
    await page.getByTestId('pbx-status').and(page.locator('[data-state="up"]')).waitFor({ timeout: 10_000 });

    const replay = ami.play('s04-ringall-102-answers', { speed: 4 });
    const popup = page.getByTestId('draft-popup');
    await popup.waitFor({ timeout: 10_000 });
    await popup.getByText('8 (3452) 123-456').waitFor();
    await replay;
    await screenshot(page, 'proxy-popup-polling');

    // The browser tried WebSocket first, got nothing through it, and polled instead.
    expect(wire.websockets.length).toBeGreaterThan(0);
    expect(wire.websockets.flatMap((w) => w.received)).toEqual([]);
    expect(wire.polls.some((u) => u.includes('sid='))).toBe(true);
    const bodies = await Promise.all(wire.polledBodies);
    expect(bodies.some((b) => b.includes('"entry:draft"'))).toBe(true);
    await proxied.waitForLog(/"GET \/socket\.io\/\?EIO=4&transport=websocket HTTP\/1\.1" 403 /);
    await proxied.waitForLog(/"GET \/socket\.io\/\?EIO=4&transport=polling&[^"]*sid=[^"]*" 200 /);
    expect(proxied.accessLog()).not.toMatch(/transport=websocket[^"]*" 101 /);
  });
});
