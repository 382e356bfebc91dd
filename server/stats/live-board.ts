// Keeps the wallboards live: after calls change (a round of the PBX's events applied, a missed call
// handled), the board is read again from the database and pushed to every browser, at most once per
// `delayMs`. The board itself is never kept in memory, so a restart loses nothing of it.
import type { LiveSummaryDto } from '../../shared/stats';
import type { Logger } from '../logger';

export class LiveBoard {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly read: () => Promise<LiveSummaryDto>,
    private readonly push: (dto: LiveSummaryDto) => void,
    private readonly logger: Logger,
    private readonly delayMs = 1000,
  ) {}

  /** Calls changed: the boards get the new state shortly (a burst of changes makes one push). */
  changed(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.read()
        .then((dto) => {
          if (!this.stopped) this.push(dto);
        })
        .catch((err: unknown) => this.logger.warn({ err }, 'wallboard update failed'));
    }, this.delayMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
