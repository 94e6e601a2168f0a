import type { Interval, SummaryParams } from './api/summary';

export const PRESETS = ['7', '30', '90', 'month', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
export const INTERVALS = ['day', 'week', 'month'] as const satisfies readonly Interval[];

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isPreset(value: unknown): value is Preset {
  return PRESETS.includes(value as Preset);
}

export function isInterval(value: unknown): value is Interval {
  return INTERVALS.includes(value as Interval);
}

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

export function isZone(value: unknown): value is string {
  if (typeof value !== 'string' || !value) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The browser's zone: the default, since days are the reader's days. */
export function browserZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isZone(zone) ? zone : 'UTC';
}

/** Today's date (YYYY-MM-DD) in `tz`. */
export function todayIn(tz: string, now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface RangeState {
  preset: Preset;
  since: string;
  until: string;
  tz: string;
  interval: Interval | null;
}

/** The days a preset covers, ending today in the zone. */
export function presetDays(preset: Exclude<Preset, 'custom'>, tz: string, now: Date = new Date()): { since: string; until: string } {
  const until = todayIn(tz, now);
  if (preset === 'month') return { since: `${until.slice(0, 8)}01`, until };
  return { since: addDays(until, 1 - Number(preset)), until };
}

export function toParams(state: RangeState): SummaryParams {
  const params: SummaryParams = { since: state.since, until: state.until, tz: state.tz };
  if (state.interval) params.interval = state.interval;
  return params;
}
