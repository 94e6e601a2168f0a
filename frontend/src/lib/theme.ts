import { getStoredTheme, storeTheme, type Theme } from './preferences';

// Without a stored choice no data-theme attribute is set, so the CSS media
// query keeps following the system setting live.
export function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function effectiveTheme(): Theme {
  return getStoredTheme() ?? systemTheme();
}

export function applyStoredTheme(): void {
  const stored = getStoredTheme();
  if (stored) document.documentElement.dataset.theme = stored;
}

export function setTheme(theme: Theme): void {
  storeTheme(theme);
  document.documentElement.dataset.theme = theme;
}
