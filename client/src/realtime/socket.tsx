// The Socket.IO connection of the logged-in user, and hooks over its events.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { PbxStatusDto } from '../../../shared/api';
import { PBX_STATE_LABELS, type PbxLinkState } from '../../../shared/domain';
import { useI18n } from '../lib/i18n';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/socket';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface RealtimeState {
  socket: AppSocket | null;
  connected: boolean;
  pbx: PbxStatusDto | null;
}

const RealtimeContext = createContext<RealtimeState>({ socket: null, connected: false, pbx: null });

export function RealtimeProvider({ userId, children }: { userId: number | null; children: ReactNode }) {
  const [state, setState] = useState<RealtimeState>({ socket: null, connected: false, pbx: null });

  useEffect(() => {
    if (userId === null) return;
    // WebSocket first; tryAllTransports falls back to long polling when a proxy refuses WebSocket.
    const socket: AppSocket = io({
      path: '/socket.io',
      withCredentials: true,
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });
    setState({ socket, connected: false, pbx: null });
    socket.on('connect', () => setState((s) => ({ ...s, connected: true })));
    socket.on('disconnect', (reason) => {
      setState((s) => ({ ...s, connected: false }));
      // The server ended the session (logout elsewhere, deactivation): back to the login page.
      if (reason === 'io server disconnect') window.dispatchEvent(new Event('callog:unauthenticated'));
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthenticated') window.dispatchEvent(new Event('callog:unauthenticated'));
    });
    socket.on('pbx:status', (pbx) => setState((s) => ({ ...s, pbx })));
    return () => {
      socket.removeAllListeners();
      socket.disconnect();
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

/** The PBX link as people see it: down also when this browser has lost the server. */
export function usePbxLink(): { state: PbxLinkState; text: string; detail: string | undefined } {
  const { label } = useI18n();
  const { pbx, connected } = useRealtime();
  const state = connected ? (pbx?.state ?? 'connecting') : 'down';
  return {
    state,
    text: connected ? label(PBX_STATE_LABELS, state) : 'Нет связи с сервером',
    detail: pbx?.detail || undefined,
  };
}
