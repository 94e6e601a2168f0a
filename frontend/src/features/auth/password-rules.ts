import type { TFunction } from 'i18next';
import { z } from 'zod';

// The server's rules for accounts (Django's username validator and the
// password validators it runs), so most mistakes are caught before a round
// trip; `password` and `password2` are the API's field names.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const USERNAME = /^[\w.@+-]{1,150}$/u;

export function emailField(t: TFunction) {
  return z
    .string()
    .trim()
    .min(1, { message: t('auth.validation.emailRequired') })
    .refine((value) => value === '' || EMAIL.test(value), { message: t('auth.validation.emailInvalid') });
}

export function usernameField(t: TFunction) {
  return z
    .string()
    .trim()
    .min(1, { message: t('auth.validation.usernameRequired') })
    .refine((value) => value === '' || USERNAME.test(value), { message: t('auth.validation.usernameInvalid') });
}

export function requiredPassword(t: TFunction) {
  return z.string().min(1, { message: t('auth.validation.passwordRequired') });
}

/** `password` and its confirmation `password2`, with any other fields of the form. */
export function withNewPassword<Shape extends z.ZodRawShape>(t: TFunction, shape: Shape) {
  return z
    .object({
      ...shape,
      password: requiredPassword(t)
        .refine((value) => value === '' || value.length >= 8, { message: t('auth.validation.passwordShort') })
        .refine((value) => value.length < 8 || !/^\d+$/.test(value), { message: t('auth.validation.passwordNumeric') }),
      password2: z.string(),
    })
    .superRefine((values, ctx) => {
      // (The generic shape hides these two from the type checker.)
      const { password, password2 } = values as { password: string; password2: string };
      if (password && password2 !== password) {
        ctx.addIssue({ code: 'custom', path: ['password2'], message: t('auth.validation.passwordsDiffer') });
      }
    });
}
