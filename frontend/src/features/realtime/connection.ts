import { getFreshAccessToken } from '@/lib/api-client';
import { RealtimeConnection, type RealtimeHandlers, type RealtimeOptions } from '@/lib/realtime';
import { setRealtimeStatus } from './status';

// Loaded on demand by useLiveUpdates, so that the socket's code stays out of
// the initial bundle. Transport only: what an event means is the handlers'.

/** The socket re-authenticates every 5 minutes with a token good for at least 6 more. */
const TOKEN_MIN_VALIDITY_S = 6 * 60;

export type ConnectionOverrides = Partial<Omit<RealtimeOptions, 'getToken' | 'onEvent' | 'onStatus' | 'onReconnect'>>;

export interface LiveConnectionOptions {
  handlers: RealtimeHandlers;
  connection?: ConnectionOverrides;
}

export function openLiveConnection({ handlers, connection }: LiveConnectionOptions): { stop: () => void } {
  const socket = new RealtimeConnection({
    ...connection,
    ...handlers,
    getToken: (force) => getFreshAccessToken(TOKEN_MIN_VALIDITY_S, force),
    onStatus: setRealtimeStatus,
  });
  socket.start();
  return socket;
}
