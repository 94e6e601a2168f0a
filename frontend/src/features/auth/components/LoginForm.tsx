import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { Alert, FormError } from '@/components/Alert';
import { Button } from '@/components/Button';
import { Field } from '@/components/Field';
import { PasswordInput } from '@/components/PasswordInput';
import { useApiForm } from '@/components/use-api-form';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { useAuth } from '../auth-context';
import { requiredPassword } from '../password-rules';
import { Lockout } from './Lockout';
import '../auth.css';

interface LoginFormProps {
  /** Shown above the form, e.g. after registering. */
  notice?: string | null;
  initialUsername?: string;
}

export function LoginForm({ notice, initialUsername = '' }: LoginFormProps) {
  const { t } = useTranslation();
  const { signIn, reason } = useAuth();
  const schema = useMemo(
    () => z.object({ username: z.string().trim().min(1, { message: t('auth.validation.usernameRequired') }), password: requiredPassword(t) }),
    [t],
  );
  const { register, submit, errorsOf, formError, busy, formState } = useApiForm({
    schema,
    defaultValues: { username: initialUsername, password: '' },
    // On success the PublicOnly guard takes the user where they were going.
    onSubmit: signIn,
    onError: (error) => {
      if (!isApiError(error)) return undefined;
      if (error.status === 401 || (error.status === 400 && !error.detail)) return t('auth.invalidCredentials');
      // Locked out after too many failures: the server says why and for how long.
      if (error.status === 429) return <Lockout detail={error.detail} retryAfter={error.retryAfter} />;
      return undefined;
    },
  });
  // Still busy after success, until the guard has moved on.
  const signingIn = busy || formState.isSubmitSuccessful;

  return (
    <form className="card form auth-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-title" data-testid="login-form">
      <h1 id="login-title">{t('auth.loginTitle')}</h1>
      {notice ? (
        <Alert tone="success" testId="login-notice">
          {notice}
        </Alert>
      ) : reason === 'expired' ? (
        <Alert tone="info">{t('auth.sessionExpired')}</Alert>
      ) : null}
      <FormError error={formError} testId="form-error" />
      <Field name="username" label={t('auth.username')} errors={errorsOf('username')} required>
        {/* The page is for signing in: start where the typing starts. */}
        {(control) => <input {...control} {...register('username')} autoComplete="username" autoFocus />}
      </Field>
      <Field name="password" label={t('auth.password')} errors={errorsOf('password')} required>
        {(control) => <PasswordInput {...control} {...register('password')} autoComplete="current-password" />}
      </Field>
      <Button type="submit" busy={signingIn} data-testid="login-submit">
        {signingIn ? t('auth.loginSubmitting') : t('auth.loginSubmit')}
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
