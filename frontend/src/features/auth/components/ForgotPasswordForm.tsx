import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { Field } from '@/components/Field';
import { paths } from '@/config/paths';
import { isApiError, type FieldErrors } from '@/lib/api-client';
import { requestPasswordReset } from '../api/auth';
import { EMAIL } from '../password-rules';
import '../auth.css';

export function ForgotPasswordForm() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = email.trim();
    const found: FieldErrors = {};
    if (!value) found.email = [t('auth.validation.emailRequired')];
    else if (!EMAIL.test(value)) found.email = [t('auth.validation.emailInvalid')];
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await requestPasswordReset({ email: value });
      // The same words whether or not the address has an account: the page
      // must not tell who is registered.
      setSent(true);
    } catch (error) {
      if (isApiError(error) && error.fields.email) setErrors({ email: error.fields.email });
      else setFormError(errorMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form auth-form" onSubmit={onSubmit} noValidate aria-labelledby="forgot-title" data-testid="forgot-form">
      <h1 id="forgot-title">{t('auth.forgotTitle')}</h1>
      {sent ? (
        <Alert tone="success" testId="forgot-sent">
          {t('auth.forgotSent')}
        </Alert>
      ) : (
        <>
          <p>{t('auth.forgotIntro')}</p>
          {formError ? (
            <Alert tone="error" testId="form-error">
              {formError}
            </Alert>
          ) : null}
          <Field name="email" label={t('auth.email')} errors={errors.email} required>
            {(control) => (
              <input {...control} name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
            )}
          </Field>
          <Button type="submit" busy={busy} data-testid="forgot-submit">
            {busy ? t('auth.forgotSubmitting') : t('auth.forgotSubmit')}
          </Button>
        </>
      )}
      <p className="auth-form__switch">
        <Link to={paths.login}>{t('auth.backToLogin')}</Link>
      </p>
    </form>
  );
}
