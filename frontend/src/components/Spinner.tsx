import { useTranslation } from 'react-i18next';
import './Spinner.css';

export function Spinner({ label, block = false }: { label?: string; block?: boolean }) {
  const { t } = useTranslation();
  return (
    // A span, so that an inline spinner may sit inside a paragraph.
    <span className={block ? 'spinner-block' : 'spinner-inline'} role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      <span className="visually-hidden">{label ?? t('common.loading')}</span>
    </span>
  );
}
