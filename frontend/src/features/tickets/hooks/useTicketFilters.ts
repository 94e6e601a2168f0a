import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { DRILL_KEYS, isAssigneeFilter, isCategory, isPriority, isSlaFilter, isStatus, ORDERINGS, parseDrill, type Ordering, type TicketFilters } from '../types';

const DEFAULT_ORDERING: Ordering = '-created_at';

/** Reads list filters from the query string; bad values fall back to defaults. */
export function parseFilters(params: URLSearchParams): TicketFilters {
  const page = Number.parseInt(params.get('page') ?? '', 10);
  const category = params.get('category');
  const status = params.get('status');
  const priority = params.get('priority');
  const assignee = params.get('assignee');
  const sla = params.get('sla');
  const ordering = params.get('ordering') as Ordering | null;
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    search: params.get('search') ?? '',
    category: isCategory(category) ? category : null,
    status: isStatus(status) ? status : null,
    priority: isPriority(priority) ? priority : null,
    assignee: isAssigneeFilter(assignee) ? assignee : null,
    sla: isSlaFilter(sla) ? sla : null,
    ordering: ordering && ORDERINGS.includes(ordering) ? ordering : DEFAULT_ORDERING,
    drill: parseDrill(params),
  };
}

/** Only non-default values go into the URL, so links stay short. */
export function filtersToParams(filters: TicketFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search) params.set('search', filters.search);
  if (filters.category) params.set('category', filters.category);
  if (filters.status) params.set('status', filters.status);
  if (filters.priority) params.set('priority', filters.priority);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.sla) params.set('sla', filters.sla);
  for (const key of DRILL_KEYS) {
    const value = filters.drill?.[key];
    if (value) params.set(key, value);
  }
  if (filters.ordering !== DEFAULT_ORDERING) params.set('ordering', filters.ordering);
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/**
 * The list's filters live in the URL (bookmarkable, Back works). Changing a
 * filter goes back to page 1; typing a search replaces the history entry
 * instead of adding one per keystroke pause.
 */
export function useTicketFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);

  const update = useCallback(
    (changes: Partial<TicketFilters>, options: { replace?: boolean } = {}) => {
      setParams(
        (current) => {
          const base = parseFilters(current);
          const next = { ...base, ...changes };
          if (!('page' in changes)) next.page = 1;
          return filtersToParams(next);
        },
        { replace: options.replace ?? false },
      );
    },
    [setParams],
  );

  const hrefForPage = useCallback((page: number) => {
    const query = filtersToParams({ ...filters, page }).toString();
    return query ? `?${query}` : '?';
  }, [filters]);

  return { filters, update, hrefForPage };
}
