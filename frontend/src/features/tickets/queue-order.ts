// The queue a staff member is working through: the list page remembers its
// query string and the ids it shows (in this tab only: sessionStorage), so
// the ticket page can offer the previous and next ticket and return to the
// same list, filters and page included.
import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { paths } from '@/config/paths';
import { readSessionItem, writeSessionItem } from '@/lib/preferences';

const KEY = 'helpdesk.queueOrder';

export interface QueueOrder {
  /** The list's query string, with or without the leading "?". */
  query: string;
  ids: number[];
}

export interface QueueNeighbours {
  previous: number | null;
  next: number | null;
  /** 1-based place of the ticket in the remembered page, or null when it is not on it. */
  position: number | null;
  total: number;
}

export function rememberQueueOrder(query: string, ids: readonly number[]): void {
  const order: QueueOrder = { query, ids: [...ids] };
  writeSessionItem(KEY, JSON.stringify(order));
}

function isQueueOrder(value: unknown): value is QueueOrder {
  if (typeof value !== 'object' || value === null) return false;
  const { query, ids } = value as Record<string, unknown>;
  return typeof query === 'string' && Array.isArray(ids) && ids.every((id) => Number.isInteger(id));
}

export function rememberedQueueOrder(): QueueOrder | null {
  const raw = readSessionItem(KEY);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isQueueOrder(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The tickets before and after `id` in the remembered queue page. */
export function queueNeighbours(id: number, order: QueueOrder | null = rememberedQueueOrder()): QueueNeighbours {
  const ids = order?.ids ?? [];
  const index = ids.indexOf(id);
  if (index < 0) return { previous: null, next: null, position: null, total: ids.length };
  return {
    previous: index > 0 ? (ids[index - 1] ?? null) : null,
    next: ids[index + 1] ?? null,
    position: index + 1,
    total: ids.length,
  };
}

/** The list URL to go back to: the remembered one, else the plain list. */
export function queueHref(order: QueueOrder | null = rememberedQueueOrder()): string {
  const query = order?.query.replace(/^\?/, '') ?? '';
  return query ? `${paths.home}?${query}` : paths.home;
}

/** For a list component: remember the current URL's query and the ids shown, whenever they change. */
export function useRememberQueueOrder(tickets: readonly { id: number }[] | undefined): void {
  const { search } = useLocation();
  const ids = tickets?.map((ticket) => ticket.id).join(',');
  useEffect(() => {
    if (ids === undefined) return;
    rememberQueueOrder(search, ids ? ids.split(',').map(Number) : []);
  }, [search, ids]);
}
