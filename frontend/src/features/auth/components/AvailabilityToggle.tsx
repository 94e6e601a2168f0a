import { useTranslation } from 'react-i18next';
import { useToast } from '@/components/toast-context';
import { errorMessage } from '@/components/error-message';
import { useUpdateProfile } from '../api/auth';
import { useAuth } from '../auth-context';
import '../auth.css';

/** Staff: whether auto-assignment may give me new tickets (SPEC 4g). */
export function AvailabilityToggle() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const update = useUpdateProfile();
  const toast = useToast();
  if (!user?.isAdmin) return null;
  const available = user.available;
  return (
    <button
      type="button"
      className={available ? 'availability availability--on' : 'availability'}
      aria-pressed={available}
      title={t('availability.hint')}
      disabled={update.isPending}
      data-testid="availability-toggle"
      onClick={() =>
        update.mutate({ available: !available }, { onError: (error) => toast.show(errorMessage(error, t)) })
      }
    >
      <span className="availability__dot" aria-hidden="true" />
      <span className="availability__label">{t('availability.label')}</span>
    </button>
  );
}
