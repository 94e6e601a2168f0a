import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { paths } from '@/config/paths';
import { ResetPasswordForm } from '@/features/auth/components/ResetPasswordForm';
import { usePageTitle } from '@/lib/page-title';

export default function ResetPasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { t } = useTranslation();
  usePageTitle(t('auth.resetTitle'));
  return (
    <div className="page page--auth">
      <ResetPasswordForm
        uid={params.get('uid') ?? ''}
        token={params.get('token') ?? ''}
        // replace: the link's token is spent, Back must not return to it.
        onDone={() => navigate(paths.login, { replace: true, state: { passwordReset: true } })}
      />
    </div>
  );
}
