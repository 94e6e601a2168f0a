import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '@/components/Alert';
import { ButtonLink } from '@/components/Button';
import { ErrorState } from '@/components/ErrorState';
import { Spinner } from '@/components/Spinner';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { usePageTitle } from '@/lib/page-title';
import { PAGE_SIZE, useTickets } from '../api/tickets';
import { useTicketFilters } from '../hooks/useTicketFilters';
import { useRememberQueueOrder } from '../queue-order';
import { Pagination } from './Pagination';
import { TicketCard } from './TicketCard';
import { TicketFilterBar } from './TicketFilterBar';
import '../tickets.css';

export function TicketList({ isStaff = false }: { isStaff?: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t('list.title'));
  const { filters, update, hrefForPage } = useTicketFilters();
  const query = useTickets(filters);
  useRememberQueueOrder(query.isPlaceholderData ? undefined : query.data?.results);
  const filtered = Boolean(filters.search.trim() || filters.category || filters.status || filters.priority || filters.assignee);

  let body;
  if (query.isPending) {
    body = <Spinner block />;
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
    const pages = Math.max(1, Math.ceil(query.data.count / PAGE_SIZE));
    body = (
      <>
        <ul className="ticket-grid" data-testid="ticket-grid">
          {query.data.results.map((ticket) => (
            <li key={ticket.id}>
              <TicketCard ticket={ticket} search={filters.search} />
            </li>
          ))}
        </ul>
        <Pagination page={filters.page} pages={pages} hrefForPage={hrefForPage} />
      </>
    );
  }

  return (
    <section className="page" aria-labelledby="list-title">
      <div className="page__header">
        <h1 id="list-title">{t('list.title')}</h1>
        <ButtonLink to={paths.create} data-testid="create-ticket">
          {t('list.create')}
        </ButtonLink>
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
      {body}
    </section>
  );
}
