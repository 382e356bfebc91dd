// Server-side sessions: the cookie carries a random token, the table only its SHA-256.
import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Role } from '../../shared/domain';
import { SessionEntity } from './session.entity';

export interface SessionUser {
  sessionId: string;
  userId: number;
  role: Role;
  login: string;
  fullName: string;
  /** Only the password may be changed until it is. */
  mustChangePassword: boolean;
}

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Seen-at is written at most this often, to keep reads cheap. */
const TOUCH_EVERY_MS = 60_000;

export class SessionsRepository {
  constructor(
    private readonly ds: DataSource,
    /** Idle lifetime: extended while the session is in use. */
    private readonly ttlMs: number,
    /** Absolute lifetime from the login, however active. */
    private readonly maxMs: number,
  ) {}

  /** Creates a session and returns the token for the cookie (never stored in clear). */
  async create(userId: number, ip: string | null, userAgent: string | null): Promise<{ token: string; id: string }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const id = hashToken(token);
    await this.ds.getRepository(SessionEntity).insert({
      id,
      userId,
      expiresAt: new Date(Date.now() + Math.min(this.ttlMs, this.maxMs)),
      ip,
      userAgent: userAgent?.slice(0, 300) ?? null,
    });
    return { token, id };
  }

  /** The live session of a token with its active user, extending the session while in use. */
  async resolve(token: string | undefined): Promise<SessionUser | null> {
    if (!token || token.length > 100) return null;
    const id = hashToken(token);
    const rows: {
      user_id: number;
      role: Role;
      login: string;
      full_name: string;
      last_seen_at: Date;
      must_change_password: boolean;
    }[] = await this.ds.query(
      `SELECT s.user_id, s.last_seen_at, u.role, u.login, u.full_name, u.must_change_password
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > now() AND u.active`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    if (Date.now() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      // Extended while in use, never past the absolute lifetime.
      await this.ds.query(
        `UPDATE sessions SET last_seen_at = now(),
                expires_at = LEAST($2::timestamptz, created_at + make_interval(secs => $3 / 1000.0))
          WHERE id = $1`,
        [id, new Date(Date.now() + this.ttlMs), this.maxMs],
      );
    }
    return {
      sessionId: id,
      userId: row.user_id,
      role: row.role,
      login: row.login,
      fullName: row.full_name,
      mustChangePassword: row.must_change_password,
    };
  }

  /** Which of these sessions are still valid (live sockets are checked against it). */
  async live(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows: { id: string }[] = await this.ds.query(
      `SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = ANY($1::varchar[]) AND s.expires_at > now() AND u.active`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Ends every session of a user but one (after a password change: the one that changed it). */
  async deleteOthers(userId: number, keepId: string): Promise<string[]> {
    const [rows] = await this.ds.query<[{ id: string }[], number]>(
      `DELETE FROM sessions WHERE user_id = $1 AND id <> $2 RETURNING id`,
      [userId, keepId],
    );
    return rows.map((r) => r.id);
  }

  async deleteById(id: string): Promise<void> {
    await this.ds.getRepository(SessionEntity).delete({ id });
  }

  async deleteForUser(userId: number): Promise<void> {
    await this.ds.getRepository(SessionEntity).delete({ userId });
  }

  async purgeExpired(): Promise<void> {
    await this.ds.query(`DELETE FROM sessions WHERE expires_at < now()`);
  }
}
