import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Ticket, TicketFilters, TicketInput, TicketPage, TicketStatus } from '../types';

export const PAGE_SIZE = 6;

export const ticketKeys = {
  all: ['tickets'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (filters: TicketFilters, pageSize: number = PAGE_SIZE) => [...ticketKeys.lists(), filters, pageSize] as const,
  detail: (id: number) => [...ticketKeys.all, 'detail', id] as const,
  comments: (id: number) => [...ticketKeys.all, 'comments', id] as const,
  activity: (id: number) => [...ticketKeys.all, 'activity', id] as const,
  staff: () => ['staff-directory'] as const,
};

/** `pageSize`: the cards' 6, or the staff queue's 25/50/100. */
export function listTickets(filters: TicketFilters, signal?: AbortSignal, pageSize: number = PAGE_SIZE): Promise<TicketPage> {
  return api.get<TicketPage>('/api/tickets/', {
    signal,
    query: {
      page: filters.page > 1 ? filters.page : undefined,
      page_size: pageSize,
      search: filters.search.trim(),
      category: filters.category,
      status: filters.status,
      priority: filters.priority,
      assignee: filters.assignee,
      sla: filters.sla,
      ordering: filters.ordering,
      ...filters.drill,
    },
  });
}

export function getTicket(id: number, signal?: AbortSignal): Promise<Ticket> {
  return api.get<Ticket>(`/api/tickets/${id}/`, { signal });
}

function toBody(input: TicketInput): FormData | Omit<TicketInput, 'attachment'> | (Omit<TicketInput, 'attachment'> & { attachment: null }) {
  const { attachment, ...fields } = input;
  // null asks the server to remove the current file; absent keeps it.
  if (attachment === null) return { ...fields, attachment: null };
  if (!attachment) return fields;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    // DRF reads an empty string as null for a relation (assignee: nobody).
    if (value !== undefined) form.append(name, value === null ? '' : String(value));
  }
  form.append('attachment', attachment, attachment.name);
  return form;
}

export function createTicket(input: TicketInput, onUploadProgress?: (fraction: number) => void): Promise<Ticket> {
  return api.post<Ticket>('/api/tickets/', toBody(input), { onUploadProgress });
}

// PATCH, not PUT: leaving the file input empty keeps the current attachment.
export function updateTicket(id: number, input: TicketInput, onUploadProgress?: (fraction: number) => void): Promise<Ticket> {
  return api.patch<Ticket>(`/api/tickets/${id}/`, toBody(input), { onUploadProgress });
}

export function setTicketStatus(id: number, status: TicketStatus): Promise<Ticket> {
  return api.patch<Ticket>(`/api/tickets/${id}/status/`, { status });
}

/** Staff triage: change priority and/or assignee without touching the rest. */
export type TriageChange = Pick<TicketInput, 'priority' | 'assignee'>;

export function patchTicket(id: number, change: TriageChange): Promise<Ticket> {
  return api.patch<Ticket>(`/api/tickets/${id}/`, change);
}

export function deleteTicket(id: number): Promise<void> {
  return api.delete(`/api/tickets/${id}/`);
}

export const ticketListQuery = (filters: TicketFilters, pageSize: number = PAGE_SIZE) =>
  queryOptions({
    queryKey: ticketKeys.list(filters, pageSize),
    queryFn: ({ signal }) => listTickets(filters, signal, pageSize),
    // Keep the previous page on screen while the next one loads.
    placeholderData: keepPreviousData,
  });

export const ticketQuery = (id: number) =>
  queryOptions({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => getTicket(id, signal),
  });

export function useTickets(filters: TicketFilters, pageSize: number = PAGE_SIZE) {
  return useQuery(ticketListQuery(filters, pageSize));
}

export function useTicket(id: number) {
  return useQuery({ ...ticketQuery(id), enabled: Number.isInteger(id) && id > 0 });
}

export function useStoreTicket() {
  const queryClient = useQueryClient();
  return (ticket: Ticket) => {
    queryClient.setQueryData(ticketKeys.detail(ticket.id), ticket);
    void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    // Every change leaves an entry in the ticket's activity.
    void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticket.id) });
  };
}

export function useCreateTicket(onUploadProgress?: (fraction: number) => void) {
  const store = useStoreTicket();
  return useMutation({
    mutationFn: (input: TicketInput) => createTicket(input, onUploadProgress),
    onSuccess: store,
  });
}

export function useUpdateTicket(id: number, onUploadProgress?: (fraction: number) => void) {
  const store = useStoreTicket();
  return useMutation({
    mutationFn: (input: TicketInput) => updateTicket(id, input, onUploadProgress),
    onSuccess: store,
  });
}

export function useSetTicketStatus(id: number) {
  const store = useStoreTicket();
  return useMutation({
    mutationFn: (status: TicketStatus) => setTicketStatus(id, status),
    onSuccess: store,
  });
}

export function usePatchTicket(id: number) {
  const store = useStoreTicket();
  return useMutation({
    mutationFn: (change: TriageChange) => patchTicket(id, change),
    onSuccess: store,
  });
}

export function useDeleteTicket(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => deleteTicket(id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: ticketKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}
