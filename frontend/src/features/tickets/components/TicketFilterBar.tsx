import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/Button';
import { CATEGORIES, isCategory, isStatus, ORDERINGS, STATUSES, type Ordering, type TicketFilters } from '../types';

export const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  filters: TicketFilters;
  onChange: (changes: Partial<TicketFilters>, options?: { replace?: boolean }) => void;
}

const ORDERING_LABEL = { '-created_at': 'list.newest', created_at: 'list.oldest', title: 'list.titleAsc' } as const satisfies Record<
  Ordering,
  string
>;

export function TicketFilterBar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(filters.search);
  const [shownSearch, setShownSearch] = useState(filters.search);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

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
    timer.current = setTimeout(() => onChange({ search: value }, { replace: true }), SEARCH_DEBOUNCE_MS);
  }

  const hasFilters = Boolean(filters.search || filters.category || filters.status);

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
      {hasFilters ? (
        <Button
          variant="ghost"
          size="sm"
          className="filters__clear"
          onClick={() => {
            clearTimeout(timer.current);
            onChange({ search: '', category: null, status: null });
          }}
        >
          {t('list.clear')}
        </Button>
      ) : null}
    </form>
  );
}
