import { useTranslation } from 'react-i18next';
import './realtime.css';
import { useRealtimeStatus } from './status';

/** "Offline — reconnecting…" while a connection that was up is down. */
export function OfflineIndicator() {
  const { t } = useTranslation();
  const status = useRealtimeStatus();
  return (
    // data-status (idle, connecting, online, offline) lets end-to-end tests wait for the socket.
    <div role="status" aria-live="polite" className="offline-indicator-region" data-testid="realtime-status" data-status={status}>
      {status === 'offline' ? (
        <p className="offline-indicator" data-testid="offline-indicator">
          <span className="offline-indicator__dot" aria-hidden="true" />
          {t('realtime.offline')}
        </p>
      ) : null}
    </div>
  );
}
