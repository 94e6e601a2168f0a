import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { Field } from '@/components/Field';
import { paths } from '@/config/paths';
import { isApiError, type FieldErrors } from '@/lib/api-client';
import { confirmPasswordReset } from '../api/auth';
import { validateNewPassword } from '../password-rules';
import '../auth.css';

interface Props {
  uid: string;
  token: string;
  onDone: () => void;
}

export function ResetPasswordForm({ uid, token, onDone }: Props) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [password2, setPassword2] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // A bad or used link cannot be fixed by retyping: offer a new one instead.
  const [linkInvalid, setLinkInvalid] = useState(!uid || !token);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validateNewPassword(password, password2, t);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await confirmPasswordReset({ uid, token, password, password2 });
    } catch (error) {
      setBusy(false);
      if (isApiError(error) && (error.fields.token || error.fields.uid)) {
        setLinkInvalid(true);
      } else if (isApiError(error) && Object.keys(error.fields).length) {
        setErrors(error.fields);
        const other = Object.entries(error.fields)
          .filter(([name]) => name !== 'password' && name !== 'password2')
          .flatMap(([, messages]) => messages);
        setFormError(other.length ? other.join(' ') : null);
      } else {
        setFormError(errorMessage(error, t));
      }
      return;
    }
    onDone();
  }

  return (
    <form className="card form auth-form" onSubmit={onSubmit} noValidate aria-labelledby="reset-title" data-testid="reset-form">
      <h1 id="reset-title">{t('auth.resetTitle')}</h1>
      {linkInvalid ? (
        <Alert tone="error" testId="reset-invalid">
          <p>{!uid || !token ? t('auth.resetIncomplete') : t('auth.resetInvalid')}</p>
          <Link to={paths.forgotPassword}>{t('auth.requestNewLink')}</Link>
        </Alert>
      ) : (
        <>
          {formError ? (
            <Alert tone="error" testId="form-error">
              {formError}
            </Alert>
          ) : null}
          <Field name="password" label={t('auth.newPassword')} errors={errors.password} required hint={t('auth.passwordHint')}>
            {(control) => (
              <input
                {...control}
                name="password"
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <Field name="password2" label={t('auth.newPassword2')} errors={errors.password2} required>
            {(control) => (
              <input
                {...control}
                name="password2"
                type="password"
                autoComplete="new-password"
                value={password2}
                onChange={(e) => setPassword2(e.target.value)}
              />
            )}
          </Field>
          <Button type="submit" busy={busy} data-testid="reset-submit">
            {busy ? t('auth.resetSubmitting') : t('auth.resetSubmit')}
          </Button>
        </>
      )}
      <p className="auth-form__switch">
        <Link to={paths.login}>{t('auth.backToLogin')}</Link>
      </p>
    </form>
  );
}
