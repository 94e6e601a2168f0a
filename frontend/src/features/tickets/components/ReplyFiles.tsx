import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/Button';
import { formatBytes } from '@/lib/format';
import type { Limits } from '@/config/runtime';
import { acceptAttribute, checkAttachment, uploadSize } from '../validation';

interface Props {
  files: readonly File[];
  onAdd: (files: File[]) => void;
  onRemove: (index: number) => void;
  limits: Limits;
  /** Each file's upload progress (0–1) while the reply is being sent, else null. */
  progress: readonly number[] | null;
  /** The schema's and the server's messages about the files. */
  errors: readonly string[] | undefined;
  disabled?: boolean;
}

/**
 * The reply's files: a picker that looks like the app's buttons (the native
 * input stays the control, visually hidden, so the keyboard and screen
 * readers get the real thing), and a list of what will be sent, each with
 * its size, its own progress bar while sending, and a remove button.
 * Dropping and pasting files are handled by the whole reply box (ReplyBox).
 */
export function ReplyFiles({ files, onAdd, onRemove, limits, progress, errors, disabled = false }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const size = uploadSize(limits, i18n.language);
  const count = limits.commentMaxFiles ?? 5;
  const hintId = `${id}-hint`;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const full = limits.commentMaxFiles !== null && files.length >= limits.commentMaxFiles;

  return (
    <div
      className={errorId ? 'field reply-files field--invalid' : 'field reply-files'}
      data-field="attachments"
      role="group"
      aria-labelledby={`${id}-label`}
    >
      <span className="field__label" id={`${id}-label`}>
        {t('replyFiles.label')}
      </span>
      <div className="reply-files__bar">
        <label className={full || disabled ? 'btn btn--secondary btn--sm reply-files__pick is-disabled' : 'btn btn--secondary btn--sm reply-files__pick'}>
          <input
            ref={input}
            type="file"
            multiple
            className="visually-hidden"
            accept={acceptAttribute(limits)}
            disabled={full || disabled}
            aria-describedby={[errorId, hintId].filter(Boolean).join(' ')}
            aria-invalid={errorId ? true : undefined}
            data-testid="reply-file-input"
            onChange={(event) => {
              const picked = [...(event.target.files ?? [])];
              // Emptied at once, so the same file can be picked again after a remove.
              event.target.value = '';
              if (picked.length) onAdd(picked);
            }}
          />
          <svg className="reply-files__clip" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
            <path
              d="M21 11.5 12.4 20a5.5 5.5 0 0 1-7.8-7.8l8.6-8.5a3.7 3.7 0 0 1 5.2 5.2l-8.6 8.5a1.8 1.8 0 0 1-2.6-2.6l7.9-7.8"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          {t('replyFiles.pick')}
        </label>
        <p className="field__hint reply-files__hint" id={hintId}>
          {size ? t('replyFiles.hint', { count, size }) : t('replyFiles.hintAnySize', { count })}
        </p>
      </div>
      {files.length ? (
        <ul className="reply-files__list" aria-label={t('replyFiles.listLabel')} data-testid="reply-files">
          {files.map((file, index) => {
            const refused = checkAttachment(file, limits) !== null;
            const share = progress?.[index];
            const percent = share === undefined ? null : Math.round(share * 100);
            const barId = `${id}-progress-${index}`;
            return (
              // Files have no id of their own; the position is what remove() takes.
              <li
                key={`${index}-${file.name}-${file.size}-${file.lastModified}`}
                className={refused ? 'reply-file reply-file--refused' : 'reply-file'}
                data-testid="reply-file"
              >
                <span className="reply-file__name">{file.name}</span>
                <span className="reply-file__size">
                  {formatBytes(file.size, i18n.language)}
                  {refused ? ` · ${t('replyFiles.refused')}` : ''}
                </span>
                {percent !== null ? (
                  <>
                    <label htmlFor={barId} className="visually-hidden">
                      {t('replyFiles.progress', { name: file.name })}
                    </label>
                    <progress id={barId} className="reply-file__progress" max={100} value={percent} data-testid="reply-file-progress" />
                  </>
                ) : (
                  <Button
                    variant="ghost"
                    size="sm"
                    className="reply-file__remove"
                    aria-label={t('replyFiles.remove', { name: file.name })}
                    title={t('replyFiles.remove', { name: file.name })}
                    disabled={disabled}
                    onClick={() => {
                      onRemove(index);
                      input.current?.focus();
                    }}
                    data-testid="reply-file-remove"
                  >
                    <span aria-hidden="true">✕</span>
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
      {errorId ? (
        <ul id={errorId} className="field__errors" data-testid="error-attachments">
          {errors?.map((message) => <li key={message}>{message}</li>)}
        </ul>
      ) : null}
    </div>
  );
}
