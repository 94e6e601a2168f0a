import { useAuth } from '@/features/auth/auth-context';
import { TicketList } from '@/features/tickets/components/TicketList';

export default function TicketListPage() {
  const { user } = useAuth();
  return <TicketList isStaff={Boolean(user?.isAdmin)} />;
}
