import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '@/components/Badge';
import type { TicketCategory, TicketStatus } from '../types';

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
