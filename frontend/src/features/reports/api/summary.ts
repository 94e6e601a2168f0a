import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api-types';

/** GET /api/reports/summary/ (SPEC 4f; docs/api.md defines each number). */
export type Summary = components['schemas']['Summary'];
export type SeriesEntry = Summary['series'][number];
export type AgentRow = Summary['agents'][number];
export type Interval = Summary['interval'];

export interface SummaryParams {
  since: string;
  until: string;
  tz: string;
  /** Absent: the server chooses (days up to 92 days, else weeks). */
  interval?: Interval;
}

export function getSummary(params: SummaryParams, signal?: AbortSignal): Promise<Summary> {
  return api.get<Summary>('/api/reports/summary/', { signal, query: { ...params } });
}

export const summaryQuery = (params: SummaryParams) =>
  queryOptions({
    queryKey: ['reports', 'summary', params] as const,
    queryFn: ({ signal }) => getSummary(params, signal),
    // The last report stays on screen while another range loads.
    placeholderData: keepPreviousData,
  });

export function useSummary(params: SummaryParams) {
  return useQuery(summaryQuery(params));
}
