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
}

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Seen-at is written at most this often, to keep reads cheap. */
const TOUCH_EVERY_MS = 60_000;

export class SessionsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly ttlMs: number,
  ) {}

  /** Creates a session and returns the token for the cookie (never stored in clear). */
  async create(userId: number, ip: string | null, userAgent: string | null): Promise<{ token: string; id: string }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const id = hashToken(token);
    await this.ds.getRepository(SessionEntity).insert({
      id,
      userId,
      expiresAt: new Date(Date.now() + this.ttlMs),
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
    }[] = await this.ds.query(
      `SELECT s.user_id, s.last_seen_at, u.role, u.login, u.full_name
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > now() AND u.active`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    if (Date.now() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await this.ds.query(`UPDATE sessions SET last_seen_at = now(), expires_at = $2 WHERE id = $1`, [
        id,
        new Date(Date.now() + this.ttlMs),
      ]);
    }
    return { sessionId: id, userId: row.user_id, role: row.role, login: row.login, fullName: row.full_name };
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
