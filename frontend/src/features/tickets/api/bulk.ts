import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api-types';
import type { TicketListItem, TicketPage } from '../types';
import { ticketKeys } from './tickets';

export type BulkChange = components['schemas']['BulkChangeRequest'];
export type BulkResult = components['schemas']['BulkResult'];

/** SPEC 4e: one triage change for up to 100 tickets; failures come back per ticket. */
export function bulkChangeTickets(change: BulkChange): Promise<BulkResult> {
  return api.post<BulkResult>('/api/tickets/bulk/', change);
}

/** Changed rows are patched into every cached list at once; the lists are then
 * refetched, since a change may move a ticket out of a filtered view. */
export function useBulkChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: bulkChangeTickets,
    onSuccess: ({ updated }) => {
      const byId = new Map<number, TicketListItem>(updated.map((ticket) => [ticket.id, ticket]));
      queryClient.setQueriesData<TicketPage>({ queryKey: ticketKeys.lists() }, (page) =>
        page && page.results.some((item) => byId.has(item.id))
          ? { ...page, results: page.results.map((item) => ({ ...item, ...byId.get(item.id) })) }
          : page,
      );
      for (const ticket of updated) {
        void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticket.id) });
        void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticket.id) });
      }
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}

/** Opening a ticket marks it read on the server (SPEC 4e): show that in the lists at once. */
export function markReadInLists(queryClient: ReturnType<typeof useQueryClient>, id: number): void {
  queryClient.setQueriesData<TicketPage>({ queryKey: ticketKeys.lists() }, (page) =>
    page?.results.some((item) => item.id === id && item.unread)
      ? { ...page, results: page.results.map((item) => (item.id === id ? { ...item, unread: false } : item)) }
      : page,
  );
}
