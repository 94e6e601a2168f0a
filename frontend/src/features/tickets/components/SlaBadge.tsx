import './sla.css';
import { useTranslation } from 'react-i18next';
import { Badge } from '@/components/Badge';
import { formatDateTime } from '@/lib/format';
import { slaShown, type WithSla } from '../sla-text';

/** The service-level clock of a ticket: business time left, amber at risk, red when breached. */
export function SlaBadge({ ticket }: { ticket: WithSla }) {
  const { t, i18n } = useTranslation();
  const shown = slaShown(ticket, t);
  if (!shown) return null;
  const title = shown.due ? t('sla.due', { at: formatDateTime(shown.due, i18n.language) }) : undefined;
  return (
    <span className="sla-badge" title={title} data-testid="sla-badge" data-sla={shown.state}>
      <Badge tone={shown.tone}>
        <span aria-hidden="true">{shown.state === 'paused' ? '⏸' : '⏱'}</span>
        {shown.text}
      </Badge>
    </span>
  );
}
