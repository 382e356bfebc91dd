// Raw rows (snake_case columns) to entity-shaped objects (camelCase), for statements TypeORM
// cannot express (CTEs, RETURNING of upserts).

const cache = new Map<string, string>();

function camel(key: string): string {
  let c = cache.get(key);
  if (c === undefined) {
    c = key.replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
    cache.set(key, c);
  }
  return c;
}

/** Maps a raw row's columns to the entity's property names (columns follow the names mechanically). */
export function camelRow<T>(raw: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[camel(k)] = v;
  return out as T;
}
