import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/Button';

const QUEUE_KEYS = [
  ['j', 'queue.keyNext'],
  ['k', 'queue.keyPrevious'],
  ['x', 'queue.keySelect'],
  ['Enter', 'queue.keyOpen'],
  ['/', 'queue.keySearch'],
  ['?', 'queue.keyHelp'],
] as const;

const TICKET_KEYS = [
  ['r', 'queue.keyReply'],
  ['n', 'queue.keyNote'],
  ['Esc', 'queue.keyBack'],
] as const;

/** The keyboard shortcuts of the queue and of a ticket, in a modal <dialog>
 * (focus trapped, Esc closes, focus returns where it was). */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const list = (keys: typeof QUEUE_KEYS | typeof TICKET_KEYS) => (
    <dl className="shortcuts__list">
      {keys.map(([key, label]) => (
        <div key={key} className="shortcuts__row">
          <dt>
            <kbd>{key}</kbd>
          </dt>
          <dd>{t(label)}</dd>
        </div>
      ))}
    </dl>
  );

  return (
    <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title" onClose={onClose} data-testid="shortcuts-dialog">
      <h2 id="shortcuts-title">{t('queue.shortcuts')}</h2>
      <h3>{t('queue.inQueue')}</h3>
      {list(QUEUE_KEYS)}
      <h3>{t('queue.onTicket')}</h3>
      {list(TICKET_KEYS)}
      <Button variant="secondary" size="sm" onClick={onClose} autoFocus>
        {t('queue.close')}
      </Button>
    </dialog>
  );
}
