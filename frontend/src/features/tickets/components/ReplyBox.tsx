import { useMemo, useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, FormError } from '@/components/Alert';
import { Button } from '@/components/Button';
import { Field } from '@/components/Field';
import { LengthCount } from '@/components/LengthCount';
import { useToast } from '@/components/toast-context';
import { useApiForm } from '@/components/use-api-form';
import { runtimeConfig } from '@/config/runtime';
import { progressPerFile, useCreateComment } from '../api/conversation';
import { commentSchema } from '../validation';
import { ReplyFiles } from './ReplyFiles';

const EMPTY = { body: '', internal: false, attachments: [] as File[] };

/** Whether a drag carries files (not text or a link being moved about). */
function carriesFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

/** A pasted screenshot arrives as "image.png"; give it a name worth keeping. */
function named(file: File, screenshot: string): File {
  if (file.name && file.name !== 'image.png') return file;
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const ext = file.type.split('/')[1]?.replace('jpeg', 'jpg') || 'png';
  return new File([file], `${screenshot}-${stamp}.${ext}`, { type: file.type, lastModified: file.lastModified });
}

export function ReplyBox({ ticketId, isStaff }: { ticketId: number; isStaff: boolean }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const limits = runtimeConfig();
  const schema = useMemo(() => commentSchema(limits, t, i18n.language), [limits, t, i18n.language]);
  const [progress, setProgress] = useState<number | null>(null);
  // Drag events fire for every child the pointer crosses: count them.
  const dragDepth = useRef(0);
  const [dropping, setDropping] = useState(false);
  const create = useCreateComment(ticketId, setProgress);
  const form = useApiForm({
    schema,
    defaultValues: EMPTY,
    onSubmit: async ({ body, internal, attachments }) => {
      const asNote = isStaff && internal;
      setProgress(attachments.length ? 0 : null);
      try {
        await create.mutateAsync({ body, internal: asNote, attachments });
      } finally {
        setProgress(null);
      }
      toast.show(asNote ? t('conversation.noteAdded') : t('conversation.sent'));
      form.reset(EMPTY);
    },
  });
  const { register, registerWithMax, watch, setValue, getValues, submit, errorsOf, formError, busy } = form;
  const asNote = isStaff && watch('internal');
  const bodyLength = watch('body').length;
  const files = watch('attachments');
  const bodyMax = limits.commentMaxLength;
  const internalErrors = errorsOf('internal');
  const perFile = progress === null || !busy ? null : progressPerFile(files.map((file) => file.size), progress);

  function setFiles(next: File[]) {
    // Checked at once, so a refused file says why before anything is sent.
    setValue('attachments', next, { shouldValidate: true, shouldDirty: true });
  }
  const addFiles = (added: File[]) => {
    if (!busy && added.length) setFiles([...getValues('attachments'), ...added]);
  };

  const dropHandlers = {
    onDragEnter: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      dragDepth.current += 1;
      setDropping(true);
    },
    onDragOver: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without this the browser opens the file instead of dropping it here.
      event.preventDefault();
      event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    },
    onDragLeave: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDropping(false);
    },
    onDrop: (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      dragDepth.current = 0;
      setDropping(false);
      addFiles([...event.dataTransfer.files]);
    },
  };

  // A screenshot pasted into the message becomes a file; pasted text stays text.
  function onPaste(event: ClipboardEvent) {
    const pasted = [...event.clipboardData.files];
    if (!pasted.length) return;
    if (!event.clipboardData.types.includes('text/plain')) event.preventDefault();
    addFiles(pasted.map((file) => named(file, t('replyFiles.screenshot'))));
  }

  const classes = ['form', 'reply-box', asNote ? 'reply-box--internal' : '', dropping ? 'reply-box--dropping' : ''].filter(Boolean).join(' ');
  return (
    <form
      className={classes}
      onSubmit={(e) => void submit(e)}
      onPaste={onPaste}
      {...dropHandlers}
      noValidate
      aria-labelledby="reply-title"
      data-testid="reply-box"
      data-dropping={dropping || undefined}
    >
      <h2 id="reply-title">{t('conversation.replyTitle')}</h2>
      <FormError error={formError} testId="reply-error" />
      <Field
        name="body"
        label={t('conversation.body')}
        errors={errorsOf('body')}
        required
        hint={
          <>
            {t('markdown.hint')}
            {bodyMax === null ? null : (
              <>
                {' '}
                <LengthCount length={bodyLength} max={bodyMax} />
              </>
            )}
          </>
        }
      >
        {(control) => <textarea {...control} {...registerWithMax('body', bodyMax)} rows={4} />}
      </Field>
      <ReplyFiles
        files={files}
        onAdd={addFiles}
        onRemove={(index) => setFiles(files.filter((_, i) => i !== index))}
        limits={limits}
        progress={perFile}
        errors={errorsOf('attachments')}
        disabled={busy}
      />
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
      <div className="form__actions">
        <Button type="submit" busy={busy} data-testid="reply-submit">
          {busy ? t('conversation.sending') : asNote ? t('conversation.submitNote') : t('conversation.submitReply')}
        </Button>
      </div>
      {dropping ? (
        <div className="reply-box__drop" aria-hidden="true">
          <span>{t('replyFiles.dropHere')}</span>
        </div>
      ) : null}
    </form>
  );
}
