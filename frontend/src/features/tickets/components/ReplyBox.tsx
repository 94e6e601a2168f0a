import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { Field } from '@/components/Field';
import { useToast } from '@/components/toast-context';
import { runtimeConfig } from '@/config/runtime';
import { isApiError, type FieldErrors } from '@/lib/api-client';
import { formatBytes } from '@/lib/format';
import { useCreateComment } from '../api/conversation';
import { ACCEPT_ATTRIBUTE, validateAttachment, validateCommentBody } from '../validation';

const FIELD_NAMES = ['body', 'internal', 'attachment'];

export function ReplyBox({ ticketId, isStaff }: { ticketId: number; isStaff: boolean }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const maxBytes = runtimeConfig().maxUploadBytes;
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [attachment, setAttachment] = useState<File | null>(null);
  // Bumped to empty the file input after sending (its value is read-only).
  const [fileInputKey, setFileInputKey] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const create = useCreateComment(ticketId, setProgress);
  const formRef = useRef<HTMLFormElement>(null);
  const size = formatBytes(maxBytes, i18n.language);
  const asNote = isStaff && internal;

  function focusFirstInvalid() {
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: FieldErrors = {};
    const bodyCode = validateCommentBody(body);
    if (bodyCode) found.body = [t(`conversation.validation.${bodyCode}`)];
    const fileCode = attachment ? validateAttachment(attachment, maxBytes) : null;
    if (fileCode) found.attachment = [t(`form.validation.${fileCode}`, { size })];
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) {
      focusFirstInvalid();
      return;
    }
    setProgress(attachment ? 0 : null);
    try {
      await create.mutateAsync({ body, internal: asNote, attachment });
    } catch (error) {
      if (isApiError(error) && Object.keys(error.fields).length) {
        setErrors(error.fields);
        const other = Object.entries(error.fields)
          .filter(([name]) => !FIELD_NAMES.includes(name))
          .flatMap(([, messages]) => messages);
        setFormError(other.length ? other.join(' ') : null);
        focusFirstInvalid();
      } else {
        setFormError(errorMessage(error, t));
      }
      return;
    } finally {
      setProgress(null);
    }
    toast.show(asNote ? t('conversation.noteAdded') : t('conversation.sent'));
    setBody('');
    setAttachment(null);
    setInternal(false);
    setFileInputKey((key) => key + 1);
  }

  const busy = create.isPending;
  const percent = progress === null ? null : Math.round(progress * 100);

  return (
    <form
      ref={formRef}
      className={asNote ? 'form reply-box reply-box--internal' : 'form reply-box'}
      onSubmit={submit}
      noValidate
      aria-labelledby="reply-title"
      data-testid="reply-box"
    >
      <h2 id="reply-title">{t('conversation.replyTitle')}</h2>
      {formError ? (
        <Alert tone="error" testId="reply-error">
          {formError}
        </Alert>
      ) : null}
      <Field name="body" label={t('conversation.body')} errors={errors.body} required hint={t('conversation.bodyCount', { count: body.length })}>
        {(control) => <textarea {...control} name="body" rows={4} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <Field name="attachment" label={t('conversation.attachment')} errors={errors.attachment} hint={t('form.attachmentHint', { size })}>
        {(control) => (
          <input
            {...control}
            key={fileInputKey}
            name="attachment"
            type="file"
            accept={ACCEPT_ATTRIBUTE}
            onChange={(e) => setAttachment(e.target.files?.[0] ?? null)}
          />
        )}
      </Field>
      {isStaff ? (
        <div className="checkbox">
          <input id="reply-internal" type="checkbox" data-testid="internal-toggle" checked={internal} onChange={(e) => setInternal(e.target.checked)} />
          <label htmlFor="reply-internal">{t('conversation.internalToggle')}</label>
        </div>
      ) : null}
      {errors.internal ? (
        <Alert tone="error" testId="error-internal">
          {errors.internal.join(' ')}
        </Alert>
      ) : null}
      {percent !== null && busy ? (
        <div className="upload-progress" data-testid="reply-upload-progress">
          <label htmlFor="reply-upload-progress-bar">{t('form.uploading', { percent })}</label>
          <progress id="reply-upload-progress-bar" max={100} value={percent} />
        </div>
      ) : null}
      <div className="form__actions">
        <Button type="submit" busy={busy} data-testid="reply-submit">
          {busy ? t('conversation.sending') : asNote ? t('conversation.submitNote') : t('conversation.submitReply')}
        </Button>
      </div>
    </form>
  );
}
