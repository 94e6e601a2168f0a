import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '@/components/Alert';
import { Button } from '@/components/Button';
import { Field } from '@/components/Field';
import { PasswordInput } from '@/components/PasswordInput';
import { useApiForm } from '@/components/use-api-form';
import { paths } from '@/config/paths';
import { useRegister } from '../api/auth';
import { emailField, usernameField, withNewPassword } from '../password-rules';
import type { RegisteredUser } from '../types';
import '../auth.css';

export function RegisterForm({ onRegistered }: { onRegistered: (user: RegisteredUser) => void }) {
  const { t } = useTranslation();
  const { mutateAsync: register } = useRegister();
  const schema = useMemo(() => withNewPassword(t, { username: usernameField(t), email: emailField(t) }), [t]);
  const form = useApiForm({
    schema,
    defaultValues: { username: '', email: '', password: '', password2: '' },
    onSubmit: async (values) => onRegistered(await register(values)),
  });
  const { submit, errorsOf, formError, busy } = form;

  return (
    <form className="card form auth-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="register-title" data-testid="register-form">
      <h1 id="register-title">{t('auth.registerTitle')}</h1>
      <FormError error={formError} testId="form-error" />
      <Field name="username" label={t('auth.username')} errors={errorsOf('username')} required>
        {(control) => <input {...control} {...form.register('username')} autoComplete="username" />}
      </Field>
      <Field name="email" label={t('auth.email')} errors={errorsOf('email')} required>
        {(control) => <input {...control} {...form.register('email')} type="email" autoComplete="email" />}
      </Field>
      <Field name="password" label={t('auth.password')} errors={errorsOf('password')} required hint={t('auth.passwordHint')}>
        {(control) => <PasswordInput {...control} {...form.register('password')} autoComplete="new-password" />}
      </Field>
      <Field name="password2" label={t('auth.password2')} errors={errorsOf('password2')} required>
        {(control) => <PasswordInput {...control} {...form.register('password2')} autoComplete="new-password" />}
      </Field>
      <Button type="submit" busy={busy} data-testid="register-submit">
        {busy ? t('auth.registerSubmitting') : t('auth.registerSubmit')}
      </Button>
      <p className="auth-form__switch">
        {t('auth.haveAccount')} <Link to={paths.login}>{t('auth.loginLink')}</Link>
      </p>
    </form>
  );
}
