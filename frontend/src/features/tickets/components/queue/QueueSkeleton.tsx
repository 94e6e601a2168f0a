import { useTranslation } from 'react-i18next';

/** The queue while its first page loads: rows in the table's shape (UI.md), not a spinner. */
export function QueueSkeleton({ rows }: { rows: number }) {
  const { t } = useTranslation();
  return (
    <div className="queue-skeleton" role="status" data-testid="loading">
      <span className="visually-hidden">{t('common.loading')}</span>
      <div className="queue-skeleton__head" aria-hidden="true" />
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} className="queue-skeleton__row" aria-hidden="true">
          <span />
          <span />
          <span />
        </div>
      ))}
    </div>
  );
}
