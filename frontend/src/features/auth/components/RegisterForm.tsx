import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { Field } from '@/components/Field';
import { paths } from '@/config/paths';
import { isApiError, type FieldErrors } from '@/lib/api-client';
import { register } from '../api/auth';
import type { RegisteredUser, Registration } from '../types';
import '../auth.css';

type Name = keyof Registration;
const NAMES: Name[] = ['username', 'email', 'password', 'password2'];

// Mirrors Django's username validator and the password validators the
// server runs, so most mistakes are caught before a round trip.
const USERNAME = /^[\w.@+-]{1,150}$/u;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function RegisterForm({ onRegistered }: { onRegistered: (user: RegisteredUser) => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Registration>({ username: '', email: '', password: '', password2: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function validate(): FieldErrors {
    const found: FieldErrors = {};
    const username = values.username.trim();
    if (!username) found.username = [t('auth.validation.usernameRequired')];
    else if (!USERNAME.test(username)) found.username = [t('auth.validation.usernameInvalid')];
    if (!values.email.trim()) found.email = [t('auth.validation.emailRequired')];
    else if (!EMAIL.test(values.email.trim())) found.email = [t('auth.validation.emailInvalid')];
    if (!values.password) found.password = [t('auth.validation.passwordRequired')];
    else if (values.password.length < 8) found.password = [t('auth.validation.passwordShort')];
    else if (/^\d+$/.test(values.password)) found.password = [t('auth.validation.passwordNumeric')];
    if (values.password && values.password2 !== values.password) found.password2 = [t('auth.validation.passwordsDiffer')];
    return found;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const user = await register({ ...values, username: values.username.trim(), email: values.email.trim() });
      onRegistered(user);
    } catch (error) {
      setBusy(false);
      if (isApiError(error) && Object.keys(error.fields).length) {
        setErrors(error.fields);
        const other = Object.entries(error.fields)
          .filter(([name]) => !NAMES.includes(name as Name))
          .flatMap(([, messages]) => messages);
        setFormError(other.length ? other.join(' ') : null);
      } else {
        setFormError(errorMessage(error, t));
      }
    }
  }

  function input(name: Name, type: string, autoComplete: string) {
    return (
      <Field name={name} label={t(`auth.${name}`)} errors={errors[name]} required hint={name === 'password' ? t('auth.passwordHint') : undefined}>
        {(control) => (
          <input
            {...control}
            name={name}
            type={type}
            autoComplete={autoComplete}
            value={values[name]}
            onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
          />
        )}
      </Field>
    );
  }

  return (
    <form className="card form auth-form" onSubmit={onSubmit} noValidate aria-labelledby="register-title" data-testid="register-form">
      <h1 id="register-title">{t('auth.registerTitle')}</h1>
      {formError ? (
        <Alert tone="error" testId="form-error">
          {formError}
        </Alert>
      ) : null}
      {input('username', 'text', 'username')}
      {input('email', 'email', 'email')}
      {input('password', 'password', 'new-password')}
      {input('password2', 'password', 'new-password')}
      <Button type="submit" busy={busy} data-testid="register-submit">
        {busy ? t('auth.registerSubmitting') : t('auth.registerSubmit')}
      </Button>
      <p className="auth-form__switch">
        {t('auth.haveAccount')} <Link to={paths.login}>{t('auth.loginLink')}</Link>
      </p>
    </form>
  );
}
