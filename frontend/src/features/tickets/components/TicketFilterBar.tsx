import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/Button';
import {
  CATEGORIES,
  isCategory,
  isPriority,
  isSlaFilter,
  isStatus,
  MENU_ORDERINGS,
  PRIORITIES,
  SLA_FILTERS,
  STATUSES,
  type AssigneeFilter,
  type Ordering,
  type SlaFilter,
  type TicketFilters,
} from '../types';

export const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  filters: TicketFilters;
  onChange: (changes: Partial<TicketFilters>, options?: { replace?: boolean }) => void;
  /** Staff get the "Assigned to me" / "Unassigned" quick filters. */
  isStaff?: boolean;
  /** What the filters found ("12 tickets"), shown above the results. */
  summary?: ReactNode;
}

const ORDERING_LABEL = {
  '-created_at': 'list.newest',
  created_at: 'list.oldest',
  '-updated_at': 'list.recentlyUpdated',
  '-priority': 'list.priorityDesc',
  priority: 'list.priorityAsc',
  title: 'list.titleAsc',
  '-id': 'queue.idDesc',
  id: 'queue.idAsc',
  '-title': 'queue.titleDesc',
  updated_at: 'queue.updatedAsc',
  status: 'queue.statusAsc',
  '-status': 'queue.statusDesc',
  category: 'queue.categoryAsc',
  '-category': 'queue.categoryDesc',
  sla_due: 'queueSla.dueSoonest',
  '-sla_due': 'queueSla.dueLatest',
} as const satisfies Record<Ordering, string>;

/** Staff's menu adds the SLA order: on phones the queue has no headers to click. */
const STAFF_MENU_ORDERINGS: readonly Ordering[] = [...MENU_ORDERINGS, 'sla_due'];

const SLA_LABEL = {
  breached: 'queueSla.breached',
  at_risk: 'queueSla.atRisk',
} as const satisfies Record<SlaFilter, string>;

const QUICK_FILTERS = [
  { value: 'me', label: 'list.assignedToMe', testId: 'quick-filter-me' },
  { value: 'none', label: 'list.unassigned', testId: 'quick-filter-unassigned' },
] as const satisfies readonly { value: AssigneeFilter; label: string; testId: string }[];

export function TicketFilterBar({ filters, onChange, isStaff = false, summary = null }: Props) {
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

  const active = [filters.category, filters.status, filters.priority, filters.assignee, filters.sla].filter(Boolean).length;
  const hasFilters = Boolean(filters.search) || active > 0 || Object.keys(filters.drill ?? {}).length > 0;
  const [open, setOpen] = useState(false);
  const panelId = useId();

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
        {/* Holds the field open as wide as its placeholder, in either
            language: an input's own width does not (tickets.css). */}
        <span className="filters__sizer" aria-hidden="true">
          {t('list.searchPlaceholder')}
        </span>
      </div>
      <Button
        variant="secondary"
        className="filters__toggle"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="filters-toggle"
        onClick={() => setOpen((value) => !value)}
      >
        {active ? t('list.filtersActive', { count: active }) : t('list.filters')}
      </Button>
      {/* On narrow screens the filters fold behind the button above; on wide
          ones this wrapper is display: contents and they share the row. */}
      <div id={panelId} className="filters__panel" data-open={open}>
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
        {isStaff ? (
          <div className="filters__field">
            <label htmlFor="filter-sla">{t('queueSla.filter')}</label>
            <select
              id="filter-sla"
              data-testid="sla-filter"
              value={filters.sla ?? ''}
              onChange={(e) => onChange({ sla: isSlaFilter(e.target.value) ? e.target.value : null })}
            >
              <option value="">{t('queueSla.any')}</option>
              {SLA_FILTERS.map((sla) => (
                <option key={sla} value={sla}>
                  {t(SLA_LABEL[sla])}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {isStaff ? (
          <div role="group" aria-label={t('list.quickFilters')} className="filters__quick">
            {QUICK_FILTERS.map((quick) => (
              <Button
                key={quick.value}
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
        {/* Always in the row, invisible while there is nothing to clear, so
            that turning a filter on does not move the list. */}
        <Button
          variant="ghost"
          className={hasFilters ? 'filters__clear' : 'filters__clear filters__clear--idle'}
          aria-hidden={hasFilters ? undefined : true}
          tabIndex={hasFilters ? undefined : -1}
          data-testid="clear-filters"
          onClick={() => {
            clearTimeout(timer.current);
            onChange({ search: '', category: null, status: null, priority: null, assignee: null, sla: null, drill: {} });
          }}
        >
          {t('list.clear')}
        </Button>
      </div>
      {/* A line break, then what was found and in which order. On wide
          screens Clear filters joins this line (CSS order), where its
          place is kept even while hidden. */}
      <div className="filters__break" aria-hidden="true" />
      {summary}
      <TicketSort ordering={filters.ordering} onChange={(ordering) => onChange({ ordering })} isStaff={isStaff} />
    </form>
  );
}

/** The order of the list; it sits with the results, not with the filters. */
function TicketSort({ ordering, onChange, isStaff }: { ordering: Ordering; onChange: (ordering: Ordering) => void; isStaff: boolean }) {
  const { t } = useTranslation();
  const menu = isStaff ? STAFF_MENU_ORDERINGS : MENU_ORDERINGS;
  return (
    <div className="list__sort">
      <label htmlFor="filter-ordering">{t('list.ordering')}</label>
      <select id="filter-ordering" data-testid="ordering" value={ordering} onChange={(e) => onChange(e.target.value as Ordering)}>
        {/* The queue's headers may have chosen an order the menu does not list. */}
        {(menu.includes(ordering) ? menu : [...menu, ordering]).map((value) => (
          <option key={value} value={value}>
            {t(ORDERING_LABEL[value])}
          </option>
        ))}
      </select>
    </div>
  );
}
