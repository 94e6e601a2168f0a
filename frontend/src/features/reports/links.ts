import { paths } from '@/config/paths';
import type { AgentRow, SeriesEntry, Summary } from './api/summary';

/**
 * Where each number of the report leads: the ticket list filtered to exactly
 * the tickets behind it (docs/api.md, "Reports", names each filter). Numbers
 * that count status changes (resolved, reopened) have no link.
 */
type Filters = Record<string, string | number>;

function queryString(filters: Filters): string {
  return new URLSearchParams(Object.entries(filters).map(([key, value]) => [key, String(value)])).toString();
}

function list(filters: Filters): string {
  return `${paths.home}?${queryString(filters)}`;
}

function created(report: Pick<Summary, 'starts_at' | 'ends_at'>): Filters {
  return { created_after: report.starts_at, created_before: report.ends_at };
}

export type Breakdown = 'status' | 'category' | 'priority';

/** The query string of the tickets created in the report's range (for the export). */
export function createdQuery(report: Pick<Summary, 'starts_at' | 'ends_at'>): string {
  return `?${queryString(created(report))}`;
}

export const reportLinks = {
  created: (report: Summary) => list(created(report)),
  backlog: () => list({ open: 'true' }),
  firstResponse: (report: Summary) => list({ ...created(report), responded: 'true' }),
  resolution: (report: Summary) => list({ ...created(report), status: 'Resolved' }),
  breakdown: (report: Summary, field: Breakdown, value: string) => list({ ...created(report), [field]: value }),
  period: (entry: SeriesEntry) => list(created(entry)),
  agentOpen: (agent: AgentRow) => list({ assignee: agent.id, open: 'true' }),
  agentFirstResponse: (report: Summary, agent: AgentRow) => list({ ...created(report), first_response_by: agent.id }),
};
