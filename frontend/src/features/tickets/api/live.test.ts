import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { makeTicket, page } from '@/test/fixtures';
import type { Ticket, TicketFilters, TicketListItem, TicketPage } from '../types';
import { applyTicketEvent, isTicketEvent } from './live';
import { ticketKeys } from './tickets';

const filters: TicketFilters = { page: 1, search: '', category: null, status: null, priority: null, assignee: null, ordering: '-created_at' };
const resolvedOnly: TicketFilters = { ...filters, status: 'Resolved' };

function item(ticket: Ticket): TicketListItem {
  const copy: Record<string, unknown> = { ...ticket };
  delete copy.status_history;
  return copy as TicketListItem;
}

function seeded() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const one = makeTicket({ id: 1, status: 'New', comments_count: 0 });
  const two = makeTicket({ id: 2, status: 'Resolved' });
  queryClient.setQueryData(ticketKeys.list(filters), page([one, two]));
  queryClient.setQueryData(ticketKeys.list(resolvedOnly), page([two]));
  queryClient.setQueryData(ticketKeys.detail(1), one);
  queryClient.setQueryData(ticketKeys.comments(1), []);
  queryClient.setQueryData(ticketKeys.activity(1), []);
  return { queryClient, one, two };
}

const list = (queryClient: QueryClient, f: TicketFilters) => queryClient.getQueryData<TicketPage>(ticketKeys.list(f));
const stale = (queryClient: QueryClient, key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated ?? null;

describe('applyTicketEvent', () => {
  it('ticket.updated patches every cached list and the detail, keeping its status history', () => {
    const { queryClient, one } = seeded();
    const untouched = list(queryClient, resolvedOnly);
    applyTicketEvent(queryClient, {
      type: 'ticket.updated',
      ticket: { ...item(one), status: 'Under Review', updated_at: '2025-12-14T10:00:00Z' },
    });
    expect(list(queryClient, filters)?.results.map((t) => t.status)).toEqual(['Under Review', 'Resolved']);
    // A list without the ticket keeps its very object: nothing re-renders.
    expect(list(queryClient, resolvedOnly)).toBe(untouched);
    const detail = queryClient.getQueryData<Ticket>(ticketKeys.detail(1));
    expect(detail?.status).toBe('Under Review');
    expect(detail?.status_history).toEqual(one.status_history);
    // Only this ticket's detail, activity and comments are marked for refetch; lists are not.
    expect(stale(queryClient, ticketKeys.detail(1))).toBe(true);
    expect(stale(queryClient, ticketKeys.activity(1))).toBe(true);
    expect(stale(queryClient, ticketKeys.comments(1))).toBe(true);
    expect(stale(queryClient, ticketKeys.list(filters))).toBe(false);
  });

  it('comment.created refreshes the thread and patches the reply count', () => {
    const { queryClient, one } = seeded();
    applyTicketEvent(queryClient, {
      type: 'comment.created',
      ticket: { ...item(one), comments_count: 1, updated_at: '2025-12-14T10:00:00Z' },
      comment: { id: 5, body: 'Hello', author: { id: 1 } },
    });
    expect(list(queryClient, filters)?.results[0]?.comments_count).toBe(1);
    expect(queryClient.getQueryData<Ticket>(ticketKeys.detail(1))?.comments_count).toBe(1);
    expect(stale(queryClient, ticketKeys.comments(1))).toBe(true);
    expect(stale(queryClient, ticketKeys.activity(1))).toBe(true);
    expect(stale(queryClient, ticketKeys.detail(1))).toBe(false);
  });

  it('ticket.created only marks the lists stale', () => {
    const { queryClient } = seeded();
    applyTicketEvent(queryClient, { type: 'ticket.created', ticket: item(makeTicket({ id: 3 })) });
    expect(stale(queryClient, ticketKeys.list(filters))).toBe(true);
    expect(stale(queryClient, ticketKeys.list(resolvedOnly))).toBe(true);
    expect(stale(queryClient, ticketKeys.detail(1))).toBe(false);
  });

  it('ticket.deleted removes it from the lists and drops its queries', () => {
    const { queryClient, one } = seeded();
    applyTicketEvent(queryClient, { type: 'ticket.deleted', ticket: item(one) });
    expect(list(queryClient, filters)?.results.map((t) => t.id)).toEqual([2]);
    expect(list(queryClient, filters)?.count).toBe(1);
    expect(queryClient.getQueryData(ticketKeys.detail(1))).toBeUndefined();
    expect(queryClient.getQueryData(ticketKeys.comments(1))).toBeUndefined();
  });

  it('ticket.deleted refetches a detail that is on screen instead of dropping it', () => {
    const { queryClient, one } = seeded();
    const observer = new QueryObserver(queryClient, { queryKey: ticketKeys.detail(1), queryFn: () => new Promise<Ticket>(() => undefined) });
    const unsubscribe = observer.subscribe(() => undefined);
    applyTicketEvent(queryClient, { type: 'ticket.deleted', ticket: item(one) });
    expect(queryClient.getQueryState(ticketKeys.detail(1))?.fetchStatus).toBe('fetching');
    unsubscribe();
  });
});

describe('isTicketEvent', () => {
  it('accepts the four ticket events with a ticket, nothing else', () => {
    expect(isTicketEvent({ type: 'ticket.updated', ticket: { id: 1 } })).toBe(true);
    expect(isTicketEvent({ type: 'ticket.updated' })).toBe(false);
    expect(isTicketEvent({ type: 'ticket.updated', ticket: { id: '1' } })).toBe(false);
    expect(isTicketEvent({ type: 'auth.ok', ticket: { id: 1 } })).toBe(false);
  });
});
