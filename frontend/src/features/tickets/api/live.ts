import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeEvent, RealtimeHandlers } from '@/lib/realtime';
import type { Ticket, TicketListItem, TicketPage } from '../types';
import { ticketKeys } from './tickets';

// What the tickets feature does with the realtime socket's events (the
// realtime feature is only the transport). Loaded on demand with the socket's
// code, so neither weighs on the first paint.
//
// An event is applied to the TanStack Query cache in place: patch what is
// cached, invalidate only the few queries of the one ticket concerned, and
// never refetch every list for an update.

export type TicketEventType = 'ticket.created' | 'ticket.updated' | 'ticket.deleted' | 'comment.created' | 'ticket.sla_at_risk';

export interface TicketEvent {
  type: TicketEventType;
  ticket: TicketListItem;
  comment?: { author?: { id?: number } } & Record<string, unknown>;
  /** Who acted (null for a system change); absent from older servers. */
  actor?: { id: number; username: string } | null;
  /** On ticket.updated: the fields that changed. */
  changes?: string[];
}

const TYPES: readonly string[] = ['ticket.created', 'ticket.updated', 'ticket.deleted', 'comment.created', 'ticket.sla_at_risk'];

export function isTicketEvent(event: RealtimeEvent): event is RealtimeEvent & TicketEvent {
  const ticket = event.ticket as { id?: unknown } | null | undefined;
  return TYPES.includes(event.type) && !!ticket && typeof ticket === 'object' && typeof ticket.id === 'number';
}

function isOlder(incoming: { updated_at: string }, cached: { updated_at: string }): boolean {
  return Date.parse(incoming.updated_at) < Date.parse(cached.updated_at);
}

/** `byOther`: someone else acted, so a staff list (the only one with `unread`) shows it unread. */
function patchLists(queryClient: QueryClient, ticket: TicketListItem, byOther = false): void {
  queryClient.setQueriesData<TicketPage>({ queryKey: ticketKeys.lists() }, (page) => {
    if (!page?.results.some((item) => item.id === ticket.id)) return page;
    return {
      ...page,
      results: page.results.map((item) => {
        if (item.id !== ticket.id || isOlder(ticket, item)) return item;
        const patched = { ...item, ...ticket };
        if (byOther && item.unread !== undefined) patched.unread = true;
        return patched;
      }),
    };
  });
}

function patchDetail(queryClient: QueryClient, ticket: TicketListItem): void {
  queryClient.setQueryData<Ticket>(ticketKeys.detail(ticket.id), (detail) =>
    // List-item fields only: the detail keeps its status_history.
    detail && !isOlder(ticket, detail) ? { ...detail, ...ticket, status_history: detail.status_history } : detail,
  );
}

function removeFromLists(queryClient: QueryClient, id: number): void {
  queryClient.setQueriesData<TicketPage>({ queryKey: ticketKeys.lists() }, (page) => {
    if (!page?.results.some((item) => item.id === id)) return page;
    return { ...page, count: Math.max(0, page.count - 1), results: page.results.filter((item) => item.id !== id) };
  });
}

/** Whether a component shows this ticket's detail right now (its detail page is open). */
export function isWatched(queryClient: QueryClient, id: number): boolean {
  return (queryClient.getQueryCache().find({ queryKey: ticketKeys.detail(id), exact: true })?.getObserversCount() ?? 0) > 0;
}

/** `me`: the signed-in user, whose own changes leave their unread markers alone. */
export function applyTicketEvent(queryClient: QueryClient, event: TicketEvent, me: number | null = null): void {
  const { ticket } = event;
  const id = ticket.id;
  const byOther = Boolean(event.actor && event.actor.id !== me);
  switch (event.type) {
    case 'ticket.created':
      // Where a new ticket lands depends on each list's filters and ordering.
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
      break;
    case 'ticket.updated':
      patchLists(queryClient, ticket, byOther);
      patchDetail(queryClient, ticket);
      // The status history and activity timeline are not in the event.
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id), exact: true });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.comments(id) });
      break;
    case 'ticket.sla_at_risk':
      // A target reached 80 % of its time: the badges turn amber.
      patchLists(queryClient, ticket);
      patchDetail(queryClient, ticket);
      break;
    case 'comment.created':
      patchLists(queryClient, ticket, byOther); // comments_count, updated_at
      patchDetail(queryClient, ticket);
      void queryClient.invalidateQueries({ queryKey: ticketKeys.comments(id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(id) });
      break;
    case 'ticket.deleted':
      removeFromLists(queryClient, id);
      queryClient.removeQueries({ queryKey: ticketKeys.comments(id) });
      queryClient.removeQueries({ queryKey: ticketKeys.activity(id) });
      if (isWatched(queryClient, id)) {
        // The open page refetches, gets a 404 and says so.
        void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id), exact: true });
      } else {
        queryClient.removeQueries({ queryKey: ticketKeys.detail(id), exact: true });
      }
      break;
  }
}

export type Announcement = 'ticketUpdated' | 'commentAdded' | 'ticketDeleted';

const ANNOUNCEMENTS: Partial<Record<TicketEventType, Announcement>> = {
  'ticket.updated': 'ticketUpdated',
  'comment.created': 'commentAdded',
  'ticket.deleted': 'ticketDeleted',
};

export interface TicketEventHandlersOptions {
  queryClient: QueryClient;
  /** A change to a ticket whose detail is on screen, not already in the cache. */
  announce: (announcement: Announcement, event: TicketEvent) => void;
  /** The signed-in user's id (see applyTicketEvent). */
  me?: () => number | null;
}

export function ticketEventHandlers({ queryClient, announce, me = () => null }: TicketEventHandlersOptions): RealtimeHandlers {
  return {
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
      applyTicketEvent(queryClient, event, me());
      const announcement = ANNOUNCEMENTS[event.type];
      if (watched && !alreadyKnown && announcement) announce(announcement, event);
    },
  };
}
