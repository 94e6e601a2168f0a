import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { Field } from '@/components/Field';
import { PasswordInput } from '@/components/PasswordInput';
import { useToast } from '@/components/toast-context';
import { useApiForm } from '@/components/use-api-form';
import { useChangePassword, useUpdateProfile } from '../api/auth';
import { useAuth } from '../auth-context';
import { emailField, requiredPassword, withNewPassword } from '../password-rules';
import { NewPasswordFields } from './NewPasswordFields';
import type { User } from '../types';
import '../auth.css';

function NotificationSettings({ user }: { user: User }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateProfile();

  return (
    <section className="card form" aria-labelledby="notifications-title" data-testid="notification-settings">
      <h2 id="notifications-title">{t('settings.notifications')}</h2>
      <div className="checkbox">
        <input
          id="notify-email"
          type="checkbox"
          data-testid="notify-email"
          checked={user.notify_email}
          disabled={update.isPending}
          aria-describedby="notify-email-hint"
          onChange={(e) => update.mutate({ notify_email: e.target.checked }, { onSuccess: () => toast.show(t('settings.notifySaved')) })}
        />
        <label htmlFor="notify-email">{t('settings.notifyEmail')}</label>
      </div>
      <p id="notify-email-hint" className="field__hint">
        {t('settings.notifyHint')}
      </p>
      {update.isError ? <Alert tone="error">{errorMessage(update.error, t)}</Alert> : null}
    </section>
  );
}

function EmailSettings({ user }: { user: User }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { mutateAsync: update } = useUpdateProfile();
  const schema = useMemo(() => z.object({ email: emailField(t) }), [t]);
  const { register, submit, errorsOf, formError, busy, reset } = useApiForm({
    schema,
    defaultValues: { email: user.email },
    onSubmit: async (values) => {
      const updated = await update(values);
      reset({ email: updated.email });
      toast.show(t('settings.emailSaved'));
    },
  });

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="email-title" data-testid="email-settings">
      <h2 id="email-title">{t('settings.emailTitle')}</h2>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field name="email" label={t('auth.email')} errors={errorsOf('email')} required>
        {(control) => <input {...control} {...register('email')} type="email" autoComplete="email" />}
      </Field>
      <div className="form__actions">
        <Button type="submit" busy={busy} data-testid="email-save">
          {busy ? t('settings.saving') : t('settings.emailSave')}
        </Button>
      </div>
    </form>
  );
}

const EMPTY_PASSWORDS = { old_password: '', password: '', password2: '' };

function PasswordSettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const { mutateAsync: changePassword } = useChangePassword();
  const schema = useMemo(() => withNewPassword(t, { old_password: requiredPassword(t) }), [t]);
  const { register, submit, errorsOf, formError, busy, reset } = useApiForm({
    schema,
    defaultValues: EMPTY_PASSWORDS,
    onSubmit: async (values) => {
      await changePassword(values);
      reset(EMPTY_PASSWORDS);
      toast.show(t('settings.passwordSaved'));
    },
  });

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="password-title" data-testid="password-settings">
      <h2 id="password-title">{t('settings.passwordTitle')}</h2>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field name="old_password" label={t('settings.currentPassword')} errors={errorsOf('old_password')} required>
        {(control) => <PasswordInput {...control} {...register('old_password')} autoComplete="current-password" />}
      </Field>
      <NewPasswordFields register={register} errorsOf={errorsOf} />
      <div className="form__actions">
        <Button type="submit" busy={busy} data-testid="password-save">
          {busy ? t('settings.saving') : t('settings.passwordSave')}
        </Button>
      </div>
    </form>
  );
}

export function AccountSettings() {
  const { user } = useAuth();
  if (!user) return null;
  return (
    <div className="settings">
      <NotificationSettings user={user} />
      <EmailSettings user={user} />
      <PasswordSettings />
    </div>
  );
}
