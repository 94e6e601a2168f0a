import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '@/components/toast-context';
import { ticketKeys } from '@/features/tickets/api/tickets';
import { getFreshAccessToken } from '@/lib/api-client';
import { RealtimeConnection, type RealtimeOptions } from '@/lib/realtime';
import { applyTicketEvent, isTicketEvent, isWatched, type TicketEvent } from './cache';
import { setRealtimeStatus } from './status';

/** No "just updated" toast this long after the tab's own change: the event is its echo. */
export const OWN_CHANGE_QUIET_MS = 2000;
/** The socket re-authenticates every 5 minutes with a token good for at least 6 more. */
const TOKEN_MIN_VALIDITY_S = 6 * 60;

export interface LiveUpdatesOptions {
  enabled: boolean;
  /** The signed-in user, to skip toasts about their own comments. */
  userId?: number | null;
  /** Overrides for tests (timings, url). */
  connection?: Partial<Omit<RealtimeOptions, 'getToken' | 'onEvent' | 'onStatus' | 'onReconnect'>>;
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

    const notify = (event: TicketEvent) => {
      const { toast: toasts, t: translate, userId: me } = latest.current;
      if (!isWatched(queryClient, event.ticket.id)) return;
      if (queryClient.isMutating() > 0 || Date.now() - lastOwnChange.current < OWN_CHANGE_QUIET_MS) return;
      if (event.type === 'comment.created') {
        if (me !== null && event.comment?.author?.id === me) return;
        toasts.show(translate('realtime.commentAdded'), 'info');
      } else if (event.type === 'ticket.updated') {
        toasts.show(translate('realtime.ticketUpdated'), 'info');
      } else if (event.type === 'ticket.deleted') {
        toasts.show(translate('realtime.ticketDeleted'), 'info');
      }
    };

    const socket = new RealtimeConnection({
      ...latest.current.connection,
      getToken: (force) => getFreshAccessToken(TOKEN_MIN_VALIDITY_S, force),
      onStatus: setRealtimeStatus,
      onReconnect: () => {
        // Events sent while we were away are lost: refetch what is on screen.
        void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      },
      onEvent: (event) => {
        if (!isTicketEvent(event)) return;
        // Decide before patching: a detail changed by our own save already matches.
        const cached = queryClient.getQueryData<{ updated_at: string }>(ticketKeys.detail(event.ticket.id));
        const alreadyKnown = event.type === 'ticket.updated' && cached?.updated_at === event.ticket.updated_at;
        applyTicketEvent(queryClient, event);
        if (!alreadyKnown) notify(event);
      },
    });
    socket.start();
    return () => socket.stop();
  }, [enabled, queryClient]);
}
