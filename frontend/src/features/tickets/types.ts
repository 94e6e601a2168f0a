// Payload types of the tickets API, derived from the types generated from
// the backend's OpenAPI schema (src/lib/api-types.ts, `npm run gen:types`).
// Components import them from here only.
import type { components, operations } from '@/lib/api-types';

type Schemas = components['schemas'];

export type TicketStatus = Schemas['TicketStatusEnum'];
export type TicketCategory = Schemas['TicketCategoryEnum'];
export type TicketPriority = Schemas['PriorityEnum'];
export type UserSummary = Schemas['UserSummary'];
export type StatusHistoryEntry = Schemas['StatusHistory'];
/** A list item: no status history. */
export type TicketListItem = Schemas['TicketListItem'];
export type Ticket = Schemas['Ticket'];
/** One page of the ticket list. */
export type TicketPage = Schemas['PaginatedTicketListItemList'];
export type StaffPage = Schemas['PaginatedUserSummaryList'];

type ListQuery = NonNullable<operations['tickets_list']['parameters']['query']>;
type ApiOrdering = NonNullable<ListQuery['ordering']>[number];
/** The orderings the list offers; Extract fails to compile if the API drops one. */
export type Ordering = Extract<
  ApiOrdering,
  | '-created_at' | 'created_at' | '-updated_at' | '-priority' | 'priority' | 'title'
  // The staff queue's sortable columns add these.
  | '-id' | 'id' | '-title' | 'updated_at' | 'status' | '-status' | 'category' | '-category'
  // The SLA column: the earliest due time of a target not yet met first (docs/api.md).
  | 'sla_due' | '-sla_due'
>;
/** The orderings the sort menu offers; the queue's headers reach all of ORDERINGS. */
export const MENU_ORDERINGS: readonly Ordering[] = ['-created_at', 'created_at', '-updated_at', '-priority', 'priority', 'title'];
export const ORDERINGS: readonly Ordering[] = [
  ...MENU_ORDERINGS,
  '-id', 'id', '-title', 'updated_at', 'status', '-status', 'category', '-category',
  'sla_due', '-sla_due',
];

/** Staff's service-level filter (`sla`): a target breached, or one at risk. */
export type SlaFilter = NonNullable<ListQuery['sla']>;
export const SLA_FILTERS = ['breached', 'at_risk'] as const satisfies readonly SlaFilter[];
const slaFiltersComplete: Missing<SlaFilter, (typeof SLA_FILTERS)[number]> = true;
void slaFiltersComplete;

export function isSlaFilter(value: unknown): value is SlaFilter {
  return (SLA_FILTERS as readonly unknown[]).includes(value);
}

export type Comment = Schemas['Comment'];
/** One file of a comment (`attachments`). */
export type CommentFile = Schemas['File'];
/** "Is this the same problem?": a ticket like the one being written. */
export type SimilarTicket = Schemas['SimilarTicket'];
/** The requester's satisfaction with a resolution (SPEC 4g). */
export type Rating = Schemas['Rating'];
export type RatingInput = Schemas['RatingWriteRequest'];
export type Activity = Schemas['Activity'];

/** What the reply box sends; with files it goes as multipart, else as JSON. */
export interface CommentInput {
  body: Schemas['CommentWriteRequest']['body'];
  /** Staff only: a note requesters never see. */
  internal: boolean;
  /** In order; the server's limit is `commentMaxFiles` (runtime config). */
  attachments: readonly File[];
}

/** The list's assignee filter: `me`, `none` (unassigned), or a user id. */
export type AssigneeFilter = 'me' | 'none' | `${number}`;

export function isAssigneeFilter(value: unknown): value is AssigneeFilter {
  return typeof value === 'string' && /^(me|none|[1-9]\d*)$/.test(value);
}

// Runtime lists of the enums, checked against the schema in both directions.
export const STATUSES = ['New', 'Under Review', 'Resolved'] as const satisfies readonly TicketStatus[];
export const CATEGORIES = ['Technical', 'Billing', 'General', 'Other'] as const satisfies readonly TicketCategory[];
/** Lowest to highest. */
export const PRIORITIES = ['Low', 'Medium', 'High', 'Critical'] as const satisfies readonly TicketPriority[];
export const DEFAULT_PRIORITY: TicketPriority = 'Medium';
type Missing<Union, Listed> = Exclude<Union, Listed> extends never ? true : Exclude<Union, Listed>;
const statusesComplete: Missing<TicketStatus, (typeof STATUSES)[number]> = true;
const categoriesComplete: Missing<TicketCategory, (typeof CATEGORIES)[number]> = true;
const prioritiesComplete: Missing<TicketPriority, (typeof PRIORITIES)[number]> = true;
void statusesComplete;
void categoriesComplete;
void prioritiesComplete;

export interface TicketFilters {
  page: number;
  search: string;
  category: TicketCategory | null;
  status: TicketStatus | null;
  priority: TicketPriority | null;
  assignee: AssigneeFilter | null;
  /** Staff only (optional: older callers leave it out). */
  sla?: SlaFilter | null;
  ordering: Ordering;
  /** The dashboard's drill-down filters (optional: older callers leave them out). */
  drill?: DrillFilters;
}

/**
 * Filters the dashboard's links carry, each an API list filter of the same
 * name in the URL: instants are ISO 8601 as the report gave them.
 */
export interface DrillFilters {
  created_after?: string;
  created_before?: string;
  resolved_after?: string;
  resolved_before?: string;
  open?: 'true' | 'false';
  responded?: 'true' | 'false';
  first_response_by?: `${number}`;
}

export const DRILL_KEYS = [
  'created_after',
  'created_before',
  'resolved_after',
  'resolved_before',
  'open',
  'responded',
  'first_response_by',
] as const satisfies readonly (keyof DrillFilters)[];

const INSTANT = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/** The drill-down filters of a query string; malformed values are dropped. */
export function parseDrill(params: URLSearchParams): DrillFilters {
  const drill: DrillFilters = {};
  for (const key of ['created_after', 'created_before', 'resolved_after', 'resolved_before'] as const) {
    const value = params.get(key);
    if (value && INSTANT.test(value) && !Number.isNaN(Date.parse(value))) drill[key] = value;
  }
  for (const key of ['open', 'responded'] as const) {
    const value = params.get(key);
    if (value === 'true' || value === 'false') drill[key] = value;
  }
  const by = params.get('first_response_by');
  if (by && /^[1-9]\d{0,17}$/.test(by)) drill.first_response_by = by as `${number}`;
  return drill;
}

/** What the form sends; a File goes as multipart, the rest as JSON. */
export interface TicketInput {
  title: Schemas['TicketWriteRequest']['title'];
  description: Schemas['TicketWriteRequest']['description'];
  category: TicketCategory;
  /** Staff only; the server ignores it for requesters. */
  status?: TicketStatus;
  priority?: TicketPriority;
  /** Staff only: a staff user's id, or null to unassign; absent keeps it. */
  assignee?: number | null;
  /** A File uploads (multipart); null removes the current one; absent keeps it. */
  attachment?: File | null;
}

export function isStatus(value: unknown): value is TicketStatus {
  return (STATUSES as readonly unknown[]).includes(value);
}

export function isPriority(value: unknown): value is TicketPriority {
  return (PRIORITIES as readonly unknown[]).includes(value);
}

export function isCategory(value: unknown): value is TicketCategory {
  return (CATEGORIES as readonly unknown[]).includes(value);
}
