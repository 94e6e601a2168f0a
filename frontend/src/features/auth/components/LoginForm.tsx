import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { Field } from '@/components/Field';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { useAuth } from '../auth-context';
import '../auth.css';

interface LoginFormProps {
  /** Shown above the form, e.g. after registering. */
  notice?: string | null;
  initialUsername?: string;
}

export function LoginForm({ notice, initialUsername = '' }: LoginFormProps) {
  const { t } = useTranslation();
  const { signIn, reason } = useAuth();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ username?: string[]; password?: string[] }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!username.trim()) found.username = [t('auth.validation.usernameRequired')];
    if (!password) found.password = [t('auth.validation.passwordRequired')];
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      // On success the PublicOnly guard takes the user where they were going.
      await signIn({ username: username.trim(), password });
    } catch (error) {
      setBusy(false);
      if (isApiError(error) && (error.status === 401 || (error.status === 400 && !error.detail))) {
        setFormError(t('auth.invalidCredentials'));
      } else {
        setFormError(errorMessage(error, t));
      }
    }
  }

  return (
    <form className="card form auth-form" onSubmit={onSubmit} noValidate aria-labelledby="login-title" data-testid="login-form">
      <h1 id="login-title">{t('auth.loginTitle')}</h1>
      {notice ? (
        <Alert tone="success" testId="login-notice">
          {notice}
        </Alert>
      ) : reason === 'expired' ? (
        <Alert tone="info">{t('auth.sessionExpired')}</Alert>
      ) : null}
      {formError ? (
        <Alert tone="error" testId="form-error">
          {formError}
        </Alert>
      ) : null}
      <Field name="username" label={t('auth.username')} errors={errors.username} required>
        {(control) => (
          <input {...control} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        )}
      </Field>
      <Field name="password" label={t('auth.password')} errors={errors.password} required>
        {(control) => (
          <input
            {...control}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <Button type="submit" busy={busy} data-testid="login-submit">
        {busy ? t('auth.loginSubmitting') : t('auth.loginSubmit')}
      </Button>
      <p className="auth-form__switch">
        <Link to={paths.forgotPassword} data-testid="forgot-password-link">
          {t('auth.forgotLink')}
        </Link>
      </p>
      <p className="auth-form__switch">
        {t('auth.noAccount')} <Link to={paths.register}>{t('auth.registerLink')}</Link>
      </p>
    </form>
  );
}
