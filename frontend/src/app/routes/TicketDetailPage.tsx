import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useToast } from '@/components/toast-context';
import { paths } from '@/config/paths';
import { useAuth } from '@/features/auth/auth-context';
import { TicketDetail } from '@/features/tickets/components/TicketDetail';
import NotFoundPage from './NotFoundPage';
import { useTicketId } from './use-ticket-id';

export default function TicketDetailPage() {
  const id = useTicketId();
  const { user } = useAuth();
  const navigate = useNavigate();
  const toast = useToast();
  const { t } = useTranslation();
  if (id === null) return <NotFoundPage />;
  return (
    <TicketDetail
      key={id}
      id={id}
      isStaff={Boolean(user?.isAdmin)}
      currentUserId={user?.id ?? null}
      onDeleted={() => {
        toast.show(t('detail.deleted'));
        navigate(paths.home, { replace: true });
      }}
    />
  );
}
