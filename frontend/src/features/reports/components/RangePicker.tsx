import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { INTERVALS, isInterval, isPreset, PRESETS, type RangeState } from '../range';

interface Props {
  range: RangeState;
  onChange: (changes: Partial<RangeState>) => void;
}

const PRESET_LABEL = {
  '7': 'reports.last7',
  '30': 'reports.last30',
  '90': 'reports.last90',
  month: 'reports.thisMonth',
  custom: 'reports.custom',
} as const;

function zones(current: string): string[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const all = new Set([...supported, 'UTC', current]);
  return [...all].sort();
}

/** Range, zone and bar size: each applies as soon as it is chosen. */
export function RangePicker({ range, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const zoneList = useMemo(() => zones(range.tz), [range.tz]);
  return (
    <form className="range-picker" aria-label={t('reports.range')} onSubmit={(event) => event.preventDefault()}>
      <div className="range-picker__field">
        <label htmlFor={`${id}-preset`}>{t('reports.range')}</label>
        <select
          id={`${id}-preset`}
          data-testid="range-preset"
          value={range.preset}
          onChange={(event) => {
            if (isPreset(event.target.value)) onChange({ preset: event.target.value });
          }}
        >
          {PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {t(PRESET_LABEL[preset])}
            </option>
          ))}
        </select>
      </div>
      {range.preset === 'custom' ? (
        <>
          <div className="range-picker__field">
            <label htmlFor={`${id}-since`}>{t('reports.since')}</label>
            <input
              id={`${id}-since`}
              type="date"
              data-testid="range-since"
              value={range.since}
              max={range.until}
              required
              onChange={(event) => event.target.value && onChange({ since: event.target.value })}
            />
          </div>
          <div className="range-picker__field">
            <label htmlFor={`${id}-until`}>{t('reports.until')}</label>
            <input
              id={`${id}-until`}
              type="date"
              data-testid="range-until"
              value={range.until}
              min={range.since}
              required
              onChange={(event) => event.target.value && onChange({ until: event.target.value })}
            />
          </div>
        </>
      ) : null}
      <div className="range-picker__field">
        <label htmlFor={`${id}-zone`}>{t('reports.zone')}</label>
        <select id={`${id}-zone`} data-testid="range-zone" value={range.tz} onChange={(event) => onChange({ tz: event.target.value })}>
          {zoneList.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </div>
      <div className="range-picker__field">
        <label htmlFor={`${id}-interval`}>{t('reports.interval')}</label>
        <select
          id={`${id}-interval`}
          data-testid="range-interval"
          value={range.interval ?? ''}
          onChange={(event) => onChange({ interval: isInterval(event.target.value) ? event.target.value : null })}
        >
          <option value="">{t('reports.intervalAuto')}</option>
          {INTERVALS.map((interval) => (
            <option key={interval} value={interval}>
              {t(`reports.${interval}`)}
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
