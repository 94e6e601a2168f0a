import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { LoginForm } from '@/features/auth/components/LoginForm';
import { usePageTitle } from '@/lib/page-title';

export default function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.loginTitle'));
  const state = useLocation().state as { registered?: string; passwordReset?: boolean } | null;
  const notice = state?.registered ? t('auth.registered') : state?.passwordReset ? t('auth.resetDone') : null;
  return (
    <div className="page page--auth">
      <LoginForm notice={notice} initialUsername={state?.registered ?? ''} />
    </div>
  );
}
