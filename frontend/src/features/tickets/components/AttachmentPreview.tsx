import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '@/lib/format';
import type { Comment } from '../types';

/** What tickets and comments both carry about their (first) file. */
export type AttachmentFile = Pick<Comment, 'attachment' | 'attachment_name' | 'attachment_content_type' | 'attachment_size'>;

function fileNameFromUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : 'attachment';
  } catch {
    return 'attachment';
  }
}

// The type decides the preview: images inline, PDFs in the browser's own
// viewer (attachments are private, so no third-party viewer), the rest as a
// download. The URL is signed and short-lived, so it works without a token.
// `testIdPrefix` keeps a comment's file apart from the ticket's own.
export function AttachmentView({ file, testIdPrefix = 'attachment' }: { file: AttachmentFile; testIdPrefix?: string }) {
  const { t, i18n } = useTranslation();
  const url = file.attachment;
  if (!url) return null;
  const name = file.attachment_name || fileNameFromUrl(url);
  const type = file.attachment_content_type ?? '';
  const size = typeof file.attachment_size === 'number' ? formatBytes(file.attachment_size, i18n.language) : null;

  let preview;
  if (type.startsWith('image/')) {
    preview = (
      <a href={url} target="_blank" rel="noopener noreferrer" className="attachment__image-link" data-testid={`${testIdPrefix}-image-link`}>
        <img src={url} alt={t('detail.imageAlt', { name })} className="attachment__image" data-testid={`${testIdPrefix}-image`} />
        <span className="attachment__caption">{t('detail.openFull')}</span>
      </a>
    );
  } else if (type === 'application/pdf') {
    preview = (
      <>
        <iframe src={url} title={t('detail.pdfTitle', { name })} className="attachment__pdf" data-testid={`${testIdPrefix}-pdf`} />
        <a href={url} target="_blank" rel="noopener noreferrer">
          {t('detail.openPdf')}
        </a>
      </>
    );
  } else {
    preview = (
      <a href={url} download={name} className="attachment__download" data-testid={`${testIdPrefix}-download`}>
        <span aria-hidden="true">⤓ </span>
        {t('detail.download', { name })}
      </a>
    );
  }

  return (
    <>
      <p className="attachment__meta">
        <span>{name}</span>
        {size ? <span> · {size}</span> : null}
      </p>
      {preview}
    </>
  );
}

export function AttachmentPreview({ ticket, compact = false }: { ticket: AttachmentFile; compact?: boolean }) {
  const { t } = useTranslation();
  const titleId = useId();
  if (!ticket.attachment) return null;
  return (
    <section className={compact ? 'attachment attachment--compact' : 'attachment'} aria-labelledby={titleId}>
      {compact ? (
        <h4 id={titleId} className="visually-hidden">
          {t('detail.attachment')}
        </h4>
      ) : (
        <h2 id={titleId}>{t('detail.attachment')}</h2>
      )}
      <AttachmentView file={ticket} />
    </section>
  );
}
