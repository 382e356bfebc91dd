// The desk's mailbox over IMAP: one consumer across instances (the same advisory-lock pattern as the
// PBX link), IDLE for new mail, reconnect with backoff, catch-up by UID from the stored read position
// after any outage, a UIDVALIDITY change read from the start again (Message-IDs keep it exactly once).
// Taken messages are flagged, or moved to a folder; never deleted.
import type { ImapFlow } from 'imapflow';
import type { Logger } from '../logger';
import type { LeaderLock } from '../pbx/leader-lock';
import type { DataSource } from 'typeorm';
import type { PbxLinkState } from '../../shared/domain';
import type { IntakeResult, MailIntake } from './mail-intake';

export interface ImapConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  /** `true`: TLS from the start; `starttls`: upgrade required; `false`: cleartext (a trusted network). */
  tls: 'true' | 'false' | 'starttls';
  /** Verify the server's certificate (IMAP_TLS_VERIFY). */
  verifyCertificate: boolean;
  mailbox: string;
  /** Move taken mail here; unset: flag it (\Seen and $Callog) where it is. */
  doneFolder: string | undefined;
  /** IDLE is renewed this often, with a catch-up (a notification the server missed is found then). */
  pollMs: number;
}

/** The keyword set on every message callog has taken. */
export const TAKEN_FLAG = '$Callog';
const BATCH = 20;
const MAX_BACKOFF_MS = 60_000;

export interface ImapLinkDeps {
  config: ImapConfig;
  ds: DataSource;
  intake: MailIntake;
  setState: (state: PbxLinkState, detail: string) => void;
  makeLock: (onAcquired: () => void, onLost: () => void) => LeaderLock;
  onTaken: (r: IntakeResult) => void;
  logger: Logger;
  /** First retry after a failure (doubles up to a minute). */
  backoffMs?: number;
}

export class ImapLink {
  private readonly lock: LeaderLock;
  private client: ImapFlow | null = null;
  private running = false;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** UIDVALIDITYs whose taken-but-unmarked messages this connection has looked for. */
  private swept = new Set<string>();

  constructor(private readonly d: ImapLinkDeps) {
    this.lock = d.makeLock(
      () => {
        this.running = true;
        this.loop ??= this.run().finally(() => (this.loop = null));
      },
      () => {
        this.running = false;
        this.client?.close();
      },
    );
  }

  get isHolder(): boolean {
    return this.lock.isLeader;
  }

