import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '@/components/Alert';
import { Button } from '@/components/Button';
import { Field } from '@/components/Field';
import { LengthCount } from '@/components/LengthCount';
import { useApiForm } from '@/components/use-api-form';
import { runtimeConfig } from '@/config/runtime';
import { useStaffDirectory } from '../api/conversation';
import { CATEGORIES, DEFAULT_PRIORITY, PRIORITIES, STATUSES, type Ticket, type TicketInput } from '../types';
import { acceptAttribute, ticketSchema, uploadSize, type TicketDraft } from '../validation';
import { AttachmentInput } from './AttachmentInput';
import { SimilarTickets } from './SimilarTickets';
import '../tickets.css';

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
  const limits = runtimeConfig();
  const schema = useMemo(() => ticketSchema(limits, t, i18n.language), [limits, t, i18n.language]);
  // Staff assign on edit; a new ticket is triaged from its page.
  const canAssign = isStaff && Boolean(initial);
  const staff = useStaffDirectory(canAssign);
  const people = staff.data ?? [];
  const assigneeOptions =
    initial?.assignee && !people.some((p) => p.id === initial.assignee?.id) ? [initial.assignee, ...people] : people;

  const form = useApiForm({
    schema,
    defaultValues: {
      title: initial?.title ?? '',
      description: initial?.description ?? '',
      category: initial?.category ?? '',
      status: initial?.status ?? 'New',
      priority: initial?.priority ?? DEFAULT_PRIORITY,
      assignee: initial?.assignee ? String(initial.assignee.id) : '',
      attachment: null,
      removeAttachment: false,
    } as TicketDraft,
    invalidMessage: t('form.fixErrors'),
    onSubmit: ({ title, description, category, priority, status, assignee, attachment, removeAttachment }) =>
      onSubmit({
        title,
        description,
        category,
        priority,
        ...(isStaff ? { status } : {}),
        ...(canAssign ? { assignee: assignee ? Number(assignee) : null } : {}),
        ...(attachment ? { attachment } : removeAttachment ? { attachment: null } : {}),
      }),
  });
  const { register, registerWithMax, watch, setValue, submit, errorsOf, formError, busy } = form;

  const size = uploadSize(limits, i18n.language);
  const titleLength = watch('title').trim().length;
  const titleMax = limits.titleMaxLength;
  const attachment = watch('attachment');
  const percent = progress === null ? null : Math.round(progress * 100);

  return (
    <form className="card form ticket-form" onSubmit={(e) => void submit(e)} noValidate data-testid="ticket-form">
      <FormError error={formError} testId="form-error" />
      <Field
        name="title"
        label={t('form.title')}
        errors={errorsOf('title')}
        required
        hint={titleMax === null ? undefined : <LengthCount length={titleLength} max={titleMax} testId="title-count" />}
      >
        {(control) => (
          <input
            {...control}
            {...registerWithMax('title', titleMax, (value) => value.trim().length)}
          />
        )}
      </Field>
      {initial ? null : <SimilarTickets text={watch('title')} />}
      <Field name="description" label={t('form.description')} errors={errorsOf('description')} required>
        {(control) => <textarea {...control} {...register('description')} rows={6} />}
      </Field>
      <div className="form__row">
        <Field name="category" label={t('form.category')} errors={errorsOf('category')} required>
          {(control) => (
            <select {...control} {...register('category')}>
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
        <Field name="priority" label={t('form.priority')} errors={errorsOf('priority')}>
          {(control) => (
            <select {...control} {...register('priority')}>
              {PRIORITIES.map((value) => (
                <option key={value} value={value}>
                  {t(`priority.${value}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {canAssign ? (
          <Field name="assignee" label={t('form.assignee')} errors={errorsOf('assignee')}>
            {(control) => (
              <select {...control} {...register('assignee')}>
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
          <Field name="status" label={t('form.status')} errors={errorsOf('status')}>
            {(control) => (
              <select {...control} {...register('status')}>
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
        errors={errorsOf('attachment')}
        hint={
          <>
            <span className="field__hint-line">{size ? t('form.attachmentHint', { size }) : t('form.attachmentHintAnySize')}</span>
            {initial?.attachment ? (
              <span className="field__hint-line">
                {t('form.currentAttachment', { name: initial.attachment_name ?? '' })} {t('form.replaceHint')}
              </span>
            ) : null}
          </>
        }
      >
        {(control) => (
          <AttachmentInput
            control={control}
            name="attachment"
            file={attachment}
            accept={acceptAttribute(limits)}
            onChange={(file) => setValue('attachment', file, { shouldValidate: true })}
          />
        )}
      </Field>
      {initial?.attachment && !attachment ? (
        <div className="checkbox">
          <input id="remove-attachment" type="checkbox" data-testid="remove-attachment" {...register('removeAttachment')} />
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
