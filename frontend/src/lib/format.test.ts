import { describe, expect, it } from 'vitest';

import { formatDuration, formatRelative } from './format';

const now = Date.parse('2026-12-07T12:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

describe('formatRelative', () => {
  it('says how long ago, in the largest unit that fits', () => {
    expect(formatRelative(ago(10), 'en', now)).toBe('now');
    expect(formatRelative(ago(5 * 60), 'en', now)).toBe('5 min. ago');
    expect(formatRelative(ago(3 * 3600), 'en', now)).toBe('3 hr. ago');
    expect(formatRelative(ago(24 * 3600), 'en', now)).toBe('yesterday');
    expect(formatRelative(ago(3 * 86400), 'en', now)).toBe('3 days ago');
    expect(formatRelative(ago(8 * 86400), 'en', now)).toBe('last week');
    expect(formatRelative(ago(60 * 86400), 'en', now)).toBe('2 months ago');
    expect(formatRelative(ago(400 * 86400), 'en', now)).toBe('last year');
  });

  it("speaks the reader's language", () => {
    expect(formatRelative(ago(5 * 60), 'es', now)).toBe('hace 5 min');
    expect(formatRelative(ago(3 * 3600), 'es', now)).toBe('hace 3 h');
    expect(formatRelative(ago(24 * 3600), 'es', now)).toBe('ayer');
    // Whole words from days on: "hace 2 m" would read as minutes.
    expect(formatRelative(ago(8 * 86400), 'es', now)).toBe('la semana pasada');
    expect(formatRelative(ago(60 * 86400), 'es', now)).toBe('hace 2 meses');
  });

  it('gives back what it cannot read', () => {
    expect(formatRelative('not a date', 'en', now)).toBe('not a date');
  });
});

describe('formatDuration', () => {
  it('reads a span in its largest unit and the next one, in the reader’s language', () => {
    expect(formatDuration(20, 'en')).toBe('1 min');
    expect(formatDuration(125 * 60, 'en')).toBe('2 hr 5 min');
    expect(formatDuration(3 * 86_400 + 4 * 3_600 + 12 * 60, 'en')).toBe('3 days 4 hr');
    expect(formatDuration(2 * 86_400, 'en')).toBe('2 days');
    expect(formatDuration(125 * 60, 'es')).toBe('2 h 5 min');
  });
});
