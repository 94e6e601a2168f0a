import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Summary } from '../api/summary';
import { formatDuration, formatPercent, formatScore } from '../format';
import { reportLinks } from '../links';

export function AgentsTable({ report }: { report: Summary }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return (
    <section className="panel panel--wide" aria-labelledby="agents-title">
      <h2 id="agents-title" className="panel__title">
        {t('reports.agents')}
      </h2>
      <p className="panel__note">{t('reports.agentsNote')}</p>
      {report.agents.length === 0 ? (
        <p className="panel__empty">{t('reports.noAgents')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table data-table--stack" data-testid="agents-table">
            <thead>
              <tr>
                <th scope="col">{t('reports.agent')}</th>
                <th scope="col" className="data-table__number">
                  {t('reports.assignedOpen')}
                </th>
                <th scope="col" className="data-table__number">
                  {t('reports.agentResolved')}
                </th>
                <th scope="col" className="data-table__number">
                  {t('reports.firstResponseMedian')}
                </th>
                <th scope="col" className="data-table__number">
                  {t('reports.agentSla')}
                </th>
                <th scope="col" className="data-table__number">
                  {t('reports.agentCsat')}
                </th>
              </tr>
            </thead>
            <tbody>
              {report.agents.map((agent) => (
                <tr key={agent.id} data-testid={`agent-${agent.username}`}>
                  <th scope="row">{agent.username}</th>
                  <td className="data-table__number" data-label={t('reports.assignedOpen')}>
                    <Link to={reportLinks.agentOpen(agent)} data-testid={`agent-open-${agent.username}`} data-count={agent.assigned_open}>
                      {agent.assigned_open.toLocaleString(language)}
                    </Link>
                  </td>
                  <td className="data-table__number" data-label={t('reports.agentResolved')}>
                    <span>{agent.resolved.toLocaleString(language)}</span>
                  </td>
                  <td className="data-table__number" data-label={t('reports.firstResponseMedian')}>
                    {agent.first_response_median_seconds === null ? (
                      <span>{t('reports.noValue')}</span>
                    ) : (
                      <Link to={reportLinks.agentFirstResponse(report, agent)}>{formatDuration(agent.first_response_median_seconds, language)}</Link>
                    )}
                  </td>
                  <td className="data-table__number" data-label={t('reports.agentSla')} data-testid={`agent-sla-${agent.username}`}>
                    <span>{agent.sla_met_pct === null ? t('reports.noValue') : formatPercent(agent.sla_met_pct, language)}</span>
                  </td>
                  <td className="data-table__number" data-label={t('reports.agentCsat')} data-testid={`agent-csat-${agent.username}`}>
                    <span>
                      {agent.csat_average === null
                        ? t('reports.noValue')
                        : t('reports.agentCsatValue', { score: formatScore(agent.csat_average, language), count: agent.csat_count })}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
