import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { useToast } from '@/components/toast-context';
import { useStaffDirectory } from '../../api/conversation';
import { useBulkChange, type BulkChange, type BulkResult } from '../../api/bulk';
import { isPriority, isStatus, PRIORITIES, STATUSES } from '../../types';

const NOBODY = 'none';

interface Props {
  ids: number[];
  onDone: (result: BulkResult) => void;
  onClear: () => void;
}

/**
 * One change for every selected ticket (SPEC 4e). The choices wait for Apply:
 * a bulk change touches up to 100 tickets and e-mails their people, so it is
 * a decision, and arrow keys in a closed <select> must not send one per step.
 */
export function BulkBar({ ids, onDone, onClear }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const staff = useStaffDirectory(true);
  const bulk = useBulkChange();
  const [status, setStatus] = useState('');
  const [priority, setPriority] = useState('');
  const [assignee, setAssignee] = useState('');

  const change: Omit<BulkChange, 'ids'> = {};
  if (isStatus(status)) change.status = status;
  if (isPriority(priority)) change.priority = priority;
  if (assignee) change.assignee = assignee === NOBODY ? null : Number(assignee);
  const ready = Object.keys(change).length > 0;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!ready || bulk.isPending) return;
    bulk.mutate(
      { ids, ...change },
      {
        onSuccess: (result) => {
          if (result.updated.length) toast.show(t('queue.changed', { count: result.updated.length }), 'success');
          if (!result.failed.length) {
            setStatus('');
            setPriority('');
            setAssignee('');
          }
          onDone(result);
        },
        onError: (error) => toast.show(errorMessage(error, t), 'error'),
      },
    );
  }

  return (
    <form className="bulk-bar" aria-label={t('queue.bulk')} onSubmit={submit} data-testid="bulk-bar">
      <p className="bulk-bar__count" aria-live="polite" data-testid="bulk-count">
        {t('queue.selected', { count: ids.length })}
      </p>
      <label className="bulk-bar__field">
        <span>{t('queue.setStatus')}</span>
        <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="bulk-status">
          <option value="">{t('queue.noChange')}</option>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`status.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="bulk-bar__field">
        <span>{t('queue.setPriority')}</span>
        <select value={priority} onChange={(e) => setPriority(e.target.value)} data-testid="bulk-priority">
          <option value="">{t('queue.noChange')}</option>
          {PRIORITIES.map((value) => (
            <option key={value} value={value}>
              {t(`priority.${value}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="bulk-bar__field">
        <span>{t('queue.setAssignee')}</span>
        <select value={assignee} onChange={(e) => setAssignee(e.target.value)} aria-busy={staff.isPending || undefined} data-testid="bulk-assignee">
          <option value="">{t('queue.noChange')}</option>
          <option value={NOBODY}>{t('queue.nobody')}</option>
          {(staff.data ?? []).map((person) => (
            <option key={person.id} value={person.id}>
              {person.username}
            </option>
          ))}
        </select>
      </label>
      <div className="bulk-bar__actions">
        <Button type="submit" size="sm" disabled={!ready} busy={bulk.isPending} data-testid="bulk-apply">
          {t('queue.apply', { count: ids.length })}
        </Button>
        <Button variant="ghost" size="sm" onClick={onClear} data-testid="bulk-clear">
          {t('queue.clearSelection')}
        </Button>
      </div>
    </form>
  );
}
