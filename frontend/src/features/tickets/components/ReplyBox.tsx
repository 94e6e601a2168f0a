import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { Field } from '@/components/Field';
import { LengthCount } from '@/components/LengthCount';
import { useToast } from '@/components/toast-context';
import { useApiForm } from '@/components/use-api-form';
import { runtimeConfig } from '@/config/runtime';
import { useCreateComment } from '../api/conversation';
import { acceptAttribute, commentSchema, uploadSize } from '../validation';
import { AttachmentInput } from './AttachmentInput';

const EMPTY = { body: '', internal: false, attachment: null };

export function ReplyBox({ ticketId, isStaff }: { ticketId: number; isStaff: boolean }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const limits = runtimeConfig();
  const schema = useMemo(() => commentSchema(limits, t, i18n.language), [limits, t, i18n.language]);
  const [progress, setProgress] = useState<number | null>(null);
  const create = useCreateComment(ticketId, setProgress);
  const form = useApiForm({
    schema,
    defaultValues: EMPTY,
    onSubmit: async ({ body, internal, attachment }) => {
      const asNote = isStaff && internal;
      setProgress(attachment ? 0 : null);
      try {
        await create.mutateAsync({ body, internal: asNote, attachment });
      } finally {
        setProgress(null);
      }
      toast.show(asNote ? t('conversation.noteAdded') : t('conversation.sent'));
      form.reset(EMPTY);
    },
  });
  const { register, registerWithMax, watch, setValue, submit, errorsOf, formError, busy } = form;
  const size = uploadSize(limits, i18n.language);
  const asNote = isStaff && watch('internal');
  const bodyLength = watch('body').length;
  const bodyMax = limits.commentMaxLength;
  const internalErrors = errorsOf('internal');
  const percent = progress === null ? null : Math.round(progress * 100);

  return (
    <form
      className={asNote ? 'form reply-box reply-box--internal' : 'form reply-box'}
      onSubmit={(e) => void submit(e)}
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
      <Field
        name="body"
        label={t('conversation.body')}
        errors={errorsOf('body')}
        required
        hint={bodyMax === null ? undefined : <LengthCount length={bodyLength} max={bodyMax} />}
      >
        {(control) => (
          <textarea
            {...control}
            {...registerWithMax('body', bodyMax)}
            rows={4}
          />
        )}
      </Field>
      <Field
        name="attachment"
        label={t('conversation.attachment')}
        errors={errorsOf('attachment')}
        hint={size ? t('form.attachmentHint', { size }) : t('form.attachmentHintAnySize')}
      >
        {(control) => (
          <AttachmentInput
            control={control}
            name="attachment"
            file={watch('attachment')}
            accept={acceptAttribute(limits)}
            onChange={(file) => setValue('attachment', file, { shouldValidate: true })}
          />
        )}
      </Field>
      {isStaff ? (
        <div className="checkbox">
          <input id="reply-internal" type="checkbox" data-testid="internal-toggle" {...register('internal')} />
          <label htmlFor="reply-internal">{t('conversation.internalToggle')}</label>
        </div>
      ) : null}
      {internalErrors ? (
        <Alert tone="error" testId="error-internal">
          {internalErrors.join(' ')}
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
