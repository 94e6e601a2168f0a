import type { TFunction } from 'i18next';
import type { FieldErrors } from '@/lib/api-client';

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The server's password validators, mirrored so that most mistakes are caught
 * before a round trip; `password` and `password2` are the API's field names.
 */
export function validateNewPassword(password: string, password2: string, t: TFunction): FieldErrors {
  const found: FieldErrors = {};
  if (!password) found.password = [t('auth.validation.passwordRequired')];
  else if (password.length < 8) found.password = [t('auth.validation.passwordShort')];
  else if (/^\d+$/.test(password)) found.password = [t('auth.validation.passwordNumeric')];
  if (password && password2 !== password) found.password2 = [t('auth.validation.passwordsDiffer')];
  return found;
}
