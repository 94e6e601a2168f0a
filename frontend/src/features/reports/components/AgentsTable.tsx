import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Summary } from '../api/summary';
import { formatDuration, formatPercent, formatScore } from '../format';
import { reportLinks } from '../links';

/** The table's numeric columns, in order: each one's heading and its cells' label. */
const NUMBER_COLUMNS = ['reports.assignedOpen', 'reports.agentResolved', 'reports.firstResponseMedian', 'reports.agentSla', 'reports.agentCsat'] as const;

type NumberColumn = (typeof NUMBER_COLUMNS)[number];

function NumberCell({ column, testId, children }: { column: NumberColumn; testId?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <td className="data-table__number" data-label={t(column)} data-testid={testId}>
      {children}
    </td>
  );
}

export function AgentsTable({ report }: { report: Summary }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return (
    <section className="report-panel report-panel--wide" aria-labelledby="agents-title">
      <h2 id="agents-title" className="report-panel__title">
        {t('reports.agents')}
      </h2>
      <p className="report-panel__note">{t('reports.agentsNote')}</p>
      {report.agents.length === 0 ? (
        <p className="report-panel__empty">{t('reports.noAgents')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table data-table--stack" data-testid="agents-table">
            <thead>
              <tr>
                <th scope="col">{t('reports.agent')}</th>
                {NUMBER_COLUMNS.map((column) => (
                  <th key={column} scope="col" className="data-table__number">
                    {t(column)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.agents.map((agent) => (
                <tr key={agent.id} data-testid={`agent-${agent.username}`}>
                  <th scope="row">{agent.username}</th>
                  <NumberCell column="reports.assignedOpen">
                    <Link to={reportLinks.agentOpen(agent)} data-testid={`agent-open-${agent.username}`} data-count={agent.assigned_open}>
                      {agent.assigned_open.toLocaleString(language)}
                    </Link>
                  </NumberCell>
                  <NumberCell column="reports.agentResolved">
                    <span>{agent.resolved.toLocaleString(language)}</span>
                  </NumberCell>
                  <NumberCell column="reports.firstResponseMedian">
                    {agent.first_response_median_seconds === null ? (
                      <span>{t('reports.noValue')}</span>
                    ) : (
                      <Link to={reportLinks.agentFirstResponse(report, agent)}>{formatDuration(agent.first_response_median_seconds, language)}</Link>
                    )}
                  </NumberCell>
                  <NumberCell column="reports.agentSla" testId={`agent-sla-${agent.username}`}>
                    <span>{agent.sla_met_pct === null ? t('reports.noValue') : formatPercent(agent.sla_met_pct, language)}</span>
                  </NumberCell>
                  <NumberCell column="reports.agentCsat" testId={`agent-csat-${agent.username}`}>
                    <span>
                      {agent.csat_average === null
                        ? t('reports.noValue')
                        : t('reports.agentCsatValue', { score: formatScore(agent.csat_average, language), count: agent.csat_count })}
                    </span>
                  </NumberCell>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
