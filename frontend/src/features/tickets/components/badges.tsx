import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '@/components/Badge';
import type { TicketCategory, TicketPriority, TicketStatus } from '../types';

// SPEC 6: New green, Under Review yellow, Resolved blue.
const STATUS_TONE: Record<TicketStatus, BadgeTone> = {
  New: 'green',
  'Under Review': 'yellow',
  Resolved: 'blue',
};

const CATEGORY_TONE: Record<TicketCategory, BadgeTone> = {
  Technical: 'purple',
  Billing: 'orange',
  General: 'teal',
  Other: 'grey',
};

// Urgency reads from calm to alarming; the text names the level, so colour
// is never the only signal.
const PRIORITY_TONE: Record<TicketPriority, BadgeTone> = {
  Low: 'grey',
  Medium: 'teal',
  High: 'orange',
  Critical: 'red',
};

/** `short`: just the level ("High"), where a column header already says "Priority". */
export function PriorityBadge({ priority, short = false }: { priority: TicketPriority; short?: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge tone={PRIORITY_TONE[priority] ?? 'grey'} testId="priority-badge">
      {short ? t(`priority.${priority}`) : t(`priorityBadge.${priority}`)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useTranslation();
  return (
    <Badge tone={STATUS_TONE[status] ?? 'grey'} testId="status-badge">
      <span className="badge__dot" aria-hidden="true" />
      {t(`status.${status}`)}
    </Badge>
  );
}

export function CategoryBadge({ category }: { category: TicketCategory }) {
  const { t } = useTranslation();
  return (
    <Badge tone={CATEGORY_TONE[category] ?? 'grey'} testId="category-badge">
      {t(`category.${category}`)}
    </Badge>
  );
}
