// Payload types of the tickets API. Components import them from here only;
// the definitions move to the generated src/lib/api-types.ts once the
// backend's OpenAPI schema is available.
export const STATUSES = ['New', 'Under Review', 'Resolved'] as const;
export const CATEGORIES = ['Technical', 'Billing', 'General', 'Other'] as const;

export type TicketStatus = (typeof STATUSES)[number];
export type TicketCategory = (typeof CATEGORIES)[number];

export interface UserSummary {
  id: number;
  username: string;
  email: string;
}

export interface StatusHistoryEntry {
  id: number;
  status: TicketStatus;
  changed_by: UserSummary | null;
  changed_at: string;
}

export interface Ticket {
  id: number;
  title: string;
  description: string;
  category: TicketCategory;
  status: TicketStatus;
  attachment: string | null;
  attachment_name?: string | null;
  attachment_content_type?: string | null;
  attachment_size?: number | null;
  created_by: UserSummary;
  created_at: string;
  status_history?: StatusHistoryEntry[];
}

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export type Ordering = '-created_at' | 'created_at' | 'title';
export const ORDERINGS: readonly Ordering[] = ['-created_at', 'created_at', 'title'];

export interface TicketFilters {
  page: number;
  search: string;
  category: TicketCategory | null;
  status: TicketStatus | null;
  ordering: Ordering;
}

export interface TicketInput {
  title: string;
  description: string;
  category: TicketCategory;
  /** Staff only; the server ignores it for requesters. */
  status?: TicketStatus;
  attachment?: File | null;
}

export function isStatus(value: unknown): value is TicketStatus {
  return STATUSES.includes(value as TicketStatus);
}

export function isCategory(value: unknown): value is TicketCategory {
  return CATEGORIES.includes(value as TicketCategory);
}
