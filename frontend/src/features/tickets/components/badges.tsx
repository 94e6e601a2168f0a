import './badges.css';
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

// UI.md: priority is read from an icon and weight first, Critical also red.
// The others stay neutral so that no priority looks like a category (teal,
// orange) or an SLA at risk (solid amber) on the same row. The text names the
// level, so neither colour nor icon is ever the only signal.
const PRIORITY_TONE: Record<TicketPriority, BadgeTone> = {
  Low: 'grey',
  Medium: 'grey',
  High: 'grey',
  Critical: 'red',
};

// Drawn inline (no icon font or package): a chevron down, a level, one
// chevron up, two. Paths on a 16 × 16 grid, stroked in the text colour.
const PRIORITY_ICON: Record<TicketPriority, string> = {
  Low: 'M4 6.5l4 4 4-4',
  Medium: 'M4 6h8M4 10h8',
  High: 'M4 10l4-4 4 4',
  Critical: 'M4 8l4-4 4 4M4 12.5l4-4 4 4',
};

/** `short`: just the level ("High"), where a column header already says "Priority". */
export function PriorityBadge({ priority, short = false }: { priority: TicketPriority; short?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`priority-badge priority-badge--${priority.toLowerCase()}`}>
      <Badge tone={PRIORITY_TONE[priority] ?? 'grey'} testId="priority-badge">
        <svg className="icon priority-badge__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
          <path d={PRIORITY_ICON[priority] ?? PRIORITY_ICON.Medium} />
        </svg>
        {short ? t(`priority.${priority}`) : t(`priorityBadge.${priority}`)}
      </Badge>
    </span>
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
