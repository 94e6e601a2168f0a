import type { TFunction } from 'i18next';
import { isApiError } from '@/lib/api-client';

/** A friendly sentence for any failure; server details only where useful. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('errors.generic');
  if (error.status === 0) return t('errors.network');
  if (error.status === 403) return t('errors.forbidden');
  if (error.status === 404) return t('errors.notFound');
  if (error.status === 429) return t('errors.throttled');
  if (error.status >= 500) return t('errors.server');
  if (error.status === 400) {
    const detail = error.detail ?? Object.values(error.fields).flat().join(' ');
    if (detail) return t('errors.badRequest', { detail });
  }
  return error.detail ?? t('errors.generic');
}
