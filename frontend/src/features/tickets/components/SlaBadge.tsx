import './sla.css';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/Badge';
import { formatDateTime } from '@/lib/format';
import { slaShown, type Shown, type WithSla } from '../sla-text';

/** The service-level clock of a ticket: business time left, solid amber with a
 * warning sign at risk (never like the pale orange of a category), red when breached. */
export function SlaBadge({ ticket }: { ticket: WithSla }) {
  const { t, i18n } = useTranslation();
  const shown = slaShown(ticket, t);
  if (!shown) return null;
  const title = shown.due ? t('sla.due', { at: formatDateTime(shown.due, i18n.language) }) : undefined;
  return (
    <span className="sla-badge" title={title} data-testid="sla-badge" data-sla={shown.state}>
      <Badge tone={shown.tone}>
        <SlaIcon state={shown.state} />
        {shown.state === 'at-risk' ? <span className="visually-hidden">{t('queueSla.atRisk')}: </span> : null}
        {shown.text}
      </Badge>
    </span>
  );
}

// Drawn, not an emoji: not every system has a font with ⏱ (it showed as a box).
function SlaIcon({ state }: { state: Shown['state'] }) {
  return (
    <svg className="icon sla-badge__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {state === 'paused' ? (
        <path d="M5.5 3.5v9M10.5 3.5v9" />
      ) : state === 'at-risk' ? (
        // A warning sign: the shape says "at risk" before the colour does.
        <path d="M8 2.25L14.25 13.25H1.75ZM8 6.5v3M8 11.4v.1" />
      ) : (
        <>
          <circle cx="8" cy="8.5" r="5.75" />
          <path d="M8 5.5v3.25l2 1.5" />
        </>
      )}
    </svg>
  );
}
