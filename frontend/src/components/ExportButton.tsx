import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { apiDownload } from '@/lib/api-client';
import { exportQuery, formatBytes, saveBlob } from '@/lib/download';
import { useMediaQuery } from '@/lib/use-media-query';
import { errorMessage } from './error-message';
import './ExportButton.css';

type Format = 'csv' | 'xlsx';
const FORMATS: readonly Format[] = ['csv', 'xlsx'];
// Phones, as in ExportButton.css: the button is its icon.
const ICON_ONLY = '(max-width: 29.98rem)';

interface Props {
  /** The filters as a query string (`?status=New&search=vpn`; `page` is ignored);
   * by default the current page's, so on the list it exports what the list shows. */
  query?: string;
}

/**
 * Downloads every ticket matching `query` as CSV or XLSX (GET
 * /api/tickets/export/, staff only): one "Export" menu button (the ARIA menu
 * button pattern) that offers both formats, so it fits a page header's row
 * even on a phone, where it is an icon with the same name. Shows how much of
 * the file has arrived under the button; a failure is said below it.
 */
export function ExportButton({ query }: Props) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const filters = query ?? location.search;
  const [open, setOpen] = useState(false);
  // Which item gets focus when the menu opens: the first, or the last (ArrowUp).
  const [start, setStart] = useState<'first' | 'last'>('first');
  const [busy, setBusy] = useState<Format | null>(null);
  const [received, setReceived] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();
  const iconOnly = useMediaQuery(ICON_ONLY);

  useEffect(() => () => abort.current?.abort(), []);

  useEffect(() => {
    if (!open) return;
    items.current[start === 'first' ? 0 : FORMATS.length - 1]?.focus();
    // A press anywhere else closes the menu, as a native one does.
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open, start]);

  function show(from: 'first' | 'last') {
    setStart(from);
    setOpen(true);
  }

  function close(refocus: boolean) {
    setOpen(false);
    if (refocus) toggle.current?.focus();
  }

  function onToggleKey(event: KeyboardEvent) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      show(event.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  function onMenuKey(event: KeyboardEvent) {
    const index = items.current.findIndex((item) => item === document.activeElement);
    const last = FORMATS.length - 1;
    const go = (next: number) => {
      event.preventDefault();
      items.current[next]?.focus();
    };
    if (event.key === 'ArrowDown') go(index >= last ? 0 : index + 1);
    else if (event.key === 'ArrowUp') go(index <= 0 ? last : index - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(last);
    else if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
    } else if (event.key === 'Tab') close(false);
  }

  async function download(format: Format) {
    close(true);
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
    <div className="export" data-testid="export" ref={root}>
      {/* Not disabled while busy: focus stays on it, and the menu says why its items are off. */}
      <button
        ref={toggle}
        type="button"
        className="btn btn--secondary export__toggle"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-busy={busy ? true : undefined}
        onClick={() => (open ? close(false) : show('first'))}
        onKeyDown={onToggleKey}
        // The name as a tooltip too: on a phone the button is only its icon.
        title={t('export.label')}
        data-testid="export-toggle"
      >
        {busy ? (
          <span className="btn__spinner" aria-hidden="true" />
        ) : (
          <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M8 2.5v8M4.5 7l3.5 3.5L11.5 7M3 13.5h10" />
          </svg>
        )}
        {/* Hidden from sight only: "Export" stays the button's name. */}
        <span className={iconOnly ? 'visually-hidden' : undefined}>{t('export.label')}</span>
        <svg className="icon export__caret" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d="M4.5 6.5L8 10l3.5-3.5" />
        </svg>
      </button>
      {open ? (
        <div className="export__menu" id={menuId} role="menu" aria-label={t('export.label')} onKeyDown={onMenuKey} data-testid="export-menu">
          {FORMATS.map((format, index) => (
            <button
              key={format}
              ref={(item) => {
                items.current[index] = item;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className="export__item"
              aria-disabled={busy !== null || undefined}
              onClick={() => (busy ? undefined : void download(format))}
              aria-describedby={`${menuId}-${format}`}
              data-testid={`export-${format}`}
            >
              {/* Named "Export as CSV"; the visible "CSV" is the end of the name. */}
              <span className="export__name">
                <span className="visually-hidden">{t('exportMenu.as')}</span> {format.toUpperCase()}
              </span>
              <span className="export__hint" id={`${menuId}-${format}`} aria-hidden="true">
                {t(`exportMenu.${format}`)}
              </span>
            </button>
          ))}
        </div>
      ) : null}
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
