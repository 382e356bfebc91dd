// Login throttling kept in the database, so every server instance sees the same count.
import type { DataSource } from 'typeorm';

export interface ThrottlePolicy {
  /** Failures within the window that lock the key. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export class ThrottleRepository {
  constructor(private readonly ds: DataSource) {}

  /** When the key is locked, the time it unlocks; else null. */
  async lockedUntil(key: string): Promise<Date | null> {
    const rows: { locked_until: Date | null }[] = await this.ds.query(
      `SELECT locked_until FROM login_attempts WHERE key = $1 AND locked_until > now()`,
      [key],
    );
    return rows[0]?.locked_until ?? null;
  }

  /** Counts a failure; returns the lock end when this failure locked the key. */
  async fail(key: string, p: ThrottlePolicy): Promise<Date | null> {
    const rows: { failures: number; locked_until: Date | null }[] = await this.ds.query(
      `INSERT INTO login_attempts (key, failures, first_failed_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_attempts.first_failed_at < now() - make_interval(secs => $2 / 1000.0)
                         THEN 1 ELSE login_attempts.failures + 1 END,
         first_failed_at = CASE WHEN login_attempts.first_failed_at < now() - make_interval(secs => $2 / 1000.0)
                         THEN now() ELSE login_attempts.first_failed_at END
       RETURNING failures, locked_until`,
      [key, p.windowMs],
    );
    const failures = rows[0]?.failures ?? 0;
    if (failures < p.maxFailures) return null;
    const until = new Date(Date.now() + p.lockMs);
    await this.ds.query(`UPDATE login_attempts SET locked_until = $2 WHERE key = $1`, [key, until]);
    return until;
  }

  async reset(key: string): Promise<void> {
    await this.ds.query(`DELETE FROM login_attempts WHERE key = $1`, [key]);
  }
}
