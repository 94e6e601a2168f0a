import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { RelativeTime } from '@/components/RelativeTime';
import type { TicketListItem } from '../types';
import { CategoryBadge, PriorityBadge, StatusBadge } from './badges';
import { Highlight } from './Highlight';
import { SlaBadge } from './SlaBadge';

const EXCERPT_LENGTH = 140;
const SLOT = '\u241f';

export function TicketCard({ ticket, search, showSla = false }: { ticket: TicketListItem; search: string; showSla?: boolean }) {
  const { t } = useTranslation();
  // The sentence order is the translation's; only the name is highlighted.
  const [byBefore = '', byAfter = ''] = t('list.by', { username: SLOT }).split(SLOT);
  const excerpt =
    ticket.description.length > EXCERPT_LENGTH ? `${ticket.description.slice(0, EXCERPT_LENGTH).trimEnd()}…` : ticket.description;
  return (
    <article className="card ticket-card" data-testid="ticket-card" data-ticket-id={ticket.id}>
      <div className="ticket-card__badges">
        <StatusBadge status={ticket.status} />
        <CategoryBadge category={ticket.category} />
        <PriorityBadge priority={ticket.priority} />
        {showSla ? <SlaBadge ticket={ticket} /> : null}
      </div>
      <h2 className="ticket-card__title">
        {/* The link covers the whole card (CSS), yet its name is just the title. */}
        <Link to={paths.ticket(ticket.id)} className="ticket-card__link">
          <Highlight text={ticket.title} term={search} />
        </Link>
      </h2>
      <p className="ticket-card__excerpt">
        <Highlight text={excerpt} term={search} />
      </p>
      <p className="ticket-card__meta">
        <span>
          {byBefore}
          <Highlight text={ticket.created_by.username} term={search} />
          {byAfter}
        </span>
        <RelativeTime iso={ticket.created_at} />
      </p>
      <p className="ticket-card__meta">
        <span data-testid="card-assignee">
          {ticket.assignee ? t('list.assignedTo', { username: ticket.assignee.username }) : t('detail.unassigned')}
        </span>
        <span data-testid="card-replies">{t('list.replies', { count: ticket.comments_count })}</span>
      </p>
    </article>
  );
}
