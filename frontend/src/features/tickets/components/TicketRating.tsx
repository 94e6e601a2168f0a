import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { ScorePicker, Stars } from '@/components/ScorePicker';
import { formatDateTime } from '@/lib/format';
import { useRateTicket } from '../api/rating';
import type { Ticket } from '../types';
import { PanelSection } from './TicketPanel';

/** The requester's satisfaction (SPEC 4g): staff see the rating; the
 * requester rates a resolved ticket here (or from the e-mail's links). */
export function TicketRating({ ticket, isStaff }: { ticket: Ticket; isStaff: boolean }) {
  const { t, i18n } = useTranslation();
  const rating = ticket.rating;
  const canRate = !isStaff && ticket.status === 'Resolved';
  if (!rating && !canRate) return null;
  const given = rating ? (
    <div className="rating__given">
      <Stars score={rating.score} />{' '}
      <span data-testid="rating-score">{t('csat.scoreOf', { score: rating.score })}</span>
      {rating.comment ? <blockquote className="rating__comment">{rating.comment}</blockquote> : null}
      <p className="rating__meta">
        {t('csat.ratedAt', { when: formatDateTime(rating.rated_at, i18n.language) })}
        {rating.current ? null : ` · ${t('csat.earlierResolution')}`}
      </p>
    </div>
  ) : null;
  // Staff read it in a section of the side panel (TicketPanel's children);
  // the requester gets a card of its own beside the conversation.
  if (isStaff) {
    return (
      <PanelSection title={t('csat.title')} testId="ticket-rating">
        {given}
      </PanelSection>
    );
  }
  return (
    <section className="card rating" aria-labelledby="rating-title" data-testid="ticket-rating">
      <h2 id="rating-title">{t('csat.title')}</h2>
      {given}
      {canRate ? <RateForm ticket={ticket} /> : null}
    </section>
  );
}

function RateForm({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const current = ticket.rating?.current ? ticket.rating : null;
  const [score, setScore] = useState<number | null>(current?.score ?? null);
  const [comment, setComment] = useState(current?.comment ?? '');
  const [saved, setSaved] = useState(false);
  const rate = useRateTicket(ticket.id);
  return (
    <form
      className="form rating__form"
      onSubmit={(event) => {
        event.preventDefault();
        if (score === null) return;
        setSaved(false);
        rate.mutate({ score, comment }, { onSuccess: () => setSaved(true) });
      }}
    >
      <p>{current ? t('csat.changePrompt') : t('csat.prompt')}</p>
      <ScorePicker value={score} onChange={setScore} label={t('csat.scoreGroup')} disabled={rate.isPending} />
      <label className="field__label" htmlFor="rating-comment">
        {t('csat.comment')}
      </label>
      <textarea id="rating-comment" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      {rate.isError ? <Alert tone="error">{errorMessage(rate.error, t)}</Alert> : null}
      {saved ? <Alert tone="success">{t('csat.thanks')}</Alert> : null}
      <div>
        <Button type="submit" busy={rate.isPending} disabled={score === null} data-testid="rating-submit">
          {t('csat.send')}
        </Button>
      </div>
    </form>
  );
}
