import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { Summary } from '@/features/reports/api/summary';
import i18n from '@/lib/i18n';
import { parseRange, rangeToParams } from '@/features/reports/hooks/useReportRange';
import { reportLinks } from '@/features/reports/links';
import { addDays, presetDays, todayIn } from '@/features/reports/range';
import { alice, page, sam, sessionOf } from '@/test/fixtures';
import { currentUrl, renderApp } from '@/test/render';
import { server } from '@/test/server';

const REPORT: Summary = {
  since: '2026-11-01',
  until: '2026-11-30',
  tz: 'Europe/Madrid',
  interval: 'day',
  starts_at: '2026-10-31T23:00:00Z',
  ends_at: '2026-11-30T23:00:00Z',
  created: 120,
  resolved: 98,
  reopened: 7,
  backlog: 45,
  by_status: { New: 10, 'Under Review': 35, Resolved: 75 },
  by_category: { Technical: 50, Billing: 30, General: 25, Other: 15 },
  by_priority: { Low: 20, Medium: 70, High: 25, Critical: 5 },
  first_response: { count: 80, median_seconds: 9000, p90_seconds: 86400 },
  resolution: { count: 70, median_seconds: null, p90_seconds: null },
  series: [
    { start: '2026-11-01', starts_at: '2026-10-31T23:00:00Z', ends_at: '2026-11-01T23:00:00Z', created: 4, resolved: 3 },
    { start: '2026-11-02', starts_at: '2026-11-01T23:00:00Z', ends_at: '2026-11-02T23:00:00Z', created: 6, resolved: 0 },
  ],
  sla: { first_response_met_pct: 62.5, resolution_met_pct: null, breached_open: 4 },
  csat: { count: 40, average: 4.35, positive_pct: 87.5 },
  agents: [
    { id: 5, username: 'kim', assigned_open: 7, resolved: 12, first_response_median_seconds: 1800, sla_met_pct: 88.9, csat_count: 9, csat_average: 4.56 },
    { id: 6, username: 'sam', assigned_open: 0, resolved: 0, first_response_median_seconds: null, sla_met_pct: null, csat_count: 0, csat_average: null },
  ],
};

function serveReport() {
  const requests: Record<string, string>[] = [];
  server.use(
    http.get('/api/reports/summary/', ({ request }) => {
      requests.push(Object.fromEntries(new URL(request.url).searchParams));
      return HttpResponse.json(REPORT);
    }),
    http.get('/api/tickets/', () => HttpResponse.json(page([]))),
  );
  return requests;
}

