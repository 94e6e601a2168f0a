import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { Button, ButtonLink } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { useToast } from '@/components/toast-context';
import { paths } from '@/config/paths';
import { useDeleteTicket, useSetTicketStatus } from '../api/tickets';
import { STATUSES, type Ticket } from '../types';
import { TriageControls } from './TriageControls';

export function StaffActions({ ticket, onDeleted }: { ticket: Ticket; onDeleted: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const setStatus = useSetTicketStatus(ticket.id);
  const remove = useDeleteTicket(ticket.id);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const error = setStatus.error ?? remove.error;

  return (
    <section className="card staff-actions" aria-labelledby="staff-actions-title" data-testid="staff-actions">
      <h2 id="staff-actions-title">{t('detail.staffActions')}</h2>
      <div role="group" aria-label={t('detail.setStatus')} className="staff-actions__statuses">
        {STATUSES.map((status) => (
          <Button
            key={status}
            variant={ticket.status === status ? 'primary' : 'secondary'}
            size="sm"
            aria-pressed={ticket.status === status}
            disabled={setStatus.isPending || ticket.status === status}
            busy={setStatus.isPending && setStatus.variables === status}
            data-testid={`set-status-${status.replace(' ', '-').toLowerCase()}`}
            onClick={() =>
              setStatus.mutate(status, {
                onSuccess: (updated) => toast.show(t('detail.statusChanged', { status: t(`status.${updated.status}`) })),
              })
            }
          >
            {t(`status.${status}`)}
          </Button>
        ))}
      </div>
      <TriageControls ticket={ticket} />
      <div className="staff-actions__row">
        <ButtonLink to={paths.edit(ticket.id)} variant="secondary" size="sm" data-testid="edit-ticket">
          {t('detail.edit')}
        </ButtonLink>
        <Button ref={deleteRef} variant="danger" size="sm" onClick={() => setConfirming(true)} data-testid="delete-ticket" disabled={confirming}>
          {t('detail.delete')}
        </Button>
      </div>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="confirm-delete-text" className="confirm" data-testid="confirm-delete">
          <p id="confirm-delete-text">{t('detail.confirmDelete')}</p>
          <div className="confirm__buttons">
            <Button
              ref={confirmRef}
              variant="danger"
              size="sm"
              busy={remove.isPending}
              data-testid="confirm-delete-yes"
              onClick={() => remove.mutate(undefined, { onSuccess: onDeleted })}
            >
              {t('detail.confirmDeleteYes')}
            </Button>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => deleteRef.current?.focus());
              }}
            >
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      ) : null}
      {error ? <Alert tone="error">{errorMessage(error, t)}</Alert> : null}
    </section>
  );
}
