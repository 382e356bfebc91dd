// The Socket.IO connection of the logged-in user, and hooks over its events.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Socket } from 'socket.io-client';
import type { MailStatusDto, PbxStatusDto } from '../../../shared/api';
import { MAIL_STATE_LABELS, PBX_STATE_LABELS, type MailLinkState, type PbxLinkState } from '../../../shared/domain';
import { useI18n } from '../lib/i18n';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/socket';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface RealtimeState {
  socket: AppSocket | null;
  connected: boolean;
  pbx: PbxStatusDto | null;
  mail: MailStatusDto | null;
}

const RealtimeContext = createContext<RealtimeState>({ socket: null, connected: false, pbx: null, mail: null });

export function RealtimeProvider({ userId, children }: { userId: number | null; children: ReactNode }) {
  const [state, setState] = useState<RealtimeState>({ socket: null, connected: false, pbx: null, mail: null });

  useEffect(() => {
    if (userId === null) return;
    // The Socket.IO client is fetched after the page is up (the connection opens after the first paint
    // anyway): it is not part of what the desk loads before it shows.
    let socket: AppSocket | null = null;
    let cancelled = false;
    void import('socket.io-client').then(({ io }) => {
      if (cancelled) return;
      // WebSocket first; tryAllTransports falls back to long polling when a proxy refuses WebSocket.
      const s: AppSocket = io({
        path: '/socket.io',
        withCredentials: true,
        transports: ['websocket', 'polling'],
        tryAllTransports: true,
      });
      socket = s;
      setState({ socket: s, connected: false, pbx: null, mail: null });
      s.on('connect', () => setState((st) => ({ ...st, connected: true })));
      s.on('disconnect', (reason) => {
        setState((st) => ({ ...st, connected: false }));
        // The server ended the session (logout elsewhere, deactivation): back to the login page.
        if (reason === 'io server disconnect') window.dispatchEvent(new Event('callog:unauthenticated'));
      });
      s.on('connect_error', (err) => {
        if (err.message === 'unauthenticated') window.dispatchEvent(new Event('callog:unauthenticated'));
      });
      s.on('pbx:status', (pbx) => setState((st) => ({ ...st, pbx })));
      s.on('mail:status', (mail) => setState((st) => ({ ...st, mail })));
    });
    return () => {
      cancelled = true;
      socket?.removeAllListeners();
      socket?.disconnect();
    };
  }, [userId]);

  return <RealtimeContext.Provider value={state}>{children}</RealtimeContext.Provider>;
}

export function useRealtime(): RealtimeState {
  return useContext(RealtimeContext);
}

/** Subscribes to a server event for the component's lifetime (the latest handler is always used). */
export function useSocketEvent<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]) {
  const { socket } = useRealtime();
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<ServerToClientEvents[E]>) =>
      (ref.current as (...a: unknown[]) => void)(...args)) as ServerToClientEvents[E];
    socket.on(event, listener as never);
    return () => {
      socket.off(event, listener as never);
    };
  }, [socket, event]);
}

/** A link (PBX, mailbox) as people see it: down also when this browser has lost the server. */
function linkView<S extends string>(
  link: { state: S; detail: string } | null,
  connected: boolean,
  text: (state: S | 'connecting' | 'down') => string,
  offline: string,
): { state: S | 'connecting' | 'down'; text: string; detail: string | undefined } {
  const state = connected ? (link?.state ?? 'connecting') : 'down';
  return { state, text: connected ? text(state) : offline, detail: link?.detail || undefined };
}

/** The PBX link as people see it. */
export function usePbxLink(): { state: PbxLinkState; text: string; detail: string | undefined } {
  const { t, label } = useI18n();
  const { pbx, connected } = useRealtime();
  return linkView<PbxLinkState>(pbx, connected, (st) => label(PBX_STATE_LABELS, st), t('realtime.offline'));
}

/** The mailbox link as people see it (`off`: no mailbox configured), and whether replies go out. */
export function useMailLink(): {
  state: MailLinkState;
  text: string;
  detail: string | undefined;
  demo: boolean;
  replies: boolean;
} {
  const { t, label } = useI18n();
  const { mail, connected } = useRealtime();
  return {
    ...linkView<MailLinkState>(mail, connected, (st) => label(MAIL_STATE_LABELS, st), t('realtime.offline')),
    demo: mail?.demo ?? false,
    replies: mail?.replies ?? false,
  };
}
