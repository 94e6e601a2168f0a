import { useTranslation } from 'react-i18next';
import { useToast } from '@/components/toast-context';
import { errorMessage } from '@/components/error-message';
import { useMediaQuery } from '@/lib/use-media-query';
import { useUpdateProfile } from '../api/auth';
import { useAuth } from '../auth-context';
import '../auth.css';

// Where the header's row is tight (a laptop, before its menu folds; as in
// auth.css) the toggle shows only its dot.
const DOT_ONLY = '(min-width: 68rem) and (max-width: 79.98rem)';

/** Staff: whether auto-assignment may give me new tickets (SPEC 4g). */
export function AvailabilityToggle() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const update = useUpdateProfile();
  const toast = useToast();
  const dotOnly = useMediaQuery(DOT_ONLY);
  if (!user?.isAdmin) return null;
  const available = user.available;
  // The words say the state ("Available" / "Away"), not the colour alone, and
  // stay the button's name when only the dot shows; the tooltip says what a
  // press does. No aria-pressed: a name that changes with the state would
  // contradict it ("Away, pressed").
  const state = available ? t('availability.label') : t('availabilityState.away');
  return (
    <button
      type="button"
      className={available ? 'availability availability--on' : 'availability'}
      title={available ? t('availability.hint') : t('availabilityState.awayHint')}
      disabled={update.isPending}
      data-testid="availability-toggle"
      data-available={available}
      onClick={() =>
        update.mutate({ available: !available }, { onError: (error) => toast.show(errorMessage(error, t)) })
      }
    >
      <span className="availability__dot" aria-hidden="true" />
      <span className={dotOnly ? 'visually-hidden' : undefined}>{state}</span>
    </button>
  );
}
