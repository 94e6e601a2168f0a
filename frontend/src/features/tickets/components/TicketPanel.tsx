import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { Button, ButtonLink } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { RelativeTime } from '@/components/RelativeTime';
import { useToast } from '@/components/toast-context';
import { paths } from '@/config/paths';
import { formatDateTime, formatDuration } from '@/lib/format';
import { useStaffDirectory } from '../api/conversation';
import { useDeleteTicket, usePatchTicket, useSetTicketStatus } from '../api/tickets';
import { isPriority, isStatus, PRIORITIES, STATUSES, type Ticket, type TicketPriority, type TicketStatus } from '../types';
import { CategoryBadge } from './badges';
import { InstantSelect } from './InstantSelect';

/** One change the panel makes; Undo sends the same kind with the value before. */
export type PanelChange = { status: TicketStatus } | { priority: TicketPriority } | { assignee: number | null };

/** A titled block of the side panel. Later features (service levels, waiting on requester) add their own. */
export function PanelSection({ title, testId, children }: { title: string; testId?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="panel__section" aria-labelledby={id} data-testid={testId}>
      <h2 id={id} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function useApplyChange(ticket: Ticket) {
  const { t } = useTranslation();
  const toast = useToast();
  const setStatus = useSetTicketStatus(ticket.id);
  const patch = usePatchTicket(ticket.id);
  const [error, setError] = useState<unknown>(null);

  function describe(change: PanelChange, updated: Ticket): string {
    if ('status' in change) return t('detail.statusChanged', { status: t(`status.${updated.status}`) });
    if ('priority' in change) return t('detail.priorityChanged', { priority: t(`priority.${updated.priority}`) });
    return updated.assignee ? t('detail.assigned', { username: updated.assignee.username }) : t('detail.unassignedDone');
  }

  /** Sends `change` at once; the toast offers `undo` (none for an undo itself). */
  async function apply(change: PanelChange, undo: PanelChange | null): Promise<void> {
    setError(null);
    try {
      const updated = 'status' in change ? await setStatus.mutateAsync(change.status) : await patch.mutateAsync(change);
      toast.show(describe(change, updated), 'success', undo ? { label: t('agentDetail.undo'), onClick: () => void apply(undo, null) } : undefined);
    } catch (caught) {
      setError(caught);
    }
  }

  return { apply, error };
}

function Duration({ from, to }: { from: string; to: string | null }) {
  const { i18n } = useTranslation();
  if (!to) return null;
  const seconds = (new Date(to).getTime() - new Date(from).getTime()) / 1000;
  return (
    <time dateTime={to} title={formatDateTime(to, i18n.language)}>
      {formatDuration(seconds, i18n.language)}
    </time>
  );
}

interface Props {
  ticket: Ticket;
  /** Offers "Assign to me" when the ticket is someone else's or nobody's. */
  currentUserId: number | null;
  onDeleted: () => void;
  /** Extra sections, placed between the details and the actions. */
  children?: ReactNode;
}

/** Staff's side panel: the ticket's properties, each applied as soon as it is chosen, with Undo. */
export function TicketPanel({ ticket, currentUserId, onDeleted, children }: Props) {
  const { t } = useTranslation();
  const staff = useStaffDirectory(true);
  const { apply, error } = useApplyChange(ticket);
  const remove = useDeleteTicket(ticket.id);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const errorId = useId();

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const people = staff.data ?? [];
  // A former staff member may still hold the ticket; keep them selectable.
  const options = ticket.assignee && !people.some((p) => p.id === ticket.assignee?.id) ? [ticket.assignee, ...people] : people;
  const assigneeId = ticket.assignee?.id ?? null;
  const shownError = error ?? remove.error;
  const describedBy = error ? errorId : undefined;

  return (
    <div className="panel" data-testid="ticket-panel">
      <PanelSection title={t('agentDetail.properties')}>
        <div className="panel__fields">
          <div className="field">
            <label htmlFor="panel-status" className="field__label">
              {t('agentDetail.status')}
            </label>
            <InstantSelect
              id="panel-status"
              testId="status-select"
              value={ticket.status}
              aria-describedby={describedBy}
              onCommit={(next) => (isStatus(next) ? apply({ status: next }, { status: ticket.status }) : Promise.resolve())}
            >
              {STATUSES.map((value) => (
                <option key={value} value={value}>
                  {t(`status.${value}`)}
                </option>
              ))}
            </InstantSelect>
          </div>
          <div className="field">
            <label htmlFor="panel-priority" className="field__label">
              {t('detail.priority')}
            </label>
            <InstantSelect
              id="panel-priority"
              testId="priority-select"
              value={ticket.priority}
              aria-describedby={describedBy}
              onCommit={(next) => (isPriority(next) ? apply({ priority: next }, { priority: ticket.priority }) : Promise.resolve())}
            >
              {PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {t(`priority.${value}`)}
                </option>
              ))}
            </InstantSelect>
          </div>
          <div className="field">
            <div className="panel__label-row">
              <label htmlFor="panel-assignee" className="field__label">
                {t('detail.assignee')}
              </label>
              {currentUserId !== null && assigneeId !== currentUserId ? (
                <button
                  type="button"
                  className="panel__link-button"
                  data-testid="assign-to-me"
                  onClick={() => void apply({ assignee: currentUserId }, { assignee: assigneeId })}
                >
                  {t('agentDetail.assignToMe')}
                </button>
              ) : null}
            </div>
            <InstantSelect
              id="panel-assignee"
              testId="assignee-select"
              value={assigneeId === null ? '' : String(assigneeId)}
              aria-describedby={describedBy}
              onCommit={(next) => apply({ assignee: next ? Number(next) : null }, { assignee: assigneeId })}
            >
              <option value="">{t('detail.unassigned')}</option>
              {options.map((person) => (
                <option key={person.id} value={String(person.id)}>
                  {person.username}
                </option>
              ))}
            </InstantSelect>
          </div>
        </div>
        {shownError ? (
          <div id={errorId}>
            <Alert tone="error" testId="panel-error">
              {errorMessage(shownError, t)}
            </Alert>
          </div>
        ) : null}
        {staff.isError ? <Alert tone="error">{errorMessage(staff.error, t)}</Alert> : null}
      </PanelSection>

      <PanelSection title={t('agentDetail.details')}>
        <dl className="panel__facts">
          <div className="panel__fact--wide">
            <dt>{t('agentDetail.requester')}</dt>
            <dd data-testid="ticket-creator">
              {ticket.created_by.username}
              {ticket.created_by.email ? <span className="panel__email">{ticket.created_by.email}</span> : null}
            </dd>
          </div>
          <div className="panel__fact--wide">
            <dt>{t('agentDetail.category')}</dt>
            <dd>
              <CategoryBadge category={ticket.category} />
            </dd>
          </div>
          <div>
            <dt>{t('detail.createdAt')}</dt>
            <dd>
              <RelativeTime iso={ticket.created_at} />
            </dd>
          </div>
          <div>
            <dt>{t('agentDetail.updated')}</dt>
            <dd>
              <RelativeTime iso={ticket.updated_at} />
            </dd>
          </div>
          <div>
            <dt>{t('agentDetail.firstResponse')}</dt>
            <dd data-testid="first-response">
              {ticket.first_response_at ? (
                <Duration from={ticket.created_at} to={ticket.first_response_at} />
              ) : (
                <span className="panel__none">{t('agentDetail.noResponse')}</span>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('agentDetail.resolution')}</dt>
            <dd data-testid="resolution-time">
              {ticket.resolved_at ? (
                <Duration from={ticket.created_at} to={ticket.resolved_at} />
              ) : (
                <span className="panel__none">{t('agentDetail.notResolved')}</span>
              )}
            </dd>
          </div>
        </dl>
      </PanelSection>

      {/* Extra sections (service levels, "waiting on requester") go here. */}
      {children}

      {/* Where the panel scrolls within itself (a wide screen), these stay at
          its foot, in reach whatever part of the panel is in view. */}
      <div className="panel__footer" data-testid="panel-actions">
        <div className="panel__actions">
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
      </div>
    </div>
  );
}
