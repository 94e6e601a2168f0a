import type { QueryClient } from '@tanstack/react-query';
import { ticketKeys } from '@/features/tickets/api/tickets';
import { getFreshAccessToken } from '@/lib/api-client';
import { RealtimeConnection, type RealtimeOptions } from '@/lib/realtime';
import { applyTicketEvent, isTicketEvent, isWatched, type TicketEvent } from './cache';
import { setRealtimeStatus } from './status';

// Loaded on demand by useLiveUpdates, so that the socket, the cache patching
// and the tickets feature's API module stay out of the initial bundle.

/** The socket re-authenticates every 5 minutes with a token good for at least 6 more. */
const TOKEN_MIN_VALIDITY_S = 6 * 60;

export type Announcement = 'ticketUpdated' | 'commentAdded' | 'ticketDeleted';

const ANNOUNCEMENTS: Partial<Record<TicketEvent['type'], Announcement>> = {
  'ticket.updated': 'ticketUpdated',
  'comment.created': 'commentAdded',
  'ticket.deleted': 'ticketDeleted',
};

export interface LiveConnectionOptions {
  queryClient: QueryClient;
  /** A change to a ticket whose detail is on screen, not already in the cache. */
  announce: (announcement: Announcement, event: TicketEvent) => void;
  connection?: Partial<Omit<RealtimeOptions, 'getToken' | 'onEvent' | 'onStatus' | 'onReconnect'>>;
}

export function openLiveConnection({ queryClient, announce, connection }: LiveConnectionOptions): { stop: () => void } {
  const socket = new RealtimeConnection({
    ...connection,
    getToken: (force) => getFreshAccessToken(TOKEN_MIN_VALIDITY_S, force),
    onStatus: setRealtimeStatus,
    onReconnect: () => {
      // Events sent while we were away are lost: refetch what is on screen.
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
    },
    onEvent: (event) => {
      if (!isTicketEvent(event)) return;
      // Decide before patching: a detail changed by this tab's own save already matches.
      const cached = queryClient.getQueryData<{ updated_at: string }>(ticketKeys.detail(event.ticket.id));
      const alreadyKnown = event.type === 'ticket.updated' && cached?.updated_at === event.ticket.updated_at;
      const watched = isWatched(queryClient, event.ticket.id);
      applyTicketEvent(queryClient, event);
      const announcement = ANNOUNCEMENTS[event.type];
      if (watched && !alreadyKnown && announcement) announce(announcement, event);
    },
  });
  socket.start();
  return socket;
}
