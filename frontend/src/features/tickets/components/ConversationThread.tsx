import { useTranslation } from 'react-i18next';
import { ErrorState } from '@/components/ErrorState';
import { Markdown } from '@/components/Markdown';
import { Spinner } from '@/components/Spinner';
import { RelativeTime } from '@/components/RelativeTime';
import { useComments } from '../api/conversation';
import type { Comment, CommentFile } from '../types';
import { AttachmentView, type AttachmentFile } from './AttachmentPreview';

/** One file of a comment's `attachments`, in the shape the preview takes. */
function asAttachmentFile(file: CommentFile): AttachmentFile {
  return { attachment: file.url, attachment_name: file.name, attachment_content_type: file.content_type, attachment_size: file.size };
}

/** Every file of a comment; older comments (and events) may carry only `attachment`. */
function CommentFiles({ comment }: { comment: Comment }) {
  const { t } = useTranslation();
  const files = comment.attachments.length ? comment.attachments.map(asAttachmentFile) : comment.attachment ? [comment] : [];
  if (!files.length) return null;
  return (
    <ul className={files.length > 1 ? 'comment__files comment__files--many' : 'comment__files'} aria-label={t('replyFiles.attachments')} data-testid="comment-files">
      {files.map((file, index) => (
        <li key={`${index}-${file.attachment_name ?? ''}`} className="comment__attachment" data-testid="comment-file">
          <AttachmentView file={file} testIdPrefix="comment-attachment" />
        </li>
      ))}
    </ul>
  );
}

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
      <Markdown className="comment__body" testId="comment-body">
        {comment.body}
      </Markdown>
      <CommentFiles comment={comment} />
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
