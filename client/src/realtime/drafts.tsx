// The specialist's open drafts: pushed on answer, restored after a reload or reconnect, updated as
// the call ends or the entry moves on.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { CallDto, EntryDto } from '../../../shared/api';
import type { DraftPushDto } from '../../../shared/socket';
import { useI18n } from '../lib/i18n';
import { useRealtime, useSocketEvent } from './socket';

interface DraftsState {
  drafts: DraftPushDto[];
  activeId: number | null;
  minimized: boolean;
  setActive: (id: number) => void;
  setMinimized: (m: boolean) => void;
  /** The draft left the specialist's hands (registered, dismissed, attached, handed over). */
  remove: (id: number) => void;
  /** Shows a draft that is not in the list (opened from the desk page). */
  open: (d: DraftPushDto) => void;
  updateEntry: (e: EntryDto) => void;
  /** A message about a draft that disappeared because of someone else (transfer). */
  lastNotice: string | null;
}

const DraftsContext = createContext<DraftsState | null>(null);

export function DraftsProvider({ userId, children }: { userId: number; children: ReactNode }) {
  const { socket, connected } = useRealtime();
  const { t } = useI18n();
  const [drafts, setDrafts] = useState<DraftPushDto[]>([]);
  const [activeId, setActiveId] = useState<number | null>(null);
  const [minimized, setMinimized] = useState(false);
  const [lastNotice, setLastNotice] = useState<string | null>(null);

  const upsert = useCallback((d: DraftPushDto) => {
    setDrafts((xs) =>
      xs.some((x) => x.entry.id === d.entry.id) ? xs.map((x) => (x.entry.id === d.entry.id ? d : x)) : [...xs, d],
    );
  }, []);

  const remove = useCallback((id: number) => {
    setDrafts((xs) => xs.filter((x) => x.entry.id !== id));
    localStorage.removeItem(`callog.draft.${id}`);
  }, []);

  // After a reload or a reconnect: the server knows which drafts are still open.
  useEffect(() => {
    if (!socket || !connected) return;
    void socket.emitWithAck('drafts:list').then((res) => {
      if (!res.ok) return;
      setDrafts((xs) => {
        const fromServer = new Map(res.data.map((d) => [d.entry.id, d]));
        const kept = xs.filter((x) => fromServer.has(x.entry.id)).map((x) => fromServer.get(x.entry.id)!);
        const added = res.data.filter((d) => !xs.some((x) => x.entry.id === d.entry.id));
        return [...kept, ...added];
      });
    });
  }, [socket, connected]);

  useSocketEvent('entry:draft', (d) => {
    // Rendered (and the description focused) before this event handler returns: a key pressed the
    // moment the pop-up shows, however busy the page, already lands in the pop-up.
    flushSync(() => {
      upsert(d);
      setActiveId(d.entry.id);
      setMinimized(false);
    });
    if (document.hidden) document.title = t('realtime.newCall');
  });

  useSocketEvent('entry:updated', (e) => {
    setDrafts((xs) => {
      const mine = xs.find((x) => x.entry.id === e.id);
      if (!mine) return xs;
      if (e.status !== 'draft' || e.ownerId !== userId) {
        if (e.ownerId !== userId && e.ownerName) setLastNotice(t('realtime.transferred', { name: e.ownerName }));
        localStorage.removeItem(`callog.draft.${e.id}`);
        return xs.filter((x) => x.entry.id !== e.id);
      }
      return xs.map((x) => (x.entry.id === e.id ? { ...x, entry: e } : x));
    });
  });

  useSocketEvent('call:ended', (c: CallDto) => {
    setDrafts((xs) => xs.map((x) => (x.call.id === c.id ? { ...x, call: c } : x)));
  });

  useEffect(() => {
    const onFocus = () => (document.title = t('realtime.pageTitle'));
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [t]);

  const value = useMemo<DraftsState>(
    () => ({
      drafts,
      activeId: drafts.some((d) => d.entry.id === activeId) ? activeId : (drafts[drafts.length - 1]?.entry.id ?? null),
      minimized,
      setActive: (id) => {
        setActiveId(id);
        setMinimized(false);
      },
      setMinimized,
      remove,
      open: (d) => {
        upsert(d);
        setActiveId(d.entry.id);
        setMinimized(false);
      },
      updateEntry: (e) => setDrafts((xs) => xs.map((x) => (x.entry.id === e.id ? { ...x, entry: e } : x))),
      lastNotice,
    }),
    [drafts, activeId, minimized, remove, upsert, lastNotice],
  );
  return <DraftsContext.Provider value={value}>{children}</DraftsContext.Provider>;
}

export function useDrafts(): DraftsState {
  const ctx = useContext(DraftsContext);
  if (!ctx) throw new Error('useDrafts outside DraftsProvider');
  return ctx;
}
