import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, FormError } from '@/components/Alert';
import { Button } from '@/components/Button';
import { useApiForm } from '@/components/use-api-form';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-client';
import { useConfirmPasswordReset } from '../api/auth';
import { withNewPassword } from '../password-rules';
import { NewPasswordFields } from './NewPasswordFields';
import '../auth.css';

interface Props {
  uid: string;
  token: string;
  onDone: () => void;
}

export function ResetPasswordForm({ uid, token, onDone }: Props) {
  const { t } = useTranslation();
  const { mutateAsync: confirmReset } = useConfirmPasswordReset();
  // A bad or used link cannot be fixed by retyping: offer a new one instead.
  const [linkInvalid, setLinkInvalid] = useState(!uid || !token);
  const schema = useMemo(() => withNewPassword(t, {}), [t]);
  const { register, submit, errorsOf, formError, busy } = useApiForm({
    schema,
    defaultValues: { password: '', password2: '' },
    onSubmit: async (values) => {
      await confirmReset({ uid, token, ...values });
      onDone();
    },
    onError: (error) => {
      if (!isApiError(error) || !(error.fields.token || error.fields.uid)) return undefined;
      setLinkInvalid(true);
      return null;
    },
  });

  return (
    <form className="card form auth-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="reset-title" data-testid="reset-form">
      <h1 id="reset-title">{t('auth.resetTitle')}</h1>
      {linkInvalid ? (
        <Alert tone="error" testId="reset-invalid">
          <p>{!uid || !token ? t('auth.resetIncomplete') : t('auth.resetInvalid')}</p>
          <Link to={paths.forgotPassword}>{t('auth.requestNewLink')}</Link>
        </Alert>
      ) : (
        <>
          <FormError error={formError} testId="form-error" />
          <NewPasswordFields register={register} errorsOf={errorsOf} />
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
