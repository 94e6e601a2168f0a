import { useSyncExternalStore } from 'react';
import type { RealtimeStatus } from '@/lib/realtime';

// The tab's one connection publishes its status here, so that any component
// (the header's indicator) can read it without a provider.
let current: RealtimeStatus = 'idle';
const listeners = new Set<() => void>();

export function setRealtimeStatus(status: RealtimeStatus): void {
  if (status === current) return;
  current = status;
  listeners.forEach((listener) => listener());
}

export function getRealtimeStatus(): RealtimeStatus {
  return current;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRealtimeStatus(): RealtimeStatus {
  return useSyncExternalStore(subscribe, getRealtimeStatus, getRealtimeStatus);
}
