import { type ReactNode, useId, useMemo } from 'react';
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

/** One labelled control of the picker. */
function Field({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="range-picker__field">
      <label htmlFor={id}>{label}</label>
      {children}
    </div>
  );
}

interface DateFieldProps {
  id: string;
  label: string;
  testId: string;
  value: string;
  min?: string;
  max?: string;
  /** Called with the new date; a cleared field changes nothing. */
  onChange: (value: string) => void;
}

function DateField({ id, label, testId, value, min, max, onChange }: DateFieldProps) {
  return (
    <Field id={id} label={label}>
      <input id={id} type="date" data-testid={testId} value={value} min={min} max={max} required onChange={(event) => event.target.value && onChange(event.target.value)} />
    </Field>
  );
}

/** Range, zone and bar size: each applies as soon as it is chosen. */
export function RangePicker({ range, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const zoneList = useMemo(() => zones(range.tz), [range.tz]);
  return (
    <form className="range-picker" aria-label={t('reports.range')} onSubmit={(event) => event.preventDefault()}>
      <Field id={`${id}-preset`} label={t('reports.range')}>
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
      </Field>
      {range.preset === 'custom' ? (
        <>
          <DateField id={`${id}-since`} label={t('reports.since')} testId="range-since" value={range.since} max={range.until} onChange={(since) => onChange({ since })} />
          <DateField id={`${id}-until`} label={t('reports.until')} testId="range-until" value={range.until} min={range.since} onChange={(until) => onChange({ until })} />
        </>
      ) : null}
      <Field id={`${id}-zone`} label={t('reports.zone')}>
        <select id={`${id}-zone`} data-testid="range-zone" value={range.tz} onChange={(event) => onChange({ tz: event.target.value })}>
          {zoneList.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-interval`} label={t('reports.interval')}>
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
      </Field>
    </form>
  );
}
