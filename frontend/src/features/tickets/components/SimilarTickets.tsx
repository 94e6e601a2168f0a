import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { useSimilarTickets } from '../api/similar';
import { StatusBadge } from './badges';

const DEBOUNCE_MS = 300;

/** Under the create form's title: tickets that may already be about this
 * problem, as the user types (debounced). Quiet when there are none. */
export function SimilarTickets({ text }: { text: string }) {
  const { t } = useTranslation();
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(text), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text]);
  const similar = useSimilarTickets(settled);
  const tickets = similar.data ?? [];
  // A polite live region, present from the start so additions are announced.
  return (
    <div className="similar" aria-live="polite" data-testid="similar-tickets">
      {tickets.length > 0 && settled.trim() ? (
        <>
          <p className="similar__title">{t('similar.title')}</p>
          <ul className="similar__list">
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <Link to={paths.ticket(ticket.id)} target="_blank" rel="noopener">
                  #{ticket.id} {ticket.title}
                </Link>{' '}
                <StatusBadge status={ticket.status} />
              </li>
            ))}
          </ul>
          <p className="similar__hint">{t('similar.hint')}</p>
        </>
      ) : null}
    </div>
  );
}
