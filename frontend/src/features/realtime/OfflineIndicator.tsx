import { useTranslation } from 'react-i18next';
import './realtime.css';
import { useRealtimeStatus } from './status';

/** "Offline — reconnecting…" while a connection that was up is down. */
export function OfflineIndicator() {
  const { t } = useTranslation();
  const status = useRealtimeStatus();
  return (
    <div role="status" aria-live="polite" className="offline-indicator-region">
      {status === 'offline' ? (
        <p className="offline-indicator" data-testid="offline-indicator">
          <span className="offline-indicator__dot" aria-hidden="true" />
          {t('realtime.offline')}
        </p>
      ) : null}
    </div>
  );
}
