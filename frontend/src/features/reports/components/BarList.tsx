import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Summary } from '../api/summary';
import { reportLinks, type Breakdown } from '../links';

type Counts<F extends Breakdown> = Summary[`by_${F}`];

function useLabel(field: Breakdown): (value: string) => string {
  const { t } = useTranslation();
  // The values are the API's enums; their names are the tickets' own labels.
  if (field === 'status') return (value) => t(`status.${value as keyof Counts<'status'>}`);
  if (field === 'category') return (value) => t(`category.${value as keyof Counts<'category'>}`);
  return (value) => t(`priority.${value as keyof Counts<'priority'>}`);
}

const TITLE = { status: 'reports.byStatus', category: 'reports.byCategory', priority: 'reports.byPriority' } as const;

/**
 * Counts as horizontal bars, each a link to its tickets. Plain HTML: the
 * list is its own text alternative, and every bar is reachable by keyboard.
 */
export function BarList({ report, field }: { report: Summary; field: Breakdown }) {
  const { t } = useTranslation();
  const label = useLabel(field);
  const counts: Record<string, number> = report[`by_${field}`];
  const max = Math.max(1, ...Object.values(counts));
  const headingId = `by-${field}`;
  return (
    <section className="report-panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="report-panel__title">
        {t(TITLE[field])}
      </h2>
      <ul className="bar-list" data-testid={`bars-${field}`}>
        {Object.entries(counts).map(([value, count]) => (
          <li key={value}>
            <Link
              to={reportLinks.breakdown(report, field, value)}
              className="bar-list__row"
              data-testid={`bar-${field}-${value}`}
              data-count={count}
            >
              <span className="bar-list__label">{label(value)}</span>
              <span className="bar-list__track" aria-hidden="true">
                <span className={`bar-list__bar bar-list__bar--${field}-${value.replace(' ', '-')}`} style={{ inlineSize: `${(count / max) * 100}%` }} />
              </span>
              <span className="bar-list__count">{count.toLocaleString()}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
