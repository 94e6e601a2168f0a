import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/Alert';
import { Button } from '@/components/Button';
import { errorMessage } from '@/components/error-message';
import { ScorePicker } from '@/components/ScorePicker';
import { Spinner } from '@/components/Spinner';
import { isApiError } from '@/lib/api-client';
import { type LinkRating as Recorded, useRateByLink } from '../api/link-rating';
import './csat.css';

/**
 * The page an e-mailed rating link opens, signed in or not: it records the
 * link's score at once (one click), then offers to change it and add a
 * comment. Recorded from the page, not on GET, so a mail scanner that
 * fetches links rates nothing.
 */
export function LinkRating({ token }: { token: string }) {
  const { t } = useTranslation();
  const rate = useRateByLink(token);
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const started = useRef(false);
  const { mutate } = rate;

  useEffect(() => {
    if (started.current) return; // once, even when React runs effects twice
    started.current = true;
    mutate(
      {},
      {
        onSuccess: (rating) => {
          setRecorded(rating);
          setScore(rating.score);
          setComment(rating.comment);
        },
      },
    );
  }, [mutate]);

  if (!recorded) {
    if (rate.isError) {
      const expired = isApiError(rate.error) && (rate.error.status === 404 || rate.error.status === 400);
      return (
        <section className="card rate-page" data-testid="rate-error">
          <h1>{t('csat.linkTitle')}</h1>
          <Alert tone="error">{expired ? t('csat.linkExpired') : errorMessage(rate.error, t)}</Alert>
        </section>
      );
    }
    return <Spinner block />;
  }

  return (
    <section className="card rate-page" aria-labelledby="rate-title" data-testid="rate-page">
      <h1 id="rate-title">{t('csat.linkThanks')}</h1>
      <p data-testid="rated-ticket">{t('csat.linkRecorded', { id: recorded.ticket, title: recorded.ticket_title })}</p>
      <form
        className="form rate-page__form"
        onSubmit={(event) => {
          event.preventDefault();
          if (score === null) return;
          setSent(false);
          rate.mutate({ score, comment }, { onSuccess: () => setSent(true) });
        }}
      >
        <ScorePicker value={score} onChange={setScore} label={t('csat.scoreGroup')} disabled={rate.isPending} />
        <label className="field__label" htmlFor="link-rating-comment">
          {t('csat.comment')}
        </label>
        <textarea
          id="link-rating-comment"
          rows={4}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
        {rate.isError ? <Alert tone="error">{errorMessage(rate.error, t)}</Alert> : null}
        {sent ? (
          <Alert tone="success" testId="rate-saved">
            {t('csat.thanks')}
          </Alert>
        ) : null}
        <div>
          <Button type="submit" busy={rate.isPending} data-testid="rate-send">
            {t('csat.send')}
          </Button>
        </div>
      </form>
    </section>
  );
}
