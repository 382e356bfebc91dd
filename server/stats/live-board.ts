// Keeps the wallboards live: after calls change (a round of the PBX's events applied, a missed call
// handled), the board is read again from the database and pushed to every browser, at most once per
// `delayMs`. The board itself is never kept in memory, so a restart loses nothing of it.
// Pop-ups go first: reading the board and sending it to every browser waits while call effects are
// being written (a burst of answered calls would otherwise queue behind hundreds of board emits).
import type { LiveSummaryDto } from '../../shared/stats';
import type { Logger } from '../logger';
import { atMost } from '../lib/timeout';

/** The longest a board update waits for the call effects to settle. */
const YIELD_MAX_MS = 2000;

export class LiveBoard {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly read: () => Promise<LiveSummaryDto>,
    private readonly push: (dto: LiveSummaryDto) => void,
    private readonly logger: Logger,
    private readonly delayMs = 1000,
    /** Resolves when no call effects are waiting to be written. */
    private readonly settled: () => Promise<void> = () => Promise.resolve(),
  ) {}

  /** Calls changed: the boards get the new state shortly (a burst of changes makes one push). */
  changed(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().catch((err: unknown) => this.logger.warn({ err }, 'wallboard update failed'));
    }, this.delayMs);
    this.timer.unref();
  }

  private async refresh(): Promise<void> {
    await atMost(this.settled(), YIELD_MAX_MS);
    const dto = await this.read();
    await atMost(this.settled(), YIELD_MAX_MS);
    if (!this.stopped) this.push(dto);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
