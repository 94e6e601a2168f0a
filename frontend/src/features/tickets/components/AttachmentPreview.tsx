import { useTranslation } from 'react-i18next';
import { formatBytes } from '@/lib/format';
import type { TicketListItem } from '../types';

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
export function AttachmentPreview({ ticket }: { ticket: TicketListItem }) {
  const { t, i18n } = useTranslation();
  const url = ticket.attachment;
  if (!url) return null;
  const name = ticket.attachment_name || fileNameFromUrl(url);
  const type = ticket.attachment_content_type ?? '';
  const size = typeof ticket.attachment_size === 'number' ? formatBytes(ticket.attachment_size, i18n.language) : null;

  let preview;
  if (type.startsWith('image/')) {
    preview = (
      <a href={url} target="_blank" rel="noopener noreferrer" className="attachment__image-link" data-testid="attachment-image-link">
        <img src={url} alt={t('detail.imageAlt', { name })} className="attachment__image" data-testid="attachment-image" />
        <span className="attachment__caption">{t('detail.openFull')}</span>
      </a>
    );
  } else if (type === 'application/pdf') {
    preview = (
      <>
        <iframe src={url} title={t('detail.pdfTitle', { name })} className="attachment__pdf" data-testid="attachment-pdf" />
        <a href={url} target="_blank" rel="noopener noreferrer">
          {t('detail.openPdf')}
        </a>
      </>
    );
  } else {
    preview = (
      <a href={url} download={name} className="attachment__download" data-testid="attachment-download">
        <span aria-hidden="true">⤓ </span>
        {t('detail.download', { name })}
      </a>
    );
  }

  return (
    <section className="attachment" aria-labelledby="attachment-title">
      <h2 id="attachment-title">{t('detail.attachment')}</h2>
      <p className="attachment__meta">
        <span>{name}</span>
        {size ? <span> · {size}</span> : null}
      </p>
      {preview}
    </section>
  );
}
