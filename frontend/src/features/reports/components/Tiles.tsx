import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Summary } from '../api/summary';
import { formatDuration, formatPercent, formatScore } from '../format';
import { reportLinks } from '../links';

function Tile({ label, children, note, testId }: { label: string; children: ReactNode; note?: string; testId: string }) {
  return (
    <div className="tile" data-testid={testId}>
      <h3 className="tile__label">{label}</h3>
      {children}
      {note ? <p className="tile__note">{note}</p> : null}
    </div>
  );
}

/** A count that opens the tickets behind it. */
function CountLink({ to, count, testId }: { to: string; count: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <Link to={to} className="tile__value tile__value--link" data-testid={testId} aria-label={`${count}. ${t('reports.showTickets', { count })}`}>
      {count.toLocaleString()}
    </Link>
  );
}

function Times({ report, kind }: { report: Summary; kind: 'first_response' | 'resolution' }) {
  const { t, i18n } = useTranslation();
  const times = report[kind];
  const show = (seconds: number | null) => (seconds === null ? t('reports.noValue') : formatDuration(seconds, i18n.resolvedLanguage));
  const to = kind === 'first_response' ? reportLinks.firstResponse(report) : reportLinks.resolution(report);
  const testId = kind === 'first_response' ? 'tile-first-response-count' : 'tile-resolution-count';
  return (
    <>
      <dl className="tile__times">
        <div>
          <dt>{t('reports.median')}</dt>
          <dd className="tile__value">{show(times.median_seconds)}</dd>
        </div>
        <div>
          <dt>{t('reports.p90')}</dt>
          <dd className="tile__value">{show(times.p90_seconds)}</dd>
        </div>
      </dl>
      <Link to={to} className="tile__over" data-testid={testId} data-count={times.count}>
        {t('reports.overTickets', { count: times.count })}
      </Link>
    </>
  );
}

function ServiceLevels({ report }: { report: Summary }) {
  const { t, i18n } = useTranslation();
  const show = (pct: number | null) => (pct === null ? t('reports.noValue') : formatPercent(pct, i18n.resolvedLanguage));
  return (
    <dl className="tile__times">
      <div>
        <dt>{t('reports.firstResponse')}</dt>
        <dd className="tile__value" data-testid="tile-sla-first-response">
          {show(report.sla.first_response_met_pct)}
        </dd>
      </div>
      <div>
        <dt>{t('reports.resolution')}</dt>
        <dd className="tile__value" data-testid="tile-sla-resolution">
          {show(report.sla.resolution_met_pct)}
        </dd>
      </div>
    </dl>
  );
}

function Satisfaction({ report }: { report: Summary }) {
  const { t, i18n } = useTranslation();
  const { csat } = report;
  const language = i18n.resolvedLanguage;
  return (
    <>
      <dl className="tile__times">
        <div>
          <dt>{t('reports.csatAverage')}</dt>
          <dd className="tile__value" data-testid="tile-csat-average">
            {csat.average === null ? t('reports.noValue') : t('reports.outOfFive', { score: formatScore(csat.average, language) })}
          </dd>
        </div>
        <div>
          <dt>{t('reports.csatPositive')}</dt>
          <dd className="tile__value" data-testid="tile-csat-positive">
            {csat.positive_pct === null ? t('reports.noValue') : formatPercent(csat.positive_pct, language)}
          </dd>
        </div>
      </dl>
      <p className="tile__over" data-testid="tile-csat-count">
        {t('reports.overRatings', { count: csat.count })}
      </p>
    </>
  );
}

export function Tiles({ report }: { report: Summary }) {
  const { t } = useTranslation();
  return (
    <div className="tiles">
      <Tile label={t('reports.created')} note={t('reports.createdNote')} testId="tile-created">
        <CountLink to={reportLinks.created(report)} count={report.created} testId="tile-created-link" />
      </Tile>
      <Tile label={t('reports.resolved')} note={t('reports.resolvedNote')} testId="tile-resolved">
        <p className="tile__value">{report.resolved.toLocaleString()}</p>
      </Tile>
      <Tile label={t('reports.reopened')} note={t('reports.reopenedNote')} testId="tile-reopened">
        <p className="tile__value">{report.reopened.toLocaleString()}</p>
      </Tile>
      <Tile label={t('reports.backlog')} note={t('reports.backlogNote')} testId="tile-backlog">
        <CountLink to={reportLinks.backlog()} count={report.backlog} testId="tile-backlog-link" />
      </Tile>
      <Tile label={t('reports.firstResponse')} testId="tile-first-response">
        <Times report={report} kind="first_response" />
      </Tile>
      <Tile label={t('reports.resolution')} testId="tile-resolution">
        <Times report={report} kind="resolution" />
      </Tile>
      <Tile label={t('reports.slaMet')} note={t('reports.slaMetNote')} testId="tile-sla">
        <ServiceLevels report={report} />
      </Tile>
      <Tile label={t('reports.breachedOpen')} note={t('reports.breachedOpenNote')} testId="tile-breached-open">
        <p className="tile__value" data-testid="tile-breached-open-value">
          {report.sla.breached_open.toLocaleString()}
        </p>
      </Tile>
      <Tile label={t('reports.csat')} note={t('reports.csatNote')} testId="tile-csat">
        <Satisfaction report={report} />
      </Tile>
    </div>
  );
}
