// Server-side sessions (the cookie holds a random token; the table holds its SHA-256) and login throttling.
import { EntitySchema } from 'typeorm';
import { col } from '../db/columns';

export interface SessionRow {
  id: string;
  userId: number;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export const SessionEntity = new EntitySchema<SessionRow>({
  name: 'Session',
  tableName: 'sessions',
  columns: {
    id: { name: 'id', type: 'varchar', length: 64, primary: true },
    userId: col.int('user_id'),
    createdAt: col.created(),
    expiresAt: col.time('expires_at'),
    lastSeenAt: col.time('last_seen_at', { default: () => 'now()' }),
    ip: col.varchar('ip', 64, { nullable: true }),
    userAgent: col.text('user_agent', { nullable: true }),
  },
  indices: [{ name: 'sessions_user_idx', columns: ['userId'] }],
  foreignKeys: [{ target: 'User', columnNames: ['userId'], referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
});

export interface LoginAttemptRow {
  key: string;
  failures: number;
  firstFailedAt: Date;
  lockedUntil: Date | null;
}

export const LoginAttemptEntity = new EntitySchema<LoginAttemptRow>({
  name: 'LoginAttempt',
  tableName: 'login_attempts',
  columns: {
    key: { name: 'key', type: 'varchar', length: 200, primary: true },
    failures: col.int('failures', { default: 0 }),
    firstFailedAt: col.time('first_failed_at'),
    lockedUntil: col.time('locked_until', { nullable: true }),
  },
});
