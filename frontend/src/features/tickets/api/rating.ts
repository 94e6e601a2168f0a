import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Rating, RatingInput } from '../types';
import { ticketKeys } from './tickets';

export function rateTicket(id: number, input: RatingInput): Promise<Rating> {
  return api.post<Rating>(`/api/tickets/${id}/rating/`, input);
}

/** The requester rates their resolved ticket (SPEC 4g); the detail then shows it. */
export function useRateTicket(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RatingInput) => rateTicket(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
  });
}
