import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '@/components/toast-context';
import type { RealtimeHandlers } from '@/lib/realtime';
import type { TicketEventHandlersOptions } from '../api/live';
import { describeLiveEvent } from '../activity-text';

/**
 * What the tickets feature does with realtime events: keep the cache live and
 * tell the user about changes to the ticket on screen. Returns a loader for
 * the realtime socket (the handlers are a chunk of their own).
 * `userId`, the signed-in user, skips toasts about their own comments.
 */
export function useTicketEvents(userId: number | null): () => Promise<RealtimeHandlers> {
  const queryClient = useQueryClient();
  const toast = useToast();
  const { t, i18n } = useTranslation();
  // Versions of tickets this tab saved itself ("id@updated_at"): their echo
  // from the socket is not news. Matching the version, not a time window,
  // keeps someone else's change right after ours from going unannounced.
  const ownVersions = useRef(new Set<string>());
  // The handlers live as long as the socket; these may change meanwhile.
  const latest = useRef({ toast, t, i18n, userId });
  useEffect(() => {
    latest.current = { toast, t, i18n, userId };
  });

  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type !== 'updated' || event.action.type !== 'success') return;
        const saved = event.action.data as { id?: unknown; updated_at?: unknown } | undefined;
        if (typeof saved?.id === 'number' && typeof saved.updated_at === 'string') {
          ownVersions.current.add(`${saved.id}@${saved.updated_at}`);
        }
      }),
    [queryClient],
  );

  return useCallback(async () => {
    const announce: TicketEventHandlersOptions['announce'] = (announcement, event) => {
      const { toast: toasts, t: translate, i18n: i18next, userId: me } = latest.current;
      // A save still in flight may be what this event reports: stay quiet.
      if (queryClient.isMutating() > 0) return;
      if (ownVersions.current.has(`${event.ticket.id}@${event.ticket.updated_at}`)) return;
      if (event.type === 'comment.created' && me !== null && event.comment?.author?.id === me) return;
      toasts.show(describeLiveEvent(event, translate, i18next.language) ?? translate(`realtime.${announcement}`), 'info');
    };
    const { ticketEventHandlers } = await import('../api/live');
    return ticketEventHandlers({ queryClient, announce, me: () => latest.current.userId });
  }, [queryClient]);
}
