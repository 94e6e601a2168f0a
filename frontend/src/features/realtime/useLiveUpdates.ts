import { useEffect, useRef } from 'react';
import type { RealtimeHandlers } from '@/lib/realtime';
import type { ConnectionOverrides } from './connection';

export interface LiveUpdatesOptions {
  enabled: boolean;
  /** Loads what to do with the events; called once per connection, before it opens. */
  loadHandlers: () => Promise<RealtimeHandlers>;
  /** Overrides for tests (timings, url). */
  connection?: ConnectionOverrides;
}

/** One socket per tab while `enabled` (signed in). */
export function useLiveUpdates({ enabled, loadHandlers, connection }: LiveUpdatesOptions): void {
  // The socket lives as long as `enabled`; these may change without reconnecting.
  const latest = useRef({ loadHandlers, connection });
  useEffect(() => {
    latest.current = { loadHandlers, connection };
  });

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let socket: { stop: () => void } | null = null;
    // Separate chunks: the first paint does not wait for the socket's code.
    void Promise.all([import('./connection'), latest.current.loadHandlers()]).then(([{ openLiveConnection }, handlers]) => {
      if (!cancelled) socket = openLiveConnection({ handlers, connection: latest.current.connection });
    });
    return () => {
      cancelled = true;
      socket?.stop();
    };
  }, [enabled]);
}
