// Recognising PostgreSQL errors: the ones services turn into answers for people, and the ones that
// mean "the database is not there right now" (retry later) rather than a bug.

interface PgLikeError {
  code?: string;
  table?: string;
  constraint?: string;
  driverError?: PgLikeError;
}

/** The table and constraint of a unique violation, or null for any other error. */
export function uniqueViolation(err: unknown): { table: string; constraint: string } | null {
  const e = err as PgLikeError;
  const d = e.driverError ?? e;
  if (d.code !== '23505') return null;
  return { table: d.table ?? '', constraint: d.constraint ?? '' };
}

const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03']);
/** Serialization failures and deadlocks: the same work succeeds when tried again. */
const RETRYABLE = new Set(['40001', '40P01']);

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : '';
}

/** The database is down, restarting or unreachable (class 08: connection exceptions). */
export function isDbUnavailable(err: unknown): boolean {
  const code = codeOf(err);
  if (UNAVAILABLE.has(code) || code.startsWith('08')) return true;
  const message = (err as { message?: unknown } | null)?.message;
  return (
    typeof message === 'string' &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(
      message,
    )
  );
}

/** Worth trying again as it is: the database was unavailable, or a concurrent transaction won. */
export function isTransientDbError(err: unknown): boolean {
  return isDbUnavailable(err) || RETRYABLE.has(codeOf(err));
}
