import { useTranslation } from 'react-i18next';
import { ErrorState } from '@/components/ErrorState';
import { Spinner } from '@/components/Spinner';
import { RelativeTime } from '@/components/RelativeTime';
import { useComments } from '../api/conversation';
import type { Comment } from '../types';
import { AttachmentView } from './AttachmentPreview';

function CommentCard({ comment }: { comment: Comment }) {
  const { t } = useTranslation();
  return (
    <article
      className={comment.internal ? 'comment comment--internal' : 'comment'}
      data-testid="comment"
      data-internal={comment.internal}
      aria-labelledby={`comment-${comment.id}-author`}
    >
      {/* A visible label, not only the tint: an internal note must never be
          mistaken for something the requester can read. */}
      {comment.internal ? (
        <p className="comment__label" data-testid="internal-label">
          <strong>{t('conversation.internalLabel')}</strong> · {t('conversation.internalHint')}
        </p>
      ) : null}
      <header className="comment__header">
        <span className="comment__author" id={`comment-${comment.id}-author`}>
          {t('conversation.wrote', { username: comment.author.username })}
        </span>
        <RelativeTime iso={comment.created_at} className="comment__when" />
      </header>
      <p className="comment__body" data-testid="comment-body">
        {comment.body}
      </p>
      {comment.attachment ? (
        <div className="comment__attachment">
          <AttachmentView file={comment} testIdPrefix="comment-attachment" />
        </div>
      ) : null}
    </article>
  );
}

export function ConversationThread({ ticketId }: { ticketId: number }) {
  const { t } = useTranslation();
  const query = useComments(ticketId);

  let body;
  if (query.isPending) body = <Spinner />;
  else if (query.isError) body = <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  else if (query.data.length === 0) body = <p className="conversation__empty">{t('conversation.empty')}</p>;
  else
    body = (
      <ol className="thread" data-testid="thread">
        {query.data.map((comment) => (
          <li key={comment.id} id={`comment-${comment.id}`}>
            <CommentCard comment={comment} />
          </li>
        ))}
      </ol>
    );

  return (
    <section className="conversation" aria-labelledby="conversation-title" data-testid="conversation">
      <h2 id="conversation-title">{t('conversation.title')}</h2>
      {body}
    </section>
  );
}
