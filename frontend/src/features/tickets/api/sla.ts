import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Ticket } from '../types';
import { useStoreTicket } from './tickets';

/** Staff: mark a ticket as waiting on its requester (the resolution clock pauses), or not. */
export function setWaitingOnRequester(id: number, waiting: boolean): Promise<Ticket> {
  return api.patch<Ticket>(`/api/tickets/${id}/`, { waiting_on_requester: waiting });
}

export function useSetWaiting(id: number) {
  const store = useStoreTicket();
  return useMutation({
    mutationFn: (waiting: boolean) => setWaitingOnRequester(id, waiting),
    onSuccess: store,
  });
}
