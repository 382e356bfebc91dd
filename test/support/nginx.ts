// Debian's nginx as a test's reverse proxy, run from the shipped site (config/nginx/callog.conf) with
// this test's ports, certificate and log paths, as its own process in a temporary prefix.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const NGINX_PATH = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const SITE_CONF = path.resolve(__dirname, '..', '..', 'config', 'nginx', 'callog.conf');

/** True when nginx tests can run; with CI=true a missing nginx fails instead. */
export function nginxAvailable(): boolean {
  if (fs.existsSync(NGINX_PATH)) return true;
  if (process.env.CI === 'true') throw new Error(`nginx is required in CI: ${NGINX_PATH} (apt-get install -y nginx)`);
  return false;
}

export interface SiteOptions {
  httpPort: number;
  httpsPort: number;
  /** Where callog (or a stand-in) listens on 127.0.0.1. */
  upstreamPort: number;
  cert: string;
  key: string;
  logDir: string;
  /** A proxy that refuses WebSocket: upgrade requests to /socket.io/ get 403. */
  refuseWebSocket?: boolean;
}

/** The shipped site with this test's ports and paths; throws when a line it replaces has changed. */
export function siteConfig(o: SiteOptions): string {
  let text = fs.readFileSync(SITE_CONF, 'utf8');
  const sub = (re: RegExp, to: string) => {
    if (text.search(re) < 0) throw new Error(`${SITE_CONF} no longer has ${String(re)}`);
    text = text.replace(re, () => to);
  };
  sub(/^\s*listen \[::\]:\d+.*$/gm, ''); // IPv4 loopback only
  sub(/listen 80;/, `listen 127.0.0.1:${o.httpPort};`);
  sub(/listen 443 ssl;/, `listen 127.0.0.1:${o.httpsPort} ssl;`);
  sub(/server 127\.0\.0\.1:8080;/, `server 127.0.0.1:${o.upstreamPort};`);
  sub(/ssl_certificate\s+\S+;/, `ssl_certificate ${o.cert};`);
  sub(/ssl_certificate_key\s+\S+;/, `ssl_certificate_key ${o.key};`);
  sub(/\/var\/log\/nginx\//g, `${o.logDir}/`);
  if (o.refuseWebSocket) {
    sub(/location \/socket\.io\/ \{/, 'location /socket.io/ {\n        if ($http_upgrade) { return 403; }');
  }
  return text;
}

/** A self-signed certificate for 127.0.0.1 in `dir`. */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
      ['-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1'],
      ['-addext', 'subjectAltName=IP:127.0.0.1'],
    ].flat(),
    { stdio: 'ignore' },
  );
  return { cert, key };
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Nginx {
  accessLog(): string;
  /** Resolves when the access log has a line matching `re` (nginx logs a WebSocket when it ends). */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Runs nginx (as root when we are root) with `site` in the http block; resolves once it listens. */
export async function startNginx(site: string, dir: string, port: number): Promise<Nginx> {
  fs.mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(
    conf,
    [
      process.getuid?.() === 0 ? 'user root;' : '',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      'events { worker_connections 256; }',
      'http {',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};`),
      site,
      '}',
    ].join('\n'),
  );
  const proc = spawn(NGINX_PATH, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + 5000;
  for (;;) {
    if (gone) throw new Error(`nginx exited: ${stderr}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`nginx is not listening on ${port}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  const accessLog = () => {
    try {
      return fs.readFileSync(path.join(dir, 'callog.access.log'), 'utf8');
    } catch {
      return '';
    }
  };
  return {
    accessLog,
    async waitForLog(re, timeoutMs = 3000) {
      const until = Date.now() + timeoutMs;
      while (!re.test(accessLog())) {
        if (Date.now() > until) throw new Error(`no access log line matches ${String(re)}:\n${accessLog()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (gone) return;
      proc.kill('SIGTERM');
      const kill = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(kill);
    },
  };
}
