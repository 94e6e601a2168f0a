import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { SimilarTicket } from '../types';
import { ticketKeys } from './tickets';

/** Shorter text says too little to compare (the server needs 3-letter words). */
export const SIMILAR_MIN_LENGTH = 4;

export function listSimilarTickets(text: string, signal?: AbortSignal): Promise<SimilarTicket[]> {
  return api.get<SimilarTicket[]>('/api/tickets/similar/', { signal, query: { q: text } });
}

/** Tickets like `text` (already debounced by the caller), "Is this the same problem?". */
export function useSimilarTickets(text: string) {
  const q = text.trim().slice(0, 500);
  return useQuery({
    queryKey: [...ticketKeys.all, 'similar', q] as const,
    queryFn: ({ signal }) => listSimilarTickets(q, signal),
    enabled: q.length >= SIMILAR_MIN_LENGTH,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
