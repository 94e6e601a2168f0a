import { useTranslation } from 'react-i18next';
import type { ListView } from '@/lib/preferences';

const VIEWS = [
  { value: 'table', label: 'queue.viewTable' },
  { value: 'cards', label: 'queue.viewCards' },
] as const satisfies readonly { value: ListView; label: string }[];

/** Staff's choice between the queue's table and the requesters' cards. */
export function ViewToggle({ view, onChange }: { view: ListView; onChange: (view: ListView) => void }) {
  const { t } = useTranslation();
  return (
    <div className="view-toggle" role="group" aria-label={t('queue.view')} data-testid="view-toggle">
      {VIEWS.map(({ value, label }) => (
        <button
          key={value}
          type="button"
          className="view-toggle__option"
          aria-pressed={view === value}
          onClick={() => onChange(value)}
          data-testid={`view-${value}`}
        >
          {t(label)}
        </button>
      ))}
    </div>
  );
}
