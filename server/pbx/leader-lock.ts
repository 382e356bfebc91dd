// Exactly one AMI consumer per PBX across instances: a PostgreSQL advisory lock held on its own
// connection. When that connection drops (a database restart), the holder keeps consuming and takes
// the lock again as soon as it can; it stops only when another instance holds the lock, so a database
// blip loses no PBX events. A short overlap is harmless: every call write is idempotent.
import crypto from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger';

const LOCK_CLASS = 4243;
const RETRY_MS = 2000;
const CHECK_MS = 5000;

export class LeaderLock {
  private client: pg.Client | null = null;
  private leader = false;
  /** The lock is held on the current connection (a leader may be between connections). */
  private locked = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly objId: number;

  constructor(
    /** PostgreSQL connection; undefined (embedded database): this process is the only one. */
    private readonly pgConfig: pg.ClientConfig | undefined,
    key: string,
    private readonly logger: Logger,
    private readonly onAcquired: () => void,
    private readonly onLost: () => void,
    /** What the lock guards, for the log. */
    private readonly what = 'the PBX link',
  ) {
    this.objId = crypto.createHash('sha256').update(key).digest().readInt32BE(0);
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    this.stopped = false;
    if (!this.pgConfig) {
      this.become(true);
      return;
    }
    void this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.become(false);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  private become(leader: boolean) {
    if (leader === this.leader) return;
    this.leader = leader;
    if (leader) this.onAcquired();
    else this.onLost();
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.attempt(), ms);
    this.timer.unref();
  }

  private busy = false;

  private async attempt(): Promise<void> {
    if (this.stopped || this.busy) return;
    this.busy = true;
    try {
      if (!this.client) {
        const c = new pg.Client({ ...this.pgConfig, connectionTimeoutMillis: 5000 });
        c.on('error', (err) => {
          this.logger.warn({ err: err.message }, 'leader lock connection lost');
          this.drop(c);
        });
        c.on('end', () => this.drop(c));
        await c.connect();
        this.client = c;
      }
      if (!this.locked) {
        const r = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
          LOCK_CLASS,
          this.objId,
        ]);
        this.locked = r.rows[0]?.ok === true;
        if (this.locked && !this.leader) this.logger.info(`this instance now holds ${this.what}`);
        if (!this.locked && this.leader) this.logger.warn(`another instance took ${this.what}`);
        this.become(this.locked);
      } else {
        await this.client.query('SELECT 1');
      }
      this.schedule(this.leader ? CHECK_MS : RETRY_MS);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'leader lock check failed');
      if (this.client) this.drop(this.client);
      else this.schedule(RETRY_MS);
    } finally {
      this.busy = false;
    }
  }

  private drop(c: pg.Client) {
    if (this.client !== c) return;
    this.client = null;
    this.locked = false;
    c.end().catch(() => undefined);
    // Still the leader until someone else holds the lock: retry soon.
    this.schedule(500);
  }
}
