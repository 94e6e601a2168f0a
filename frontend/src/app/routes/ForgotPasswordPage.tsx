import { useTranslation } from 'react-i18next';
import { ForgotPasswordForm } from '@/features/auth/components/ForgotPasswordForm';
import { usePageTitle } from '@/lib/page-title';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.forgotTitle'));
  return (
    <div className="page page--auth">
      <ForgotPasswordForm />
    </div>
  );
}
