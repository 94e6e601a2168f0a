import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '@/components/toast-context';
import type { LiveConnectionOptions } from './connection';

/** No "just updated" toast this long after the tab's own change: the event is its echo. */
export const OWN_CHANGE_QUIET_MS = 2000;

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
  const { t } = useTranslation();
  const lastOwnChange = useRef(0);
  // The socket lives as long as `enabled`; these may change without reconnecting.
  const latest = useRef({ toast, t, userId, connection });
  useEffect(() => {
    latest.current = { toast, t, userId, connection };
  });

  // Remember when this tab's own mutations land, to recognise their echo.
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type === 'updated') lastOwnChange.current = Date.now();
      }),
    [queryClient],
  );

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let socket: { stop: () => void } | null = null;

    const announce: LiveConnectionOptions['announce'] = (announcement, event) => {
      const { toast: toasts, t: translate, userId: me } = latest.current;
      if (queryClient.isMutating() > 0 || Date.now() - lastOwnChange.current < OWN_CHANGE_QUIET_MS) return;
      if (event.type === 'comment.created' && me !== null && event.comment?.author?.id === me) return;
      toasts.show(translate(`realtime.${announcement}`), 'info');
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