  start(): void {
    this.stopped = false;
    this.lock.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.running = false;
    this.wake?.();
    this.client?.close();
    await this.lock.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    const base = this.d.backoffMs ?? 1000;
    let backoff = base;
    while (this.running && !this.stopped) {
      const started = Date.now();
      try {
        await this.session();
      } catch (err) {
        if (!this.running || this.stopped) break;
        const message = (err as Error).message || String(err);
        this.d.logger.warn({ err: message }, 'mailbox link lost; reconnecting');
        this.d.setState('down', `Нет связи с почтовым сервером: ${message}`);
      }
      if (!this.running || this.stopped) break;
      // A session that lasted a while was healthy: start the backoff again.
      if (Date.now() - started > 60_000) backoff = base;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, backoff);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  /** One connection: catch up, then wait for new mail until the connection ends. */
  private async session(): Promise<void> {
    const c = this.d.config;
    // Loaded here, not at start: without a mailbox the server does not carry the IMAP client.
    const { ImapFlow } = await import('imapflow');
    const client = new ImapFlow({
      host: c.host,
      port: c.port,
      secure: c.tls === 'true',
      doSTARTTLS: c.tls === 'starttls' ? true : c.tls === 'false' ? false : undefined,
      auth: { user: c.user, pass: c.password },
      tls: { rejectUnauthorized: c.verifyCertificate },
      logger: false,
      // IDLE is entered by this link itself, right after each catch-up (auto-IDLE can wait 15 s),
      // and ended now and then for a catch-up in case a notification was missed.
      disableAutoIdle: true,
      maxIdleTime: c.pollMs,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
    });
    this.client = client;
    this.swept = new Set();
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    client.on('error', (err: Error) => this.d.logger.warn({ err: err.message }, 'IMAP connection error'));
    try {
      this.d.setState('connecting', '');
      await client.connect();
      if (c.doneFolder) await this.ensureFolder(client, c.doneFolder);
      let pending = true;
      let draining: Promise<void> | null = null;
      const drain = (): Promise<void> =>
        (draining ??= (async () => {
          while (pending && client.usable) {
            pending = false;
            await this.catchUp(client);
          }
        })().finally(() => (draining = null)));
      client.on('exists', () => {
        pending = true;
        void drain().catch((err: unknown) => {
          this.d.logger.warn({ err: (err as Error).message }, 'reading new mail failed; reconnecting');
          client.close();
        });
      });
      await drain();
      this.d.setState('up', '');
      this.d.logger.info({ mailbox: c.mailbox }, 'mailbox link up');
      // Wait in IDLE; new mail ends it (the catch-up's commands break it), then IDLE again.
      let ended = false;
      void closed.then(() => (ended = true));
      while (!ended && client.usable && this.running) {
        if (!client.mailbox) await client.mailboxOpen(c.mailbox);
        await Promise.race([client.idle({ whenFree: true }), closed]);
        if (ended) break;
        pending = true;
        await drain();
      }
      await closed;
    } finally {
      this.client = null;
      client.close();
    }
    throw new Error('соединение закрыто');
  }

  private async ensureFolder(client: ImapFlow, folder: string): Promise<void> {
    const list = await client.list();
    if (!list.some((m) => m.path === folder)) await client.mailboxCreate(folder);
  }

  /** Everything above the stored read position, in batches under short mailbox locks. */
  private async catchUp(client: ImapFlow): Promise<void> {
    const c = this.d.config;
    for (;;) {
      if (!this.running) return;
      const lock = await client.getMailboxLock(c.mailbox);
      let batch: { uid: number; source: Buffer; internalDate: Date | undefined }[] = [];
      let stale: number[] = [];
      let validity: string;
      try {
        const box = client.mailbox;
        if (!box) throw new Error(`папка ${c.mailbox} не открылась`);
        validity = box.uidValidity.toString();
        const last = await this.position(validity);
        // Everything at or below the read position was taken (the position moves with the mail's row);
        // one left unmarked (the link dropped between storing and marking) is marked now.
        if (last > 0 && !this.swept.has(validity)) {
          const unmarked = (await client.search({ uid: `1:${last}`, unKeyword: TAKEN_FLAG }, { uid: true })) || [];
          stale = unmarked.filter((u) => u <= last);
          this.swept.add(validity);
        }
        const uids = ((await client.search({ uid: `${last + 1}:*` }, { uid: true })) || [])
          .filter((u) => u > last)
          .sort((a, b) => a - b)
          .slice(0, BATCH);
        this.d.logger.debug({ validity, last, uids, stale }, 'mailbox catch-up');
        if (!uids.length) {
          if (stale.length) await this.markUnderLock(client, stale);
          return;
        }
        for await (const m of client.fetch(uids, { uid: true, source: true, internalDate: true }, { uid: true })) {
          if (m.source) {
            batch.push({
              uid: m.uid,
              source: m.source,
              internalDate: m.internalDate instanceof Date ? m.internalDate : undefined,
            });
          }
        }
        if (stale.length) await this.markUnderLock(client, stale);
      } finally {
        lock.release();
      }
      batch = batch.sort((a, b) => a.uid - b.uid);
      for (const m of batch) {
        const r = await this.d.intake.take(m.source, {
          mailbox: c.mailbox,
          uidValidity: validity,
          uid: String(m.uid),
          receivedAt: m.internalDate,
        });
        this.d.onTaken(r);
      }
      await this.markDone(
        client,
        batch.map((m) => m.uid),
      );
    }
  }

  /** The highest UID taken under this UIDVALIDITY; a new UIDVALIDITY starts from zero. */
  private async position(validity: string): Promise<number> {
    const rows: { uid_validity: string; last_uid: string }[] = await this.d.ds.query(
      `SELECT uid_validity, last_uid FROM mail_cursors WHERE mailbox = $1`,
      [this.d.config.mailbox],
    );
    const r = rows[0];
    if (!r) return 0;
    if (r.uid_validity !== validity) {
      this.d.logger.warn(
        { before: r.uid_validity, now: validity },
        'the mailbox UIDVALIDITY changed: reading it from the start (mail taken before is recognised by Message-ID)',
      );
      return 0;
    }
    return Number(r.last_uid);
  }

  private async markDone(client: ImapFlow, uids: number[]): Promise<void> {
    if (!uids.length) return;
    const lock = await client.getMailboxLock(this.d.config.mailbox);
    try {
      await this.markUnderLock(client, uids);
    } finally {
      lock.release();
    }
  }

  private async markUnderLock(client: ImapFlow, uids: number[]): Promise<void> {
    const c = this.d.config;
    await client.messageFlagsAdd(uids, ['\\Seen', TAKEN_FLAG], { uid: true });
    if (c.doneFolder) await client.messageMove(uids, c.doneFolder, { uid: true });
  }
}
