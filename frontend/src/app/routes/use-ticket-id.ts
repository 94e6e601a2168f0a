import { useParams } from 'react-router';

/** The :id route parameter as a positive integer, or null. */
export function useTicketId(): number | null {
  const { id } = useParams();
  return id && /^\d+$/.test(id) && Number(id) > 0 ? Number(id) : null;
}
