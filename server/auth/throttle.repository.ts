// Login throttling kept in the database, so every server instance sees the same counts. An attempt
// is counted before the password is checked (a parallel burst cannot test more guesses than the
// limit), and past the free attempts each next one waits longer: a growing delay, never a lock
// that somebody else could impose for long.
import type { DataSource } from 'typeorm';

export interface ThrottlePolicy {
  /** Attempts within the window that need no waiting. */
  free: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  /** The longest wait between attempts. */
  maxDelayMs: number;
}

export interface ThrottleRow {
  key: string;
  failures: number;
  firstFailedAt: Date;
  lockedUntil: Date | null;
}

export class ThrottleRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Counts an attempt on the key if one is allowed now; returns null when it is, else when the next
   * attempt is allowed. The delay after attempt n (n > free) is 2^(n - free) seconds, capped.
   */
  async attempt(key: string, p: ThrottlePolicy): Promise<Date | null> {
    const rows: { failures: number }[] = await this.ds.query(
      `WITH w AS (SELECT make_interval(secs => $2 / 1000.0) AS win)
       INSERT INTO login_attempts AS a (key, failures, first_failed_at, locked_until)
       VALUES ($1, 1, now(), CASE WHEN 1 >= $3 THEN now() + make_interval(secs => 1) END)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN a.first_failed_at < now() - (SELECT win FROM w) THEN 1 ELSE a.failures + 1 END,
         first_failed_at = CASE WHEN a.first_failed_at < now() - (SELECT win FROM w)
                                THEN now() ELSE a.first_failed_at END,
         locked_until = CASE
           WHEN a.first_failed_at < now() - (SELECT win FROM w) THEN
             CASE WHEN 1 >= $3 THEN now() + make_interval(secs => 1) END
           WHEN a.failures + 1 >= $3 THEN
             now() + make_interval(secs => LEAST($4 / 1000.0, power(2, a.failures + 1 - $3)))
         END
       WHERE a.locked_until IS NULL OR a.locked_until <= now() OR a.first_failed_at < now() - (SELECT win FROM w)
       RETURNING a.failures`,
      [key, p.windowMs, p.free, p.maxDelayMs],
    );
    if (rows.length) return null;
    const locked: { locked_until: Date | null }[] = await this.ds.query(
      `SELECT locked_until FROM login_attempts WHERE key = $1`,
      [key],
    );
    return locked[0]?.locked_until ?? new Date(Date.now() + 1000);
  }

  /** The attempt succeeded: it was not a failure after all (and the pair's count starts over). */
  async succeeded(keys: { forget: string[]; uncount: string[] }, p: ThrottlePolicy): Promise<void> {
    if (keys.forget.length) await this.ds.query(`DELETE FROM login_attempts WHERE key = ANY($1)`, [keys.forget]);
    if (keys.uncount.length) {
      await this.ds.query(
        `UPDATE login_attempts SET failures = GREATEST(failures - 1, 0),
                locked_until = CASE WHEN failures - 1 >= $2 THEN locked_until END
          WHERE key = ANY($1)`,
        [keys.uncount, p.free],
      );
    }
  }

  /** Keys with recent failures, the ones waiting first (admin view). */
  async list(): Promise<ThrottleRow[]> {
    const rows: { key: string; failures: number; first_failed_at: Date; locked_until: Date | null }[] =
      await this.ds.query(
        `SELECT key, failures, first_failed_at, locked_until FROM login_attempts WHERE failures > 0
          ORDER BY locked_until DESC NULLS LAST, first_failed_at DESC LIMIT 500`,
      );
    return rows.map((r) => ({
      key: r.key,
      failures: r.failures,
      firstFailedAt: r.first_failed_at,
      lockedUntil: r.locked_until,
    }));
  }

  /** Clears a key (an admin lets someone in again); false when there was none. */
  async clear(key: string): Promise<boolean> {
    const [, count] = await this.ds.query<[unknown[], number]>(`DELETE FROM login_attempts WHERE key = $1`, [key]);
    return count > 0;
  }
}
