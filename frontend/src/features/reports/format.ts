/** "2 h 30 min", "3 d 4 h", "45 s": the two largest units, localised by Intl. */
export function formatDuration(seconds: number, language: string | undefined): string {
  const unit = (value: number, name: 'day' | 'hour' | 'minute' | 'second') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (seconds < 60) return unit(seconds, 'second');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return unit(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${unit(hours, 'hour')} ${unit(minutes % 60, 'minute')}` : unit(hours, 'hour');
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${unit(days, 'day')} ${unit(hours % 24, 'hour')}` : unit(days, 'day');
}

export function formatDay(day: string, language: string | undefined, options: Intl.DateTimeFormatOptions): string {
  // A date with no zone: format it as the calendar day it names.
  return new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/** "62.5 %" / "62,5 %": a percentage the API gives with one decimal. */
export function formatPercent(value: number, language: string | undefined): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

/** "4.35": an average score out of 5. */
export function formatScore(value: number, language: string | undefined): string {
  return new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(value);
}
