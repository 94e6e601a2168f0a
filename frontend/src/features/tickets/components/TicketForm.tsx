import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { Field } from '@/components/Field';
import { runtimeConfig } from '@/config/runtime';
import { isApiError, type FieldErrors } from '@/lib/api-client';
import { formatBytes } from '@/lib/format';
import { useStaffDirectory } from '../api/conversation';
import {
  CATEGORIES,
  DEFAULT_PRIORITY,
  isCategory,
  isPriority,
  PRIORITIES,
  STATUSES,
  type Ticket,
  type TicketInput,
  type TicketPriority,
  type TicketStatus,
} from '../types';
import { ACCEPT_ATTRIBUTE, validateTicket, type TicketFieldName } from '../validation';
import '../tickets.css';

const FIELD_NAMES: (TicketFieldName | 'priority' | 'assignee')[] = ['title', 'description', 'category', 'status', 'priority', 'assignee', 'attachment'];

interface Props {
  /** The ticket being edited; absent when creating. */
  initial?: Ticket;
  isStaff: boolean;
  submitLabel: string;
  /** 0..1 while a file uploads, null otherwise. */
  progress: number | null;
  onSubmit: (input: TicketInput) => Promise<unknown>;
}

export function TicketForm({ initial, isStaff, submitLabel, progress, onSubmit }: Props) {
  const { t, i18n } = useTranslation();
  const maxBytes = runtimeConfig().maxUploadBytes;
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [category, setCategory] = useState<string>(initial?.category ?? '');
  const [status, setStatus] = useState<TicketStatus>(initial?.status ?? 'New');
  const [priority, setPriority] = useState<TicketPriority>(initial?.priority ?? DEFAULT_PRIORITY);
  // Staff assign on edit; a new ticket is triaged from its page.
  const canAssign = isStaff && Boolean(initial);
  const [assignee, setAssignee] = useState<string>(initial?.assignee ? String(initial.assignee.id) : '');
  const staff = useStaffDirectory(canAssign);
  const people = staff.data ?? [];
  const assigneeOptions =
    initial?.assignee && !people.some((p) => p.id === initial.assignee?.id) ? [initial.assignee, ...people] : people;
  const [attachment, setAttachment] = useState<File | null>(null);
  const [removeAttachment, setRemoveAttachment] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const size = formatBytes(maxBytes, i18n.language);

  function focusFirstInvalid() {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const codes = validateTicket({ title, description, category, attachment }, maxBytes);
    const found: FieldErrors = {};
    for (const [name, code] of Object.entries(codes)) {
      found[name] = [t(`form.validation.${code}`, { size })];
    }
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length || !isCategory(category)) {
      setFormError(t('form.fixErrors'));
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    try {
      await onSubmit({
        title: title.trim(),
        description,
        category,
        priority,
        ...(isStaff ? { status } : {}),
        ...(canAssign ? { assignee: assignee ? Number(assignee) : null } : {}),
        ...(attachment ? { attachment } : removeAttachment ? { attachment: null } : {}),
      });
    } catch (error) {
      setBusy(false);
      if (isApiError(error) && Object.keys(error.fields).length) {
        setErrors(error.fields);
        const other = Object.entries(error.fields)
          .filter(([name]) => !(FIELD_NAMES as string[]).includes(name))
          .flatMap(([, messages]) => messages);
        setFormError(other.length ? other.join(' ') : t('form.fixErrors'));
        focusFirstInvalid();
      } else {
        setFormError(errorMessage(error, t));
      }
      return;
    }
    setBusy(false);
  }

  const percent = progress === null ? null : Math.round(progress * 100);

  return (
    <form ref={formRef} className="card form ticket-form" onSubmit={submit} noValidate data-testid="ticket-form">
      {formError ? (
        <Alert tone="error" testId="form-error">
          {formError}
        </Alert>
      ) : null}
      <Field name="title" label={t('form.title')} errors={errors.title} required hint={t('form.titleCount', { count: title.trim().length })}>
        {(control) => (
          <input {...control} name="title" value={title} onChange={(e) => setTitle(e.target.value)} />
        )}
      </Field>
      <Field name="description" label={t('form.description')} errors={errors.description} required>
        {(control) => <textarea {...control} name="description" rows={6} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <div className="form__row">
        <Field name="category" label={t('form.category')} errors={errors.category} required>
          {(control) => (
            <select {...control} name="category" value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="" disabled>
                {t('form.chooseCategory')}
              </option>
              {CATEGORIES.map((value) => (
                <option key={value} value={value}>
                  {t(`category.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="priority" label={t('form.priority')} errors={errors.priority}>
          {(control) => (
            <select {...control} name="priority" value={priority} onChange={(e) => isPriority(e.target.value) && setPriority(e.target.value)}>
              {PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {t(`priority.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {canAssign ? (
          <Field name="assignee" label={t('form.assignee')} errors={errors.assignee}>
            {(control) => (
              <select {...control} name="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                <option value="">{t('form.unassigned')}</option>
                {assigneeOptions.map((person) => (
                  <option key={person.id} value={String(person.id)}>
                    {person.username}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {isStaff ? (
          <Field name="status" label={t('form.status')} errors={errors.status}>
            {(control) => (
              <select {...control} name="status" value={status} onChange={(e) => setStatus(e.target.value as TicketStatus)}>
                {STATUSES.map((value) => (
                  <option key={value} value={value}>
                    {t(`status.${value}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <Field
        name="attachment"
        label={t('form.attachment')}
        errors={errors.attachment}
        hint={
          <>
            {t('form.attachmentHint', { size })}
            {initial?.attachment ? (
              <>
                {' '}
                {t('form.currentAttachment', { name: initial.attachment_name ?? '' })} {t('form.replaceHint')}
              </>
            ) : null}
          </>
        }
      >
        {(control) => (
          <input
            {...control}
            name="attachment"
            type="file"
            accept={ACCEPT_ATTRIBUTE}
            onChange={(e) => setAttachment(e.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      {initial?.attachment && !attachment ? (
        <div className="checkbox">
          <input
            id="remove-attachment"
            type="checkbox"
            data-testid="remove-attachment"
            checked={removeAttachment}
            onChange={(e) => setRemoveAttachment(e.target.checked)}
          />
          <label htmlFor="remove-attachment">{t('form.removeAttachment', { name: initial.attachment_name ?? '' })}</label>
        </div>
      ) : null}
      {percent !== null && busy ? (
        <div className="upload-progress" data-testid="upload-progress">
          <label htmlFor="upload-progress-bar">{t('form.uploading', { percent })}</label>
          <progress id="upload-progress-bar" max={100} value={percent} />
        </div>
      ) : null}
      <div className="form__actions">
        <Button type="submit" busy={busy} data-testid="ticket-submit">
          {busy ? t('form.saving') : submitLabel}
        </Button>
      </div>
    </form>
  );
}
