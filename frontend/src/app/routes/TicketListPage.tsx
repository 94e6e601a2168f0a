import { TicketList } from '@/features/tickets/components/TicketList';

export default function TicketListPage() {
  return <TicketList />;
}
