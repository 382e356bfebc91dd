// Recognising PostgreSQL errors the services turn into answers for people.
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
