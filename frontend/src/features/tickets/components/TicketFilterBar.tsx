import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/Button';
import { CATEGORIES, isCategory, isPriority, isStatus, ORDERINGS, PRIORITIES, STATUSES, type AssigneeFilter, type Ordering, type TicketFilters } from '../types';

export const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  filters: TicketFilters;
  onChange: (changes: Partial<TicketFilters>, options?: { replace?: boolean }) => void;
  /** Staff get the "Assigned to me" / "Unassigned" quick filters. */
  isStaff?: boolean;
}

const ORDERING_LABEL = {
  '-created_at': 'list.newest',
  created_at: 'list.oldest',
  '-updated_at': 'list.recentlyUpdated',
  '-priority': 'list.priorityDesc',
  priority: 'list.priorityAsc',
  title: 'list.titleAsc',
} as const satisfies Record<Ordering, string>;

const QUICK_FILTERS = [
  { value: 'me', label: 'list.assignedToMe', testId: 'quick-filter-me' },
  { value: 'none', label: 'list.unassigned', testId: 'quick-filter-unassigned' },
] as const satisfies readonly { value: AssigneeFilter; label: string; testId: string }[];

export function TicketFilterBar({ filters, onChange, isStaff = false }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(filters.search);
  const [shownSearch, setShownSearch] = useState(filters.search);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The debounced search must apply to the filters as they are when it fires,
  // not as they were when the user typed: a filter clicked meanwhile stays.
  const latestOnChange = useRef(onChange);
  useEffect(() => {
    latestOnChange.current = onChange;
  });

  // The URL changed under us (Back, a link): show its search term. Adjusting
  // state during render avoids an effect and a flash of the old value.
  if (filters.search !== shownSearch) {
    setShownSearch(filters.search);
    if (filters.search !== search) setSearch(filters.search);
  }

  useEffect(() => () => clearTimeout(timer.current), []);
  // A pending keystroke must not overwrite a navigation that happened since.
  useEffect(() => () => clearTimeout(timer.current), [filters.search]);

  function onSearchInput(value: string) {
    setSearch(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(
      () => latestOnChange.current({ search: value }, { replace: true }),
      SEARCH_DEBOUNCE_MS,
    );
  }

  const hasFilters = Boolean(filters.search || filters.category || filters.status || filters.priority || filters.assignee);

  return (
    <form className="filters" role="search" onSubmit={(e) => e.preventDefault()} aria-label={t('list.filters')}>
      <div className="filters__field filters__field--search">
        <label htmlFor="ticket-search">{t('list.search')}</label>
        <input
          id="ticket-search"
          type="search"
          data-testid="search-input"
          placeholder={t('list.searchPlaceholder')}
          value={search}
          onChange={(e) => onSearchInput(e.target.value)}
          autoComplete="off"
        />
      </div>
      <div className="filters__field">
        <label htmlFor="filter-category">{t('list.category')}</label>
        <select
          id="filter-category"
          data-testid="category-filter"
          value={filters.category ?? ''}
          onChange={(e) => onChange({ category: isCategory(e.target.value) ? e.target.value : null })}
        >
          <option value="">{t('list.all')}</option>
          {CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {t(`category.${category}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="filter-status">{t('list.status')}</label>
        <select
          id="filter-status"
          data-testid="status-filter"
          value={filters.status ?? ''}
          onChange={(e) => onChange({ status: isStatus(e.target.value) ? e.target.value : null })}
        >
          <option value="">{t('list.all')}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`status.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="filter-priority">{t('list.priority')}</label>
        <select
          id="filter-priority"
          data-testid="priority-filter"
          value={filters.priority ?? ''}
          onChange={(e) => onChange({ priority: isPriority(e.target.value) ? e.target.value : null })}
        >
          <option value="">{t('list.all')}</option>
          {PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__field">
        <label htmlFor="filter-ordering">{t('list.ordering')}</label>
        <select
          id="filter-ordering"
          data-testid="ordering"
          value={filters.ordering}
          onChange={(e) => onChange({ ordering: e.target.value as Ordering })}
        >
          {ORDERINGS.map((ordering) => (
            <option key={ordering} value={ordering}>
              {t(ORDERING_LABEL[ordering])}
            </option>
          ))}
        </select>
      </div>
      {isStaff ? (
        <div role="group" aria-label={t('list.quickFilters')} className="filters__quick">
          {QUICK_FILTERS.map((quick) => (
            <Button
              key={quick.value}
              size="sm"
              variant={filters.assignee === quick.value ? 'primary' : 'secondary'}
              aria-pressed={filters.assignee === quick.value}
              data-testid={quick.testId}
              onClick={() => onChange({ assignee: filters.assignee === quick.value ? null : quick.value })}
            >
              {t(quick.label)}
            </Button>
          ))}
        </div>
      ) : null}
      {hasFilters ? (
        <Button
          variant="ghost"
          size="sm"
          className="filters__clear"
          onClick={() => {
            clearTimeout(timer.current);
            onChange({ search: '', category: null, status: null, priority: null, assignee: null });
          }}
        >
          {t('list.clear')}
        </Button>
      ) : null}
    </form>
  );
}
