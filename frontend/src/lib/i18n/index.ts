import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setRequestLanguage } from '../api-client';
import { getStoredLanguage, storeLanguage, type Language } from '../preferences';
import { en } from './en';
import { es } from './es';

export const LANGUAGES: readonly { code: Language; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'es', label: 'Español' },
];

function detectLanguage(): Language {
  const stored = getStoredLanguage();
  if (stored) return stored;
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en';
}

function applyLanguage(lng: string): void {
  document.documentElement.lang = lng;
  setRequestLanguage(lng);
}

i18n.on('languageChanged', applyLanguage);

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, es: { translation: es } },
  lng: detectLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((l) => l.code),
  // React escapes already.
  interpolation: { escapeValue: false },
  initAsync: false,
  // No console banner in users' (and tests') consoles.
  showSupportNotice: false,
});

export function changeLanguage(lng: Language): void {
  storeLanguage(lng);
  void i18n.changeLanguage(lng);
}

export function currentLanguage(): Language {
  return i18n.resolvedLanguage === 'es' ? 'es' : 'en';
}

export default i18n;
