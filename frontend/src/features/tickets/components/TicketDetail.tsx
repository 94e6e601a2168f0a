import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { Markdown } from '@/components/Markdown';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/lib/format';
import { usePageTitle } from '@/lib/page-title';
import { useMediaQuery } from '@/lib/use-media-query';
import { useTicket } from '../api/tickets';
import { useTicketShortcuts } from '../hooks/useTicketShortcuts';
import { queueHref, queueNeighbours, rememberedQueueOrder } from '../queue-order';
import { AttachmentPreview } from './AttachmentPreview';
import { ActivityTimeline } from './ActivityTimeline';
import { CategoryBadge, PriorityBadge, StatusBadge } from './badges';
import { ConversationThread } from './ConversationThread';
import { DetailTabs } from './DetailTabs';
import { DownloadPdfButton } from './DownloadPdfButton';
import { ReplyBox } from './ReplyBox';
import { SlaBadge } from './SlaBadge';
import { TicketPanel } from './TicketPanel';
import { TicketRating } from './TicketRating';
import { TicketSkeleton } from './TicketSkeleton';
import { WaitingToggle } from './WaitingToggle';
import '../tickets.css';

/** Where the activity leaves its tab for a column of its own (tickets.css, same width). */
const WIDE = '(min-width: 100rem)';

interface Props {
  id: number;
  isStaff: boolean;
  /** The signed-in user's id: the panel offers "Assign to me". */
  currentUserId?: number | null;
  onDeleted: () => void;
}

function QueueNavigation({ id, isStaff }: { id: number; isStaff: boolean }) {
  const { t } = useTranslation();
  // Read once per ticket: the page is keyed by id, so prev/next reads afresh.
  const [order] = useState(rememberedQueueOrder);
  const { previous, next, position, total } = queueNeighbours(id, order);
  return (
    <nav className="detail__toolbar" aria-label={t('agentDetail.queueNavigation')} data-testid="queue-navigation">
      <Link to={queueHref(order)} className="detail__back" data-testid="back-to-queue">
        ← {isStaff ? t('agentDetail.backToQueue') : t('common.backToList')}
      </Link>
      {isStaff && position !== null ? (
        <div className="detail__pager">
          {previous === null ? (
            <span className="detail__pager-link" aria-disabled="true">
              ‹ {t('agentDetail.previous')}
            </span>
          ) : (
            <Link to={paths.ticket(previous)} className="detail__pager-link" rel="prev" data-testid="previous-ticket">
              ‹ {t('agentDetail.previous')}
            </Link>
          )}
          <span className="detail__position" data-testid="queue-position">
            {t('agentDetail.position', { position, total })}
          </span>
          {next === null ? (
            <span className="detail__pager-link" aria-disabled="true">
              {t('agentDetail.next')} ›
            </span>
          ) : (
            <Link to={paths.ticket(next)} className="detail__pager-link" rel="next" data-testid="next-ticket">
              {t('agentDetail.next')} ›
            </Link>
          )}
        </div>
      ) : null}
    </nav>
  );
}

export function TicketDetail({ id, isStaff, currentUserId = null, onDeleted }: Props) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const query = useTicket(id);
  const reply = useRef<HTMLDivElement>(null);
  const wide = useMediaQuery(WIDE);
  usePageTitle(
    query.data ? t('detail.pageTitle', { id, title: query.data.title }) : t('detail.ticketNumber', { id }),
  );
  const back = useCallback(() => void navigate(queueHref()), [navigate]);
  useTicketShortcuts({ reply, isStaff, onBack: back });

  if (query.isPending) return <TicketSkeleton isStaff={isStaff} />;
  if (query.isError) {
    return (
      <section className="page page--narrow">
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        <Link to={queueHref()}>{t('common.backToList')}</Link>
      </section>
    );
  }

  const ticket = query.data;
  const header = (
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
      {/* Staff read these in the side panel. */}
      {isStaff ? null : (
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
      )}
      <h2>{t('detail.description')}</h2>
      <Markdown className="detail__description" testId="ticket-description">
        {ticket.description}
      </Markdown>
      <AttachmentPreview ticket={ticket} />
      <DownloadPdfButton ticketId={ticket.id} />
    </div>
  );
  const replyBox = (
    <div ref={reply}>
      <ReplyBox ticketId={ticket.id} isStaff={isStaff} />
    </div>
  );

  return (
    <article
      className={isStaff ? 'page detail detail--agent' : 'page detail'}
      aria-labelledby="ticket-title"
      data-testid="ticket-detail"
      data-ticket-id={ticket.id}
    >
      {isStaff ? (
        // Staff: the ticket and its conversation in the main column, the
        // properties beside them in a sticky panel of their own (between the
        // two on a phone, where the columns stack). The toolbar heads the main
        // column only, so the panel starts at the top of the page and fits the
        // window from the first view on.
        <div className="detail__layout">
          <QueueNavigation id={ticket.id} isStaff={isStaff} />
          {header}
          <aside className="detail__side" aria-label={t('agentDetail.panel')}>
            <TicketPanel ticket={ticket} currentUserId={currentUserId} onDeleted={onDeleted}>
              <WaitingToggle ticket={ticket} />
              <TicketRating ticket={ticket} isStaff />
            </TicketPanel>
          </aside>
          <div className="detail__conversation card">
            {/* The activity is beside the thread on a wide screen, else a tab;
                never merged into the thread: it already lists every reply, so
                a merge would show each twice. */}
            {wide ? (
              <ConversationThread ticketId={ticket.id} />
            ) : (
              <DetailTabs
                label={t('agentDetail.tabs')}
                tabs={[
                  { key: 'conversation', label: t('conversation.title'), content: <ConversationThread ticketId={ticket.id} /> },
                  { key: 'activity', label: t('detail.activity'), content: <ActivityTimeline ticketId={ticket.id} /> },
                ]}
              />
            )}
            {replyBox}
            <p className="detail__keys" data-testid="detail-keys">
              <kbd>r</kbd> {t('agentDetail.keyReply')} · <kbd>n</kbd> {t('agentDetail.keyNote')} · <kbd>Esc</kbd> {t('agentDetail.keyBack')}
            </p>
          </div>
          {wide ? (
            <div className="detail__activity card">
              <ActivityTimeline ticketId={ticket.id} />
            </div>
          ) : null}
        </div>
      ) : (
        <div className="detail__layout">
          <QueueNavigation id={ticket.id} isStaff={isStaff} />
          {header}
          <div className="detail__conversation card">
            <ConversationThread ticketId={ticket.id} />
            {replyBox}
          </div>
          <aside className="detail__side">
            <TicketRating ticket={ticket} isStaff={false} />
            <div className="card">
              <ActivityTimeline ticketId={ticket.id} />
            </div>
          </aside>
        </div>
      )}
    </article>
  );
}
