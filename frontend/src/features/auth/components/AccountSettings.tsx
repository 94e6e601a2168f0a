import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { Field } from '@/components/Field';
import { useToast } from '@/components/toast-context';
import { isApiError, type FieldErrors } from '@/lib/api-client';
import { changePassword, updateProfile } from '../api/auth';
import { useAuth } from '../auth-context';
import { EMAIL, validateNewPassword } from '../password-rules';
import type { User } from '../types';
import '../auth.css';

/** Field errors for the fields shown; anything else becomes one sentence. */
function splitErrors(error: unknown, names: string[], t: Parameters<typeof errorMessage>[1]) {
  if (isApiError(error) && Object.keys(error.fields).length) {
    const other = Object.entries(error.fields)
      .filter(([name]) => !names.includes(name))
      .flatMap(([, messages]) => messages);
    return { fields: error.fields, form: other.length ? other.join(' ') : null };
  }
  return { fields: {}, form: errorMessage(error, t) };
}

function NotificationSettings({ user }: { user: User }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { replaceUser } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function toggle(notify: boolean) {
    setBusy(true);
    setError(null);
    try {
      replaceUser(await updateProfile({ notify_email: notify }));
      toast.show(t('settings.notifySaved'));
    } catch (failure) {
      setError(errorMessage(failure, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card form" aria-labelledby="notifications-title" data-testid="notification-settings">
      <h2 id="notifications-title">{t('settings.notifications')}</h2>
      <div className="checkbox">
        <input
          id="notify-email"
          type="checkbox"
          data-testid="notify-email"
          checked={user.notify_email}
          disabled={busy}
          aria-describedby="notify-email-hint"
          onChange={(e) => void toggle(e.target.checked)}
        />
        <label htmlFor="notify-email">{t('settings.notifyEmail')}</label>
      </div>
      <p id="notify-email-hint" className="field__hint">
        {t('settings.notifyHint')}
      </p>
      {error ? <Alert tone="error">{error}</Alert> : null}
    </section>
  );
}

function EmailSettings({ user }: { user: User }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { replaceUser } = useAuth();
  const [email, setEmail] = useState(user.email);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
      const updated = await updateProfile({ email: value });
      replaceUser(updated);
      setEmail(updated.email);
      toast.show(t('settings.emailSaved'));
    } catch (error) {
      const split = splitErrors(error, ['email'], t);
      setErrors(split.fields);
      setFormError(split.form);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby="email-title" data-testid="email-settings">
      <h2 id="email-title">{t('settings.emailTitle')}</h2>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <Field name="email" label={t('auth.email')} errors={errors.email} required>
        {(control) => (
          <input {...control} name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        )}
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
type PasswordName = keyof typeof EMPTY_PASSWORDS;

function PasswordSettings() {
  const { t } = useTranslation();
  const toast = useToast();
  const [values, setValues] = useState(EMPTY_PASSWORDS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validateNewPassword(values.password, values.password2, t);
    if (!values.old_password) found.old_password = [t('auth.validation.passwordRequired')];
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await changePassword(values);
      setValues(EMPTY_PASSWORDS);
      toast.show(t('settings.passwordSaved'));
    } catch (error) {
      const split = splitErrors(error, Object.keys(EMPTY_PASSWORDS), t);
      setErrors(split.fields);
      setFormError(split.form);
    } finally {
      setBusy(false);
    }
  }

  const LABELS: Record<PasswordName, string> = {
    old_password: t('settings.currentPassword'),
    password: t('auth.newPassword'),
    password2: t('auth.newPassword2'),
  };

  return (
    <form className="card form" onSubmit={onSubmit} noValidate aria-labelledby="password-title" data-testid="password-settings">
      <h2 id="password-title">{t('settings.passwordTitle')}</h2>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      {(Object.keys(EMPTY_PASSWORDS) as PasswordName[]).map((name) => (
        <Field
          key={name}
          name={name}
          label={LABELS[name]}
          errors={errors[name]}
          required
          hint={name === 'password' ? t('auth.passwordHint') : undefined}
        >
          {(control) => (
            <input
              {...control}
              name={name}
              type="password"
              autoComplete={name === 'old_password' ? 'current-password' : 'new-password'}
              value={values[name]}
              onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
            />
          )}
        </Field>
      ))}
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
