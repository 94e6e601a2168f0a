import { useTranslation } from 'react-i18next';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field } from '@/components/Field';
import { PasswordInput } from '@/components/PasswordInput';

interface Props {
  register: (name: 'password' | 'password2') => UseFormRegisterReturn;
  errorsOf: (name: 'password' | 'password2') => string[] | undefined;
}

/** "New password" and its confirmation, as the reset and settings forms ask for them. */
export function NewPasswordFields({ register, errorsOf }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <Field name="password" label={t('auth.newPassword')} errors={errorsOf('password')} required hint={t('auth.passwordHint')}>
        {(control) => <PasswordInput {...control} {...register('password')} autoComplete="new-password" />}
      </Field>
      <Field name="password2" label={t('auth.newPassword2')} errors={errorsOf('password2')} required>
        {(control) => <PasswordInput {...control} {...register('password2')} autoComplete="new-password" />}
      </Field>
    </>
  );
}
