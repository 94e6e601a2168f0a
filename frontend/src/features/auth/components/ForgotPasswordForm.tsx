import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { Alert, FormError } from '@/components/Alert';
import { Button } from '@/components/Button';
import { Field } from '@/components/Field';
import { useApiForm } from '@/components/use-api-form';
import { paths } from '@/config/paths';
import { useRequestPasswordReset } from '../api/auth';
import { emailField } from '../password-rules';
import '../auth.css';

export function ForgotPasswordForm() {
  const { t } = useTranslation();
  const { mutateAsync: requestReset } = useRequestPasswordReset();
  const [sent, setSent] = useState(false);
  const schema = useMemo(() => z.object({ email: emailField(t) }), [t]);
  const { register, submit, errorsOf, formError, busy } = useApiForm({
    schema,
    defaultValues: { email: '' },
    onSubmit: async (values) => {
      await requestReset(values);
      // The same words whether or not the address has an account: the page
      // must not tell who is registered.
      setSent(true);
    },
  });

  return (
    <form className="card form auth-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="forgot-title" data-testid="forgot-form">
      <h1 id="forgot-title">{t('auth.forgotTitle')}</h1>
      {sent ? (
        <Alert tone="success" testId="forgot-sent">
          {t('auth.forgotSent')}
        </Alert>
      ) : (
        <>
          <p>{t('auth.forgotIntro')}</p>
          <FormError error={formError} testId="form-error" />
          <Field name="email" label={t('auth.email')} errors={errorsOf('email')} required>
            {(control) => <input {...control} {...register('email')} type="email" autoComplete="email" />}
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
