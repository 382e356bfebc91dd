// Debian's Dovecot as a test's real IMAP server (and LMTP for delivery), run as its own process from a
// config of ours in a temporary directory, on loopback ports; mail is kept by the user `nobody`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';

export const DOVECOT_PATH = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';
const DOVEADM_PATH = process.env.DOVEADM_PATH ?? '/usr/bin/doveadm';

/** True when mail tests can run; with CI=true a missing Dovecot fails instead. */
export function dovecotAvailable(): boolean {
  if (fs.existsSync(DOVECOT_PATH) && fs.existsSync('/usr/lib/dovecot/lmtp')) return true;
  if (process.env.CI === 'true') {
    throw new Error(`Dovecot is required in CI: ${DOVECOT_PATH} (apt-get install -y dovecot-imapd dovecot-lmtpd)`);
  }
  return false;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', () => resolve()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export interface Dovecot {
  imapPort: number;
  /** Implicit TLS (with `tls`). */
  imapsPort: number;
  user: string;
  password: string;
  /** The user's Maildir. */
  maildir: string;
  /** Delivers a raw message to the user's INBOX over LMTP. */
  deliver(raw: string | Buffer): Promise<void>;
  /** UIDs, flags and folder of the user's messages (doveadm). */
  list(folder?: string): { uid: number; flags: string }[];
  /** callog's settings for this mailbox (cleartext on loopback, IDLE renewed every 3 s). */
  env(): Record<string, string>;
  stop(): void;
  start(): Promise<void>;
  /** Stops, forgets the INBOX's UIDs (a new UIDVALIDITY, as after a server migration), starts. */
  resetUids(): Promise<void>;
  dir: string;
}

export interface DovecotOptions {
  /** Serve TLS with this certificate: STARTTLS on the IMAP port, and implicit TLS on `imapsPort`. */
  tls?: { certFile: string; keyFile: string };
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callog-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const [imapPort, lmtpPort, imapsPort] = [await freePort(), await freePort(), await freePort()];
  const user = 'desk@edu.test';
  const password = 'mailbox-password-1';
  const mailRoot = path.join(dir, 'mail');
  fs.mkdirSync(mailRoot, { recursive: true });
  execFileSync('chown', ['nobody:nogroup', mailRoot]);
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`);
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `log_path = ${dir}/dovecot.log`,
      `protocols = imap lmtp`,
      `listen = 127.0.0.1`,
      ...(opts.tls
        ? [`ssl = yes`, `ssl_cert = <${opts.tls.certFile}`, `ssl_key = <${opts.tls.keyFile}`]
        : [`ssl = no`]),
      `disable_plaintext_auth = no`,
      `auth_mechanisms = plain login`,
      `mail_location = maildir:${mailRoot}/%u`,
      `first_valid_uid = 1`,
      `passdb {`,
      `  driver = passwd-file`,
      `  args = scheme=PLAIN username_format=%u ${dir}/users`,
      `}`,
      `userdb {`,
      `  driver = static`,
      `  args = uid=nobody gid=nogroup home=${mailRoot}/%u`,
      `}`,
      `service imap-login {`,
      `  inet_listener imap {`,
      `    address = 127.0.0.1`,
      `    port = ${imapPort}`,
      `  }`,
      `  inet_listener imaps {`,
      ...(opts.tls ? [`    address = 127.0.0.1`, `    port = ${imapsPort}`, `    ssl = yes`] : [`    port = 0`]),
      `  }`,
      `}`,
      `service lmtp {`,
      `  inet_listener lmtp {`,
      `    address = 127.0.0.1`,
      `    port = ${lmtpPort}`,
      `  }`,
      `}`,
      `service pop3-login {`,
      `  inet_listener pop3 {`,
      `    port = 0`,
      `  }`,
      `}`,
      `protocol lmtp {`,
      `  postmaster_address = postmaster@edu.test`,
      `}`,
      '',
    ].join('\n'),
  );
  const lmtp = nodemailer.createTransport({ lmtp: true, host: '127.0.0.1', port: lmtpPort, ignoreTLS: true });

  const running = () => {
    try {
      execFileSync(DOVEADM_PATH, ['-c', conf, 'who'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  const start = async () => {
    // Dovecot keeps its stderr open: everything it prints goes to a file, or the caller would hang.
    execFileSync(DOVECOT_PATH, ['-c', conf], { stdio: ['ignore', 'ignore', 'ignore'] });
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const s = net.connect(imapPort, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`Dovecot did not start: ${fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8').slice(-2000)}`);
  };
  // A stop as in a crash or a reboot: the master and every process serving a connection go, so
  // clients see their connections drop (a plain `doveadm stop` leaves busy IMAP processes behind).
  const stop = () => {
    let children: string[] = [];
    try {
      const master = fs.readFileSync(path.join(dir, 'run', 'master.pid'), 'utf8').trim();
      children = execFileSync('pgrep', ['-P', master], { encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      /* not running, or no children */
    }
    try {
      execFileSync(DOVEADM_PATH, ['-c', conf, 'stop'], { stdio: 'ignore' });
    } catch {
      /* not running */
    }
    for (const pid of children) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        /* gone already */
      }
    }
    for (let i = 0; i < 100 && running(); i++) execFileSync('sleep', ['0.05']);
  };
  await start();
  const maildir = path.join(mailRoot, user);
  return {
    imapPort,
    imapsPort,
    user,
    password,
    maildir,
    dir,
    start,
    stop,
    env: () => ({
      IMAP_HOST: '127.0.0.1',
      IMAP_PORT: String(imapPort),
      IMAP_USER: user,
      IMAP_PASSWORD: password,
      IMAP_TLS: 'false',
      // IDLE brings new mail at once; the renewal bounds a notification Dovecot misses now and then.
      IMAP_POLL_S: '3',
    }),
    async deliver(raw) {
      await lmtp.sendMail({ envelope: { from: 'sender@edu.test', to: [user] }, raw });
    },
    list(folder = 'INBOX') {
      const out = execFileSync(
        DOVEADM_PATH,
        ['-c', conf, '-f', 'flow', 'fetch', '-u', user, 'uid flags', 'mailbox', folder],
        { encoding: 'utf8' },
      );
      return out
        .split('\n')
        .filter(Boolean)
        .map((l) => {
          const m = /uid=(\d+) flags=(.*)$/.exec(l);
          return { uid: Number(m?.[1]), flags: m?.[2] ?? '' };
        });
    },
    async resetUids() {
      stop();
      for (const f of fs.readdirSync(maildir)) {
        if (f.startsWith('dovecot')) fs.rmSync(path.join(maildir, f), { recursive: true, force: true });
      }
      await start();
    },
  };
}
