// The API sends facts (ISO 8601, byte counts); wording and formats are ours.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[unit],
    // "600 bytes", not CLDR's short "600 byte"; the larger units read well short ("10 MB").
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

export function formatNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** "15 minutes", "40 seconds": a wait in the reader's words, minutes rounded up. */
export function formatWait(seconds: number, locale: string): string {
  const [value, unit] = seconds >= 60 ? [Math.ceil(seconds / 60), 'minute'] : [Math.ceil(seconds), 'second'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

// Short words for minutes and hours ("5 min ago", "hace 3 h"); whole words
// from days on, where the short forms stop reading well: Spanish abbreviates
// months to "m" ("hace 2 m", which reads as minutes) and a week to "sem. ant.".
const SHORT_UNITS = new Set<Intl.RelativeTimeFormatUnit>(['second', 'minute', 'hour']);

function relativeFormat(locale: string, style: 'short' | 'long'): Intl.RelativeTimeFormat {
  const key = `${locale}:${style}`;
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style });
    relativeFormats.set(key, format);
  }
  return format;
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Infinity],
];

/** "5 min ago", "in 2 hours", "yesterday": how far `iso` is from `now`, in the reader's words. */
export function formatRelative(iso: string, locale: string, now: number = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const say = (amount: number, unit: Intl.RelativeTimeFormatUnit) =>
    relativeFormat(locale, SHORT_UNITS.has(unit) ? 'short' : 'long').format(amount, unit);
  let value = (time - now) / 1000;
  // Under a minute reads as "now" rather than a count of seconds that changes every tick.
  if (Math.abs(value) < 45) return say(0, 'second');
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return say(Math.round(value), unit);
    value /= size;
  }
  return say(Math.round(value), 'year');
}

const DURATION_STEPS: [string, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

function formatUnit(value: number, unit: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short' }).format(value);
}

/** "2 hr 5 min", "3 days 4 hr": how long something took, in its largest unit and the next one. Under a minute reads "1 min". */
export function formatDuration(seconds: number, locale: string): string {
  const total = Math.max(60, Math.round(seconds));
  const index = DURATION_STEPS.findIndex(([, size]) => total >= size);
  const [unit, size] = DURATION_STEPS[index] ?? ['minute', 60];
  const value = Math.floor(total / size);
  const parts = [formatUnit(value, unit, locale)];
  const next = DURATION_STEPS[index + 1];
  if (next) {
    const rest = Math.floor((total - value * size) / next[1]);
    if (rest > 0) parts.push(formatUnit(rest, next[0], locale));
  }
  return parts.join(' ');
}
