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
  if (input.attachments.length === 0) return api.post<Comment>(path, { body: input.body, internal: input.internal });
  // One request, so the comment and its files are stored together or not at
  // all (SPEC 4e: the field `attachments` repeated, in order).
  const form = new FormData();
  form.append('body', input.body);
  form.append('internal', String(input.internal));
  for (const file of input.attachments) form.append('attachments', file, file.name);
  return api.post<Comment>(path, form, { onUploadProgress });
}

/**
 * Each file's share of one upload's progress: the files travel in order in
 * one multipart body, so a file is done once the bytes before it and its own
 * have gone. (The form's few other bytes are left out of the reckoning.)
 */
export function progressPerFile(sizes: readonly number[], fraction: number): number[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const sent = Math.min(Math.max(fraction, 0), 1) * total;
  let before = 0;
  return sizes.map((size) => {
    const own = size === 0 ? (sent >= before ? 1 : 0) : Math.min(Math.max((sent - before) / size, 0), 1);
    before += size;
    return own;
  });
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
