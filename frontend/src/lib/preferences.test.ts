import { afterEach, describe, expect, it, vi } from 'vitest';
import { getStoredLanguage, getStoredListView, getStoredQueuePageSize, getStoredTheme, storeLanguage, storeListView, storeQueuePageSize, storeTheme } from './preferences';

afterEach(() => {
  localStorage.clear();
  vi.restoreAllMocks();
});

describe('stored preferences', () => {
  it('reads back what was stored', () => {
    storeTheme('dark');
    storeLanguage('es');
    storeListView('cards');
    storeQueuePageSize(50);
    expect([getStoredTheme(), getStoredLanguage(), getStoredListView(), getStoredQueuePageSize()]).toEqual(['dark', 'es', 'cards', 50]);
  });

  it('reads nothing, or anything not among the choices, as no preference', () => {
    expect([getStoredTheme(), getStoredLanguage(), getStoredListView(), getStoredQueuePageSize()]).toEqual([null, null, null, null]);
    localStorage.setItem('helpdesk.theme', 'Dark');
    localStorage.setItem('helpdesk.language', 'fr');
    localStorage.setItem('helpdesk.listView', 'table ');
    localStorage.setItem('helpdesk.queuePageSize', '30');
    expect([getStoredTheme(), getStoredLanguage(), getStoredListView(), getStoredQueuePageSize()]).toEqual([null, null, null, null]);
  });

  it('reads blocked storage as no preference', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new DOMException('blocked', 'SecurityError');
    });
    expect([getStoredTheme(), getStoredLanguage(), getStoredListView()]).toEqual([null, null, null]);
  });
});
