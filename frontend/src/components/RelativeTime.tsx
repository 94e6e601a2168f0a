import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

import { formatDateTime, formatRelative } from '@/lib/format';

// One clock for every relative time on the page: each tick re-renders them all at once.
const TICK_MS = 30_000;
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((notify) => notify());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function currentTime(): number {
  return now;
}

/** "5 min ago", with the exact date and time on hover (and for screen readers via the title). */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const { i18n } = useTranslation();
  // Something posted since the last tick is at most TICK_MS ahead of `now`: it reads "now".
  const time = useSyncExternalStore(subscribe, currentTime);
  return (
    <time dateTime={iso} title={formatDateTime(iso, i18n.language)} className={className}>
      {formatRelative(iso, i18n.language, time)}
    </time>
  );
}
