import { useTranslation } from 'react-i18next';
import { AccountSettings } from '@/features/auth/components/AccountSettings';
import { usePageTitle } from '@/lib/page-title';

export default function SettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('settings.title'));
  return (
    <section className="page page--narrow" aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <AccountSettings />
    </section>
  );
}
