import { useTranslation } from 'react-i18next';
import type { DrillFilters } from '../types';

interface Props {
  drill: DrillFilters;
  onChange: (drill: DrillFilters) => void;
}

type Chip = { id: string; label: string; keys: (keyof DrillFilters)[] };

/**
 * The dashboard's filters, which the filter bar has no control for, shown
 * as chips above the list: each says what it keeps and can be removed.
 */
export function DrillChips({ drill, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.resolvedLanguage, { dateStyle: 'medium', timeStyle: 'short' });
  const when = (value: string) => format.format(new Date(value));
  const range = (after?: string, before?: string) =>
    after && before
      ? t('drilldown.between', { from: when(after), to: when(before) })
      : after
        ? t('drilldown.from', { from: when(after) })
        : t('drilldown.before', { to: when(before ?? '') });

  const chips: Chip[] = [];
  if (drill.created_after || drill.created_before) {
    chips.push({
      id: 'created',
      label: t('drilldown.created', { range: range(drill.created_after, drill.created_before) }),
      keys: ['created_after', 'created_before'],
    });
  }
  if (drill.resolved_after || drill.resolved_before) {
    chips.push({
      id: 'resolved',
      label: t('drilldown.resolved', { range: range(drill.resolved_after, drill.resolved_before) }),
      keys: ['resolved_after', 'resolved_before'],
    });
  }
  if (drill.open) {
    chips.push({ id: 'open', label: t(drill.open === 'true' ? 'drilldown.open' : 'drilldown.closed'), keys: ['open'] });
  }
  if (drill.responded) {
    chips.push({
      id: 'responded',
      label: t(drill.responded === 'true' ? 'drilldown.responded' : 'drilldown.notResponded'),
      keys: ['responded'],
    });
  }
  if (drill.first_response_by) {
    chips.push({
      id: 'first_response_by',
      label: t('drilldown.firstResponseBy', { id: drill.first_response_by }),
      keys: ['first_response_by'],
    });
  }
  if (chips.length === 0) return null;

  return (
    <ul className="drill-chips" aria-label={t('drilldown.label')} data-testid="drill-chips">
      {chips.map((chip) => (
        <li key={chip.id} className="drill-chip" data-testid={`drill-chip-${chip.id}`}>
          <span>{chip.label}</span>
          <button
            type="button"
            className="drill-chip__remove"
            aria-label={t('drilldown.remove', { filter: chip.label })}
            title={t('drilldown.remove', { filter: chip.label })}
            onClick={() => {
              const next = { ...drill };
              for (const key of chip.keys) delete next[key];
              onChange(next);
            }}
          >
            <span aria-hidden="true">✕</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
