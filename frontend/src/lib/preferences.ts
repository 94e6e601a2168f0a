// The only module that touches web storage, and only for harmless UI
// preferences and per-tab state. Tokens never go here (see api-client.ts).
export type Theme = 'light' | 'dark';
export type Language = 'en' | 'es';

const THEME_KEY = 'helpdesk.theme';
const LANGUAGE_KEY = 'helpdesk.language';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage can be disabled (privacy modes); preferences are optional.
    return null;
  }
}

/** The stored value if it is one of `choices`; null for anything else or nothing. */
function readOneOf<T extends string>(key: string, choices: readonly T[]): T | null {
  const value = read(key);
  return choices.find((choice) => choice === value) ?? null;
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    /* see read() */
  }
}

export function getStoredTheme(): Theme | null {
  return readOneOf<Theme>(THEME_KEY, ['light', 'dark']);
}

export function storeTheme(theme: Theme): void {
  write(THEME_KEY, theme);
}

export function getStoredLanguage(): Language | null {
  return readOneOf<Language>(LANGUAGE_KEY, ['en', 'es']);
}

export function storeLanguage(language: Language): void {
  write(LANGUAGE_KEY, language);
}

// The staff ticket list: table (the queue) or cards, and the queue's page size.
export type ListView = 'table' | 'cards';
export const QUEUE_PAGE_SIZES = [25, 50, 100] as const;
export type QueuePageSize = (typeof QUEUE_PAGE_SIZES)[number];

const LIST_VIEW_KEY = 'helpdesk.listView';
const QUEUE_PAGE_SIZE_KEY = 'helpdesk.queuePageSize';

export function getStoredListView(): ListView | null {
  return readOneOf<ListView>(LIST_VIEW_KEY, ['table', 'cards']);
}

export function storeListView(view: ListView): void {
  write(LIST_VIEW_KEY, view);
}

export function getStoredQueuePageSize(): QueuePageSize | null {
  const value = Number(read(QUEUE_PAGE_SIZE_KEY));
  return (QUEUE_PAGE_SIZES as readonly number[]).includes(value) ? (value as QueuePageSize) : null;
}

export function storeQueuePageSize(size: QueuePageSize): void {
  write(QUEUE_PAGE_SIZE_KEY, String(size));
}

/** Per-tab state (sessionStorage): gone when the tab closes. Null when storage is blocked. */
export function readSessionItem(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeSessionItem(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    /* quota or blocked storage: per-tab state is a convenience */
  }
}
