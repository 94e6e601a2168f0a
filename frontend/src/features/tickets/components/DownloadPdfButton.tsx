import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { apiDownload } from '@/lib/api-client';
import { saveBlob } from '@/lib/download';
import './DownloadPdfButton.css';

/** The ticket as a PDF (GET /api/tickets/{id}/pdf/), as this reader may see it. */
export function DownloadPdfButton({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      const file = await apiDownload(`/api/tickets/${ticketId}/pdf/`);
      saveBlob(file.blob, file.filename ?? `ticket-${ticketId}.pdf`);
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="pdf-download">
      <Button variant="secondary" size="sm" busy={busy} onClick={() => void download()} data-testid="download-pdf">
        {t('export.pdf')}
      </Button>
      {error ? (
        <p className="pdf-download__error" role="alert" data-testid="pdf-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
