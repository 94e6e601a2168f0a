import './sla.css';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { errorMessage } from '@/components/error-message';
import { useToast } from '@/components/toast-context';
import { useSetWaiting } from '../api/sla';
import type { Ticket } from '../types';
import { PanelSection } from './TicketPanel';

/** Staff: "waiting on the requester" pauses the resolution clock; the requester's reply clears it.
 * A section of the agent detail's side panel (TicketPanel's children). */
export function WaitingToggle({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const toast = useToast();
  const setWaiting = useSetWaiting(ticket.id);
  const resolved = ticket.status === 'Resolved';
  const checked = setWaiting.isPending && setWaiting.variables !== undefined ? setWaiting.variables : ticket.waiting_on_requester;

  return (
    <PanelSection title={t('sla.panelTitle')} testId="waiting-toggle">
      <div className="waiting-toggle">
        <label className="waiting-toggle__label">
          <input
            type="checkbox"
            role="switch"
            checked={checked}
            disabled={setWaiting.isPending || (resolved && !ticket.waiting_on_requester)}
            aria-describedby="waiting-toggle-help"
            data-testid="waiting-switch"
            onChange={(event) =>
              setWaiting.mutate(event.target.checked, {
                onSuccess: (updated) => toast.show(t(updated.waiting_on_requester ? 'sla.waitingOn' : 'sla.waitingOff')),
              })
            }
          />
          {t('sla.waiting')}
        </label>
        <p id="waiting-toggle-help" className="waiting-toggle__help">
          {resolved ? t('sla.waitingResolved') : t('sla.waitingHelp')}
        </p>
        {setWaiting.error ? <Alert tone="error">{errorMessage(setWaiting.error, t)}</Alert> : null}
      </div>
    </PanelSection>
  );
}
