// The journal columns a user chose, remembered in this browser's localStorage under the user's id: callog
// keeps no per-user settings on the server (the settings table is the admin's, global), and a display
// preference does not earn a table, a migration and a route. Two people sharing a desk PC keep their own.
import { useCallback, useState } from 'react';
import { DEFAULT_COLUMNS, OPTIONAL_COLUMNS, type OptionalColumn } from './journalColumns';

const keyOf = (userId: number) => `callog.journal.columns.${userId}`;

/** The stored choice, unknown names dropped; the default when nothing (readable) is stored. */
export function readColumnChoice(userId: number): readonly OptionalColumn[] {
  try {
    const raw = localStorage.getItem(keyOf(userId));
    if (raw === null) return DEFAULT_COLUMNS;
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return DEFAULT_COLUMNS;
    return OPTIONAL_COLUMNS.filter((k) => parsed.includes(k));
  } catch {
    return DEFAULT_COLUMNS;
  }
}

/** The user's shown optional columns and a setter that remembers them (null: back to the default). */
export function useColumnChoice(userId: number) {
  const [shown, setShown] = useState(() => readColumnChoice(userId));
  const choose = useCallback(
    (next: readonly OptionalColumn[] | null) => {
      const ordered = next === null ? DEFAULT_COLUMNS : OPTIONAL_COLUMNS.filter((k) => next.includes(k));
      if (next === null) localStorage.removeItem(keyOf(userId));
      else localStorage.setItem(keyOf(userId), JSON.stringify(ordered));
      setShown(ordered);
    },
    [userId],
  );
  return [shown, choose] as const;
}
