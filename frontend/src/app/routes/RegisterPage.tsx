import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { paths } from '@/config/paths';
import { RegisterForm } from '@/features/auth/components/RegisterForm';
import { usePageTitle } from '@/lib/page-title';

export default function RegisterPage() {
  const navigate = useNavigate();
  const { t } = useTranslation();
  usePageTitle(t('auth.registerTitle'));
  return (
    <div className="page page--auth">
      <RegisterForm onRegistered={(user) => navigate(paths.login, { state: { registered: user.username } })} />
    </div>
  );
}
