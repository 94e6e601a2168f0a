import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Alert, FormError } from '@/components/Alert';
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
  // A new address needs the password: a stolen session alone must not move the account.
  const schema = useMemo(
    () =>
      z.object({ email: emailField(t), current_password: z.string() }).superRefine((values, context) => {
        if (values.email !== user.email && !values.current_password) {
          context.addIssue({ code: 'custom', path: ['current_password'], message: t('settings.emailPasswordRequired') });
        }
      }),
    [t, user.email],
  );
  const { register, submit, errorsOf, formError, busy, reset, watch } = useApiForm({
    schema,
    defaultValues: { email: user.email, current_password: '' },
    onSubmit: async ({ email, current_password }) => {
      const updated = await update(email === user.email ? { email } : { email, current_password });
      reset({ email: updated.email, current_password: '' });
      toast.show(t('settings.emailSaved'));
    },
  });
  const changing = watch('email').trim() !== user.email;

  return (
    <form className="card form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="email-title" data-testid="email-settings">
      <h2 id="email-title">{t('settings.emailTitle')}</h2>
      <FormError error={formError} />
      <Field name="email" label={t('auth.email')} errors={errorsOf('email')} required>
        {(control) => <input {...control} {...register('email')} type="email" autoComplete="email" />}
      </Field>
      {changing ? (
        <Field
          name="current_password"
          label={t('settings.currentPassword')}
          errors={errorsOf('current_password')}
          hint={t('settings.emailPasswordHint')}
          required
        >
          {(control) => <PasswordInput {...control} {...register('current_password')} autoComplete="current-password" />}
        </Field>
      ) : null}
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
      <FormError error={formError} />
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
