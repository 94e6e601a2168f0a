import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { Markdown } from '@/components/Markdown';
import { Spinner } from '@/components/Spinner';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { useTicket } from '../api/tickets';
import { AttachmentPreview } from './AttachmentPreview';
import { ActivityTimeline } from './ActivityTimeline';
import { CategoryBadge, PriorityBadge, StatusBadge } from './badges';
import { ConversationThread } from './ConversationThread';
import { DownloadPdfButton } from './DownloadPdfButton';
import { ReplyBox } from './ReplyBox';
import { SlaBadge } from './SlaBadge';
import { StaffActions } from './StaffActions';
import { WaitingToggle } from './WaitingToggle';
import { TicketRating } from './TicketRating';
import '../tickets.css';

interface Props {
  id: number;
  isStaff: boolean;
  onDeleted: () => void;
}

export function TicketDetail({ id, isStaff, onDeleted }: Props) {
  const { t, i18n } = useTranslation();
  const query = useTicket(id);
  usePageTitle(
    query.data ? t('detail.pageTitle', { id, title: query.data.title }) : t('detail.ticketNumber', { id }),
  );

  if (query.isPending) return <Spinner block />;
  if (query.isError) {
    return (
      <section className="page page--narrow">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        <Link to={paths.home}>{t('common.backToList')}</Link>
      </section>
    );
  }

  const ticket = query.data;
  return (
    <article className="page detail" aria-labelledby="ticket-title" data-testid="ticket-detail" data-ticket-id={ticket.id}>
      <Link to={paths.home} className="back-link">
        ← {t('common.backToList')}
      </Link>
      <div className="detail__layout">
        <div className="detail__main card">
          <p className="detail__number">{t('detail.ticketNumber', { id: ticket.id })}</p>
          <h1 id="ticket-title" data-testid="ticket-title">
            {ticket.title}
          </h1>
          <div className="detail__badges">
            <StatusBadge status={ticket.status} />
            <CategoryBadge category={ticket.category} />
            <PriorityBadge priority={ticket.priority} />
            {isStaff ? <SlaBadge ticket={ticket} /> : null}
          </div>
          <dl className="detail__facts">
            <div>
              <dt>{t('detail.assignee')}</dt>
              <dd data-testid="ticket-assignee">{ticket.assignee?.username ?? t('detail.unassigned')}</dd>
            </div>
            <div>
              <dt>{t('detail.createdBy')}</dt>
              <dd data-testid="ticket-creator">{ticket.created_by.username}</dd>
            </div>
            <div>
              <dt>{t('detail.createdAt')}</dt>
              <dd>
                <time dateTime={ticket.created_at}>{formatDateTime(ticket.created_at, i18n.language)}</time>
              </dd>
            </div>
          </dl>
          <DownloadPdfButton ticketId={ticket.id} />
          <h2>{t('detail.description')}</h2>
          <Markdown className="detail__description" testId="ticket-description">
            {ticket.description}
          </Markdown>
          <AttachmentPreview ticket={ticket} />
        </div>
        <div className="detail__conversation card">
          <ConversationThread ticketId={ticket.id} />
          <ReplyBox ticketId={ticket.id} isStaff={isStaff} />
        </div>
        <aside className="detail__side">
          {isStaff ? <StaffActions ticket={ticket} onDeleted={onDeleted} /> : null}
          {isStaff ? <WaitingToggle ticket={ticket} /> : null}
          <TicketRating ticket={ticket} isStaff={isStaff} />
          <div className="card">
            <ActivityTimeline ticketId={ticket.id} />
          </div>
        </aside>
      </div>
    </article>
  );
}
