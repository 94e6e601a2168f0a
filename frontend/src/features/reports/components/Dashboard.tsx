import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '@/components/ErrorState';
import { ExportButton } from '@/components/ExportButton';
import { Spinner } from '@/components/Spinner';
import { usePageTitle } from '@/lib/page-title';
import { useSummary } from '../api/summary';
import { formatDay } from '../format';
import { useReportRange } from '../hooks/useReportRange';
import { createdQuery } from '../links';
import { toParams } from '../range';
import { AgentsTable } from './AgentsTable';
import { BarList } from './BarList';
import { RangePicker } from './RangePicker';
import { SeriesChart } from './SeriesChart';
import { Tiles } from './Tiles';
import '../reports.css';

interface Props {
  /** More of the header's actions, after the export of the range's tickets. */
  actions?: ReactNode;
}

function Skeleton() {
  return (
    <div className="tiles" aria-hidden="true" data-testid="dashboard-skeleton">
      {Array.from({ length: 6 }, (_, index) => (
        <div key={index} className="tile tile--skeleton" />
      ))}
    </div>
  );
}

/** The summary report (SPEC 4f) as tiles, charts and a table; every count opens its tickets. */
export function Dashboard({ actions = null }: Props) {
  const { t, i18n } = useTranslation();
  usePageTitle(t('reports.title'));
  const { range, update } = useReportRange();
  const query = useSummary(toParams(range));
  const report = query.data;
  const day = (value: string) => formatDay(value, i18n.resolvedLanguage, { dateStyle: 'medium' });

  return (
    <section className="page page--wide dashboard" aria-labelledby="dashboard-title" aria-busy={query.isFetching}>
      <div className="page__header">
        <h1 id="dashboard-title">{t('reports.title')}</h1>
        <div className="dashboard__actions" data-testid="dashboard-actions">
          {/* The tickets created in the range, once the report says its instants. */}
          {report ? <ExportButton query={createdQuery(report)} /> : null}
          {actions}
        </div>
      </div>
      <RangePicker range={range} onChange={update} />
      {report ? (
        <p className="dashboard__range" data-testid="dashboard-range">
          {t('reports.rangeShown', { since: day(report.since), until: day(report.until), tz: report.tz })}
          {query.isFetching ? <Spinner /> : null}
        </p>
      ) : null}
      {query.isError && !report ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : !report ? (
        <Skeleton />
      ) : (
        <div className="dashboard__body" data-testid="dashboard">
          <Tiles report={report} />
          <SeriesChart report={report} />
          <div className="dashboard__breakdowns">
            <BarList report={report} field="status" />
            <BarList report={report} field="category" />
            <BarList report={report} field="priority" />
          </div>
          <AgentsTable report={report} />
        </div>
      )}
    </section>
  );
}
