import { describe, expect, it } from 'vitest';
import { exportQuery, formatBytes } from './download';

describe('exportQuery', () => {
  it('keeps every filter and drops the page and any format', () => {
    expect(exportQuery('?status=New&page=3&page_size=50&format=json&created_after=2026-11-01')).toEqual({
      status: 'New',
      created_after: '2026-11-01',
    });
    expect(exportQuery('')).toEqual({});
  });
});

describe('formatBytes', () => {
  it('says a size in the reader’s locale', () => {
    expect(formatBytes(0, 'en')).toBe('0 byte');
    expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatBytes(1_234_567, 'es')).toBe('1,2 MB');
  });
});
