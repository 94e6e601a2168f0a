import { useTranslation } from 'react-i18next';
import { formatDateTime } from '@/lib/format';
import type { StatusHistoryEntry } from '../types';
import { StatusBadge } from './badges';

export function StatusTimeline({ history }: { history: StatusHistoryEntry[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="history-title" className="timeline-section">
      <h2 id="history-title">{t('detail.history')}</h2>
      <ol className="timeline" data-testid="status-timeline">
        {history.map((entry) => (
          <li key={entry.id} className="timeline__item" data-testid="timeline-entry" data-status={entry.status}>
            <span className="timeline__marker" aria-hidden="true" />
            <div className="timeline__body">
              <StatusBadge status={entry.status} />
              <span className="timeline__who">{entry.changed_by?.username ?? '—'}</span>
              <time dateTime={entry.changed_at} className="timeline__when">
                {formatDateTime(entry.changed_at, i18n.language)}
              </time>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
