import { useTranslation } from 'react-i18next';
import { ErrorState } from '@/components/ErrorState';
import { Spinner } from '@/components/Spinner';
import { RelativeTime } from '@/components/RelativeTime';
import { describeActivity } from '../activity-text';
import { useActivity } from '../api/conversation';

export function ActivityTimeline({ ticketId }: { ticketId: number }) {
  const { t, i18n } = useTranslation();
  const query = useActivity(ticketId);

  let body;
  if (query.isPending) body = <Spinner />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (query.data.length === 0) body = <p>{t('detail.activityEmpty')}</p>;
  else
    body = (
      <ol className="timeline" data-testid="activity-timeline">
        {query.data.map((entry) => {
          const { sentence, details } = describeActivity(entry, t, i18n.language);
          const internal = entry.kind === 'comment' && entry.data.internal;
          return (
            <li
              key={entry.id}
              className={`timeline__item timeline__item--${entry.kind}${internal ? ' timeline__item--internal' : ''}`}
              data-testid="timeline-entry"
              data-kind={entry.kind}
              data-status={entry.kind === 'status' ? entry.data.to : undefined}
            >
              <span className="timeline__marker" aria-hidden="true" />
              <div className="timeline__body">
                <p className="timeline__text">{sentence}</p>
                {details.map((detail) => (
                  <p key={detail} className="timeline__detail">
                    {detail}
                  </p>
                ))}
                <RelativeTime iso={entry.at} className="timeline__when" />
              </div>
            </li>
          );
        })}
      </ol>
    );

  return (
    <section aria-labelledby="activity-title" className="timeline-section" data-testid="activity">
      <h2 id="activity-title">{t('detail.activity')}</h2>
      {body}
    </section>
  );
}
