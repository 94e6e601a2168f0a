import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '@/components/Alert';
import { ButtonLink } from '@/components/Button';
import { ErrorState } from '@/components/ErrorState';
import { ExportButton } from '@/components/ExportButton';
import { Spinner } from '@/components/Spinner';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { usePageTitle } from '@/lib/page-title';
import { getStoredListView, getStoredQueuePageSize, storeListView, storeQueuePageSize, type ListView, type QueuePageSize } from '@/lib/preferences';
import { PAGE_SIZE, useTickets } from '../api/tickets';
import { useTicketFilters } from '../hooks/useTicketFilters';
import { DrillChips } from './DrillChips';
import { useRememberQueueOrder } from '../queue-order';
import { Pagination } from './Pagination';
import { TicketCard } from './TicketCard';
import { TicketFilterBar } from './TicketFilterBar';
import { QueueSkeleton } from './queue/QueueSkeleton';
import { ViewToggle } from './ViewToggle';
import '../tickets.css';

// Its own chunk: requesters, who only ever see cards, never load it.
const TicketQueue = lazy(() => import('./queue/TicketQueue'));

export function TicketList({ isStaff = false }: { isStaff?: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t('list.title'));
  const { filters, update, hrefForPage } = useTicketFilters();
  // Staff get the queue's table unless they chose cards; requesters keep the cards.
  const [storedView, setStoredView] = useState<ListView>(() => getStoredListView() ?? 'table');
  const [queuePageSize, setQueuePageSize] = useState<QueuePageSize>(() => getStoredQueuePageSize() ?? 25);
  const view: ListView = isStaff ? storedView : 'cards';
  const pageSize = view === 'table' ? queuePageSize : PAGE_SIZE;
  // The SLA filter is staff's; a requester's link that carries one lists as if it did not.
  const query = useTickets(isStaff || !filters.sla ? filters : { ...filters, sla: null }, pageSize);
  useRememberQueueOrder(query.isPlaceholderData ? undefined : query.data?.results);
  const drilled = Object.keys(filters.drill ?? {}).length > 0;
  const filtered = Boolean(filters.search.trim() || filters.category || filters.status || filters.priority || filters.assignee || (isStaff && filters.sla) || drilled);

  let body;
  if (query.isPending) {
    body = view === 'table' ? <QueueSkeleton rows={10} /> : <Spinner block />;
  } else if (query.isError) {
    // DRF answers 404 for a page past the end (e.g. an old bookmark).
    body =
      isApiError(query.error) && query.error.status === 404 && filters.page > 1 ? (
        <Alert tone="info" testId="invalid-page">
          <p>{t('list.invalidPage')}</p>
          <Link to={hrefForPage(1)}>{t('list.firstPage')}</Link>
        </Alert>
      ) : (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      );
  } else if (query.data.results.length === 0) {
    body = filtered ? (
      <div className="empty" data-testid="empty-state">
        <p>{t('list.emptyFiltered')}</p>
      </div>
    ) : (
      <div className="empty" data-testid="empty-state">
        <p>
          <Link to={paths.create}>{t('list.empty')}</Link>
        </p>
      </div>
    );
  } else {
    const pages = Math.max(1, Math.ceil(query.data.count / pageSize));
    body = (
      <>
        {view === 'table' ? (
          <Suspense fallback={<QueueSkeleton rows={Math.min(query.data.results.length, 10)} />}>
            <TicketQueue
              tickets={query.data.results}
              search={filters.search}
              ordering={filters.ordering}
              onSort={(ordering) => update({ ordering })}
              pageSize={queuePageSize}
              onPageSize={(size) => {
                storeQueuePageSize(size);
                setQueuePageSize(size);
                update({});
              }}
            />
          </Suspense>
        ) : (
          <ul className="ticket-grid" data-testid="ticket-grid">
            {query.data.results.map((ticket) => (
              <li key={ticket.id}>
                <TicketCard ticket={ticket} search={filters.search} showSla={isStaff} />
              </li>
            ))}
          </ul>
        )}
        <Pagination page={filters.page} pages={pages} hrefForPage={hrefForPage} />
      </>
    );
  }

  return (
    <section className={view === 'table' ? 'page list--queue' : 'page'} aria-labelledby="list-title">
      <div className="page__header">
        <h1 id="list-title">{t('list.title')}</h1>
        <div className="page__actions">
          {isStaff ? (
            <ViewToggle
              view={view}
              onChange={(next) => {
                storeListView(next);
                setStoredView(next);
              }}
            />
          ) : null}
          {isStaff ? <ExportButton /> : null}
          <ButtonLink to={paths.create} data-testid="create-ticket">
            {t('list.create')}
          </ButtonLink>
        </div>
      </div>
      <TicketFilterBar
        filters={filters}
        onChange={update}
        isStaff={isStaff}
        summary={
          <p className="list__count" aria-live="polite" data-testid="ticket-count">
            {query.isSuccess ? t('list.count', { count: query.data.count }) : null}
            {query.isFetching && !query.isPending ? <Spinner /> : null}
          </p>
        }
      />
      <DrillChips drill={filters.drill ?? {}} onChange={(drill) => update({ drill })} />
      {body}
    </section>
  );
}
