import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { apiDownload } from '@/lib/api-client';
import { exportQuery, formatBytes, saveBlob } from '@/lib/download';
import { Button } from './Button';
import { errorMessage } from './error-message';
import './ExportButton.css';

type Format = 'csv' | 'xlsx';
const FORMATS: readonly Format[] = ['csv', 'xlsx'];

interface Props {
  /** The filters as a query string (`?status=New&search=vpn`; `page` is ignored);
   * by default the current page's, so on the list it exports what the list shows. */
  query?: string;
}

/**
 * Downloads every ticket matching `query` as CSV or XLSX (GET
 * /api/tickets/export/, staff only). Shows which format is on its way and
 * how much has arrived; a failure is said beside the buttons.
 */
export function ExportButton({ query }: Props) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const filters = query ?? location.search;
  const [busy, setBusy] = useState<Format | null>(null);
  const [received, setReceived] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  async function download(format: Format) {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(format);
    setReceived(0);
    setError(null);
    try {
      const file = await apiDownload('/api/tickets/export/', {
        query: { ...exportQuery(filters), format },
        signal: controller.signal,
        onProgress: (bytes) => setReceived(bytes),
      });
      saveBlob(file.blob, file.filename ?? `tickets.${format}`);
    } catch (caught) {
      if (caught instanceof DOMException && caught.name === 'AbortError') return;
      setError(errorMessage(caught, t));
    } finally {
      if (abort.current === controller) {
        abort.current = null;
        setBusy(null);
      }
    }
  }

  return (
    <div className="export" data-testid="export">
      <div className="export__buttons" role="group" aria-label={t('export.label')}>
        <span className="export__label" aria-hidden="true">
          {t('export.label')}
        </span>
        {FORMATS.map((format) => (
          <Button
            key={format}
            variant="secondary"
            size="sm"
            busy={busy === format}
            disabled={busy !== null && busy !== format}
            onClick={() => void download(format)}
            data-testid={`export-${format}`}
            aria-label={t('export.as', { format: format.toUpperCase() })}
          >
            {format.toUpperCase()}
          </Button>
        ))}
      </div>
      <p className="export__status" aria-live="polite">
        {busy ? t('export.progress', { size: formatBytes(received, i18n.language) }) : null}
      </p>
      {error ? (
        <p className="export__error" role="alert" data-testid="export-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
