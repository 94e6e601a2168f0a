import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { formatWait } from '@/lib/format';

interface Props {
  /** The server's reason ("Too many failed logins…"). */
  detail: string | null;
  /** Seconds until sign-in opens again (Retry-After). */
  retryAfter: number | null;
}

/** Why sign-in is refused, how long is left (ticking down), and the way out. */
export function Lockout({ detail, retryAfter }: Props) {
  const { t, i18n } = useTranslation();
  const [until] = useState(() => (retryAfter === null ? null : Date.now() + retryAfter * 1000));
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [until]);
  const left = until === null ? null : Math.max(0, Math.ceil((until - now) / 1000));

  return (
    <div className="lockout" data-testid="lockout">
      <p>{detail ?? t('errors.throttled')}</p>
      {left !== null ? (
        <p data-testid="lockout-time">{left > 0 ? t('auth.lockedOut', { time: formatWait(left, i18n.language) }) : t('auth.lockedOutNow')}</p>
      ) : null}
      <p>
        <Link to={paths.forgotPassword} data-testid="lockout-forgot-link">
          {t('auth.forgotLink')}
        </Link>
      </p>
    </div>
  );
}
