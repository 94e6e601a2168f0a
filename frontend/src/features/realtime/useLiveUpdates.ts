import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '@/components/toast-context';
import { describeLiveEvent } from '@/features/tickets/activity-text';
import type { LiveConnectionOptions } from './connection';


export interface LiveUpdatesOptions {
  enabled: boolean;
  /** The signed-in user, to skip toasts about their own comments. */
  userId?: number | null;
  /** Overrides for tests (timings, url). */
  connection?: LiveConnectionOptions['connection'];
}

/** One socket per tab while signed in; keeps the ticket cache live. */
export function useLiveUpdates({ enabled, userId = null, connection }: LiveUpdatesOptions): void {
  const queryClient = useQueryClient();
  const toast = useToast();
  const { t, i18n } = useTranslation();
  // Versions of tickets this tab saved itself ("id@updated_at"): their echo
  // from the socket is not news. Matching the version, not a time window,
  // keeps someone else's change right after ours from going unannounced.
  const ownVersions = useRef(new Set<string>());
  // The socket lives as long as `enabled`; these may change without reconnecting.
  const latest = useRef({ toast, t, i18n, userId, connection });
  useEffect(() => {
    latest.current = { toast, t, i18n, userId, connection };
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

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let socket: { stop: () => void } | null = null;

    const announce: LiveConnectionOptions['announce'] = (announcement, event) => {
      const { toast: toasts, t: translate, i18n, userId: me } = latest.current;
      // A save still in flight may be what this event reports: stay quiet.
      if (queryClient.isMutating() > 0) return;
      if (ownVersions.current.has(`${event.ticket.id}@${event.ticket.updated_at}`)) return;
      if (event.type === 'comment.created' && me !== null && event.comment?.author?.id === me) return;
      toasts.show(describeLiveEvent(event, translate, i18n.language) ?? translate(`realtime.${announcement}`), 'info');
    };

    // A separate chunk: the first paint does not wait for the socket's code.
    void import('./connection').then(({ openLiveConnection }) => {
      if (!cancelled) socket = openLiveConnection({ queryClient, announce, connection: latest.current.connection });
    });
    return () => {
      cancelled = true;
      socket?.stop();
    };
  }, [enabled, queryClient]);
}
