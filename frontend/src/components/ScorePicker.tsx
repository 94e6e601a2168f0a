import { useTranslation } from 'react-i18next';
import './ScorePicker.css';

const SCORES = [1, 2, 3, 4, 5] as const;

interface Props {
  value: number | null;
  onChange: (score: number) => void;
  disabled?: boolean;
  /** The group's accessible name. */
  label: string;
}

/** Five buttons, 1 (not at all satisfied) to 5 (very): the satisfaction score. */
export function ScorePicker({ value, onChange, disabled = false, label }: Props) {
  const { t } = useTranslation();
  return (
    <div className="score-picker" role="group" aria-label={label} data-testid="score-picker">
      {SCORES.map((score) => (
        <button
          key={score}
          type="button"
          className={value !== null && score <= value ? 'score-picker__star score-picker__star--on' : 'score-picker__star'}
          aria-pressed={value === score}
          aria-label={t('csat.scoreLabel', { score })}
          title={t(`csat.score${score}`)}
          disabled={disabled}
          onClick={() => onChange(score)}
        >
          <span aria-hidden="true">★</span>
        </button>
      ))}
      {value !== null ? <span className="score-picker__name">{t(`csat.score${value as 1 | 2 | 3 | 4 | 5}`)}</span> : null}
    </div>
  );
}

/** A rating shown read-only: ★★★★☆ with its score for screen readers. */
export function Stars({ score }: { score: number }) {
  const { t } = useTranslation();
  return (
    <span className="stars" role="img" aria-label={t('csat.scoreLabel', { score })}>
      {SCORES.map((n) => (
        <span key={n} aria-hidden="true" className={n <= score ? 'stars__on' : 'stars__off'}>
          ★
        </span>
      ))}
    </span>
  );
}
