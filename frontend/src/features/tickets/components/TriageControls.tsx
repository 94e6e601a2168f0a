import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { useToast } from '@/components/toast-context';
import { useStaffDirectory } from '../api/conversation';
import { usePatchTicket, type TriageChange } from '../api/tickets';
import { isPriority, PRIORITIES, type Ticket, type TicketPriority } from '../types';

// Changes apply with a button rather than on every `change` event: arrow keys
// in a closed <select> fire one per step, which would send a PATCH (and an
// e-mail to the assignee) for every option passed on the way.
export function TriageControls({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const toast = useToast();
  const staff = useStaffDirectory(true);
  const patch = usePatchTicket(ticket.id);
  const [priority, setPriority] = useState<TicketPriority>(ticket.priority);
  const [assignee, setAssignee] = useState<string>(ticket.assignee ? String(ticket.assignee.id) : '');
  const [shown, setShown] = useState(ticket);

  // The ticket changed elsewhere (saved here, edited, refetched): show it.
  if (shown !== ticket) {
    setShown(ticket);
    setPriority(ticket.priority);
    setAssignee(ticket.assignee ? String(ticket.assignee.id) : '');
  }

  const people = staff.data ?? [];
  // A former staff member may still hold the ticket; keep them selectable.
  const options = ticket.assignee && !people.some((p) => p.id === ticket.assignee?.id) ? [ticket.assignee, ...people] : people;
  const currentAssignee = ticket.assignee ? String(ticket.assignee.id) : '';
  const change: TriageChange = {};
  if (priority !== ticket.priority) change.priority = priority;
  if (assignee !== currentAssignee) change.assignee = assignee ? Number(assignee) : null;
  const dirty = Object.keys(change).length > 0;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!dirty) return;
    patch.mutate(change, {
      onSuccess: (updated) => {
        if ('priority' in change) toast.show(t('detail.priorityChanged', { priority: t(`priority.${updated.priority}`) }));
        if ('assignee' in change) {
          toast.show(updated.assignee ? t('detail.assigned', { username: updated.assignee.username }) : t('detail.unassignedDone'));
        }
      },
    });
  }

  return (
    <form className="triage" onSubmit={submit} data-testid="triage">
      <div className="field">
        <label htmlFor="triage-priority" className="field__label">
          {t('detail.priority')}
        </label>
        <select
          id="triage-priority"
          data-testid="priority-select"
          value={priority}
          onChange={(e) => isPriority(e.target.value) && setPriority(e.target.value)}
        >
          {PRIORITIES.map((value) => (
            <option key={value} value={value}>
              {t(`priority.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="triage-assignee" className="field__label">
          {t('detail.assignee')}
        </label>
        <select
          id="triage-assignee"
          data-testid="assignee-select"
          value={assignee}
          onChange={(e) => setAssignee(e.target.value)}
          aria-busy={staff.isPending || undefined}
        >
          <option value="">{t('detail.unassigned')}</option>
          {options.map((person) => (
            <option key={person.id} value={String(person.id)}>
              {person.username}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary" size="sm" busy={patch.isPending} disabled={!dirty} data-testid="triage-apply">
        {t('detail.apply')}
      </Button>
      {staff.isError ? <Alert tone="error">{errorMessage(staff.error, t)}</Alert> : null}
      {patch.isError ? <Alert tone="error">{errorMessage(patch.error, t)}</Alert> : null}
    </form>
  );
}
