// The PBX (and mailbox) link state every user sees: the instance holding the link writes it (and heartbeats);
// every instance reads it for new sockets and /api/health.
import type { DataSource } from 'typeorm';
import type { PbxStatusDto } from '../../shared/api';
import type { PbxLinkState } from '../../shared/domain';
import type { Logger } from '../logger';
import type { Realtime } from '../realtime/realtime';

const HEARTBEAT_MS = 10_000;
const STALE_MS = 35_000;
const REFRESH_MS = 3000;

export class PbxStatusService {
  private local: PbxStatusDto;
  private shared: PbxStatusDto | null = null;
  private holder = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly pbxId: string,
    private readonly demo: boolean,
    private readonly instanceId: string,
    private readonly realtime: Pick<Realtime, 'toAll'>,
    private readonly logger: Logger,
    /** The mailbox link reports through the same table and code, under its own id and event. */
    private readonly publish: ((dto: PbxStatusDto) => void) | null = null,
    private readonly staleDetail = 'Ни один сервер не держит связь с АТС',
  ) {
    this.local = { state: 'connecting', since: new Date().toISOString(), detail: '', demo };
  }

  start(): void {
    this.timers.push(
      setInterval(() => void this.heartbeat(), HEARTBEAT_MS),
      setInterval(() => void this.refresh(), REFRESH_MS),
    );
    for (const t of this.timers) t.unref();
    void this.refresh();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /** This instance holds (or stopped holding) the PBX link. */
  setHolder(holder: boolean): void {
    this.holder = holder;
  }

  /** What users should see now. */
  current(): PbxStatusDto {
    if (this.holder || !this.shared) return this.local;
    return this.shared;
  }

  /** The link holder reports a change: stored for other instances and pushed to every user. */
  set(state: PbxLinkState, detail: string): void {
    if (state === this.local.state && detail === this.local.detail) return;
    this.local = { state, since: new Date().toISOString(), detail, demo: this.demo };
    if (this.publish) this.publish(this.local);
    else this.realtime.toAll('pbx:status', this.local);
    void this.write();
  }

  private async write(): Promise<void> {
    try {
      await this.ds.query(
        `INSERT INTO pbx_state (pbx_id, state, since, detail, instance_id, updated_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (pbx_id) DO UPDATE SET state = $2, since = $3, detail = $4, instance_id = $5, updated_at = now()`,
        [this.pbxId, this.local.state, this.local.since, this.local.detail, this.instanceId],
      );
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not store the PBX link state');
    }
  }

  private async heartbeat(): Promise<void> {
    if (this.holder) await this.write();
  }

  private async refresh(): Promise<void> {
    if (this.holder) return;
    try {
      const rows: { state: PbxLinkState; since: Date; detail: string; updated_at: Date }[] = await this.ds.query(
        `SELECT state, since, detail, updated_at FROM pbx_state WHERE pbx_id = $1`,
        [this.pbxId],
      );
      const r = rows[0];
      if (!r) return;
      const stale = Date.now() - r.updated_at.getTime() > STALE_MS;
      this.shared = stale
        ? {
            state: 'down',
            since: r.updated_at.toISOString(),
            detail: this.staleDetail,
            demo: this.demo,
          }
        : { state: r.state, since: r.since.toISOString(), detail: r.detail, demo: this.demo };
    } catch {
      // The database is down: keep showing the last known state.
    }
  }
}
