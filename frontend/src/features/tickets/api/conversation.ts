import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { Activity, Comment, CommentInput, StaffPage, UserSummary } from '../types';
import { ticketKeys } from './tickets';

export function listComments(ticketId: number, signal?: AbortSignal): Promise<Comment[]> {
  return api.get<Comment[]>(`/api/tickets/${ticketId}/comments/`, { signal });
}

export function listActivity(ticketId: number, signal?: AbortSignal): Promise<Activity[]> {
  return api.get<Activity[]>(`/api/tickets/${ticketId}/activity/`, { signal });
}

export function createComment(ticketId: number, input: CommentInput, onUploadProgress?: (fraction: number) => void): Promise<Comment> {
  const path = `/api/tickets/${ticketId}/comments/`;
  if (!input.attachment) return api.post<Comment>(path, { body: input.body, internal: input.internal });
  const form = new FormData();
  form.append('body', input.body);
  form.append('internal', String(input.internal));
  form.append('attachment', input.attachment, input.attachment.name);
  return api.post<Comment>(path, form, { onUploadProgress });
}

/** The staff directory for the assignee picker (staff only: requesters get 403). */
export async function listStaff(signal?: AbortSignal): Promise<UserSummary[]> {
  const page = await api.get<StaffPage>('/api/users/', { signal, query: { is_staff: 'true', page_size: 100 } });
  return page.results;
}

export const commentsQuery = (ticketId: number) =>
  queryOptions({ queryKey: ticketKeys.comments(ticketId), queryFn: ({ signal }) => listComments(ticketId, signal) });

export const activityQuery = (ticketId: number) =>
  queryOptions({ queryKey: ticketKeys.activity(ticketId), queryFn: ({ signal }) => listActivity(ticketId, signal) });

export function useComments(ticketId: number) {
  return useQuery(commentsQuery(ticketId));
}

export function useActivity(ticketId: number) {
  return useQuery(activityQuery(ticketId));
}

export function useStaffDirectory(enabled: boolean) {
  return useQuery({
    queryKey: ticketKeys.staff(),
    queryFn: ({ signal }) => listStaff(signal),
    enabled,
    // Staff accounts change rarely.
    staleTime: 5 * 60_000,
  });
}

export function useCreateComment(ticketId: number, onUploadProgress?: (fraction: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CommentInput) => createComment(ticketId, input, onUploadProgress),
    onSuccess: (comment) => {
      queryClient.setQueryData<Comment[]>(ticketKeys.comments(ticketId), (current) =>
        current && !current.some((c) => c.id === comment.id) ? [...current, comment] : current,
      );
      // A requester's reply may reopen a Resolved ticket, and every reply
      // changes the activity, the ticket's updated_at and the list's counts.
      void queryClient.invalidateQueries({ queryKey: ticketKeys.comments(ticketId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.activity(ticketId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists() });
    },
  });
}
