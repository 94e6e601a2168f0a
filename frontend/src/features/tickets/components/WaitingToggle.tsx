import './sla.css';
import { useState } from 'react';
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
  // The switch shows the choice at once (React state, set in the same event),
  // not a render later when the mutation reports it pending: otherwise the
  // controlled checkbox flips back for a moment after the click.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const checked = wanted ?? ticket.waiting_on_requester;

  return (
    <PanelSection title={t('sla.panelTitle')} testId="waiting-toggle">
      <div className="waiting-toggle">
        <label className="waiting-toggle__label">
          <input
            type="checkbox"
            role="switch"
            checked={checked}
            disabled={wanted !== null || (resolved && !ticket.waiting_on_requester)}
            aria-describedby="waiting-toggle-help"
            data-testid="waiting-switch"
            onChange={(event) => {
              setWanted(event.target.checked);
              setWaiting.mutate(event.target.checked, {
                onSuccess: (updated) => toast.show(t(updated.waiting_on_requester ? 'sla.waitingOn' : 'sla.waitingOff')),
                onSettled: () => setWanted(null),
              });
            }}
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