describe('the dashboard', () => {
  it('shows the report as tiles, bars and a table, each count linked to its tickets', async () => {
    server.use(...sessionOf(sam));
    serveReport();
    renderApp('/dashboard?range=custom&since=2026-11-01&until=2026-11-30&tz=Europe/Madrid');
    const created = await screen.findByTestId('tile-created-link');
    expect(created).toHaveTextContent('120');
    expect(created).toHaveAttribute('href', '/?created_after=2026-10-31T23%3A00%3A00Z&created_before=2026-11-30T23%3A00%3A00Z');
    // Counts of status changes are not links, and say why.
    expect(within(screen.getByTestId('tile-resolved')).queryByRole('link')).toBeNull();
    expect(screen.getByTestId('tile-resolved')).toHaveTextContent('a ticket resolved twice counts twice');
    expect(screen.getByTestId('tile-backlog-link')).toHaveAttribute('href', '/?open=true');
    expect(screen.getByTestId('tile-first-response')).toHaveTextContent('2 hr 30 min');
    expect(screen.getByTestId('tile-first-response-count')).toHaveAttribute('href', expect.stringContaining('responded=true'));
    expect(screen.getByTestId('tile-resolution')).toHaveTextContent('none');
    expect(screen.getByTestId('bar-status-Under Review')).toHaveAttribute('href', expect.stringContaining('status=Under+Review'));
    expect(screen.getByTestId('bar-category-Billing')).toHaveTextContent('30');
    expect(screen.getByTestId('agent-open-kim')).toHaveAttribute('href', '/?assignee=5&open=true');
    // Service levels and satisfaction; nulls say "none".
    expect(screen.getByTestId('tile-sla-first-response')).toHaveTextContent('62.5%');
    expect(screen.getByTestId('tile-sla-resolution')).toHaveTextContent('none');
    expect(screen.getByTestId('tile-breached-open-value')).toHaveTextContent('4');
    expect(screen.getByTestId('tile-csat-average')).toHaveTextContent('4.35 / 5');
    expect(screen.getByTestId('tile-csat-positive')).toHaveTextContent('87.5%');
    expect(screen.getByTestId('tile-csat-count')).toHaveTextContent('over 40 ratings');
    expect(screen.getByTestId('agent-sla-kim')).toHaveTextContent('88.9%');
    expect(screen.getByTestId('agent-csat-kim')).toHaveTextContent('4.56 (9 ratings)');
    expect(screen.getByTestId('agent-sla-sam')).toHaveTextContent('none');
    expect(screen.getByTestId('agent-csat-sam')).toHaveTextContent('none');
    // Each number column's heading also labels its cells, for the table stacked on a phone.
    const agents = screen.getByTestId('agents-table');
    const headings = within(agents).getAllByRole('columnheader').map((heading) => heading.textContent);
    expect(headings).toEqual(['Agent', 'Open, assigned', 'Resolved', 'Median first response', 'SLA met', 'Satisfaction']);
    const kim = within(screen.getByTestId('agent-kim')).getAllByRole('cell');
    expect(kim.map((cell) => cell.getAttribute('data-label'))).toEqual(headings.slice(1));
    // The chart's table alternative.
    expect(screen.getByText('Show as table')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: '10 created and 3 resolved, in 2 periods' })).toBeInTheDocument();
    expect(document.title).toBe('Dashboard · Helpdesk');
  });

  it('exports the tickets created in the range from the header', async () => {
    server.use(...sessionOf(sam));
    serveReport();
    const exports: Record<string, string>[] = [];
    server.use(
      http.get('/api/tickets/export/', ({ request }) => {
        exports.push(Object.fromEntries(new URL(request.url).searchParams));
        return new HttpResponse('id\r\n', { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="t.csv"' } });
      }),
    );
    // jsdom saves nothing: record the file's name instead.
    vi.spyOn(URL, 'createObjectURL').mockImplementation(() => 'blob:test/0');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const { user } = renderApp('/dashboard?range=custom&since=2026-11-01&until=2026-11-30&tz=Europe/Madrid');
    await screen.findByTestId('dashboard');
    const actions = screen.getByTestId('dashboard-actions');
    await user.click(within(actions).getByRole('button', { name: 'Export' }));
    await user.click(within(actions).getByTestId('export-csv'));
    await waitFor(() =>
      expect(exports).toEqual([{ created_after: '2026-10-31T23:00:00Z', created_before: '2026-11-30T23:00:00Z', format: 'csv' }]),
    );
    await waitFor(() => expect(saved).toEqual(['t.csv']));
    vi.restoreAllMocks();
  });

  it('speaks Spanish numbers', async () => {
    server.use(...sessionOf(sam));
    serveReport();
    await act(() => i18n.changeLanguage('es'));
    renderApp('/dashboard?range=custom&since=2026-11-01&until=2026-11-30&tz=Europe/Madrid');
    expect(await screen.findByTestId('tile-sla-first-response')).toHaveTextContent('62,5 %');
    expect(screen.getByTestId('agent-csat-kim')).toHaveTextContent('4,56 (9 valoraciones)');
  });

  it('asks for the range in the URL and the zone of the browser by default', async () => {
    server.use(...sessionOf(sam));
    const requests = serveReport();
    const { user, router } = renderApp('/dashboard');
    await screen.findByTestId('dashboard');
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(requests[0]).toEqual({ since: addDays(todayIn(zone), -29), until: todayIn(zone), tz: zone });

    await user.selectOptions(screen.getByTestId('range-preset'), '7');
    await waitFor(() => expect(currentUrl(router)).toBe('/dashboard?range=7'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ since: addDays(todayIn(zone), -6) }));

    await user.selectOptions(screen.getByTestId('range-interval'), 'week');
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ interval: 'week' }));
  });

  it('is linked from the header for staff only', async () => {
    server.use(...sessionOf(sam));
    serveReport();
    renderApp('/');
    expect(await screen.findByTestId('dashboard-link')).toHaveAttribute('href', '/dashboard');
  });

  it('is refused to requesters', async () => {
    server.use(...sessionOf(alice));
    serveReport();
    renderApp('/dashboard');
    // A message that fits any staff page, not only the edit form.
    expect(await screen.findByTestId('forbidden')).toHaveTextContent('This page is for staff only.');
    expect(screen.getByTestId('forbidden')).not.toHaveTextContent('edit');
    expect(screen.queryByTestId('dashboard-link')).toBeNull();
  });
});

describe('the list opened from the dashboard', () => {
  it('sends the drill-down filters and shows each as a chip that can be removed', async () => {
    server.use(...sessionOf(sam));
    const requests: Record<string, string>[] = [];
    server.use(
      http.get('/api/tickets/', ({ request }) => {
        requests.push(Object.fromEntries(new URL(request.url).searchParams));
        return HttpResponse.json(page([]));
      }),
    );
    const { user, router } = renderApp(reportLinks.firstResponse(REPORT));
    await waitFor(() =>
      expect(requests.at(-1)).toMatchObject({
        created_after: '2026-10-31T23:00:00Z',
        created_before: '2026-11-30T23:00:00Z',
        responded: 'true',
      }),
    );
    expect(await screen.findByTestId('drill-chip-created')).toBeInTheDocument();
    await user.click(within(screen.getByTestId('drill-chip-responded')).getByRole('button'));
    await waitFor(() => expect(currentUrl(router)).not.toContain('responded'));
    expect(currentUrl(router)).toContain('created_after');
    await user.click(screen.getByTestId('clear-filters'));
    await waitFor(() => expect(currentUrl(router)).toBe('/'));
  });
});

describe('the range', () => {
  it('computes presets in the zone', () => {
    const now = new Date('2026-11-30T23:30:00Z');
    expect(presetDays('30', 'UTC', now)).toEqual({ since: '2026-11-01', until: '2026-11-30' });
    expect(presetDays('7', 'Europe/Madrid', now)).toEqual({ since: '2026-11-25', until: '2026-12-01' });
    expect(presetDays('month', 'Pacific/Kiritimati', now)).toEqual({ since: '2026-12-01', until: '2026-12-01' });
  });

  it('falls back to the last 30 days for a broken URL and writes only what differs', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const range = parseRange(new URLSearchParams('range=custom&since=nope&tz=Mars/Base&interval=year'), now);
    expect(range.preset).toBe('30');
    expect(range.interval).toBeNull();
    expect(rangeToParams({ ...range, tz: Intl.DateTimeFormat().resolvedOptions().timeZone }).toString()).toBe('');
  });
});
