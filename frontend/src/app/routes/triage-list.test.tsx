import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { alice, makeTicket, page, sam, sessionOf } from '@/test/fixtures';
import { currentUrl, renderApp } from '@/test/render';
import { server } from '@/test/server';

function recordListRequests() {
  const requests: Record<string, string>[] = [];
  server.use(
    http.get('/api/tickets/', ({ request }) => {
      requests.push(Object.fromEntries(new URL(request.url).searchParams));
      return HttpResponse.json(
        page([
          makeTicket({ id: 1, title: 'Server down', priority: 'Critical', comments_count: 2, assignee: { id: 1, username: 'sam', email: '' } }),
          makeTicket({ id: 2, title: 'Typo', priority: 'Low' }),
        ]),
      );
    }),
  );
  return requests;
}

describe('priority and assignment in the ticket list', () => {
  it('shows the priority, assignee and reply count on each card, each priority in its own colour', async () => {
    server.use(...sessionOf(alice));
    recordListRequests();
    renderApp('/');
    const cards = await screen.findAllByTestId('ticket-card');
    expect(within(cards[0]!).getByTestId('priority-badge')).toHaveTextContent('Critical priority');
    expect(within(cards[0]!).getByTestId('priority-badge')).toHaveClass('badge--red');
    expect(within(cards[1]!).getByTestId('priority-badge')).toHaveClass('badge--grey');
    expect(within(cards[0]!).getByText('Assigned to sam')).toBeInTheDocument();
    expect(within(cards[0]!).getByText('2 replies')).toBeInTheDocument();
    expect(within(cards[1]!).getByText('Unassigned')).toBeInTheDocument();
  });

  it('gives staff "Assigned to me" and "Unassigned" quick filters that live in the URL', async () => {
    server.use(...sessionOf(sam));
    const requests = recordListRequests();
    const { user, router } = renderApp('/');
    const mine = await screen.findByRole('button', { name: 'Assigned to me' });
    expect(mine).toHaveAttribute('aria-pressed', 'false');

    await user.click(mine);
    await waitFor(() => expect(currentUrl(router)).toBe('/?assignee=me'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ assignee: 'me' }));
    expect(screen.getByRole('button', { name: 'Assigned to me' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('button', { name: 'Unassigned' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/?assignee=none'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ assignee: 'none' }));
    expect(screen.getByRole('button', { name: 'Assigned to me' })).toHaveAttribute('aria-pressed', 'false');

    // Pressing the active one again removes the filter.
    await user.click(screen.getByRole('button', { name: 'Unassigned' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/'));
  });

  it('keeps Clear filters in the row (hidden, not absent) and folds the filters behind a counted button', async () => {
    server.use(...sessionOf(sam));
    recordListRequests();
    const { user, router } = renderApp('/');
    const toggle = await screen.findByRole('button', { name: 'Filters' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(within(panel).getByLabelText('Category')).toBeInTheDocument();
    // Its place is kept while there is nothing to clear, so the list does not move.
    const clear = screen.getByTestId('clear-filters');
    expect(clear).toHaveClass('filters__clear--idle');
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(panel).toHaveAttribute('data-open', 'true');
    await user.selectOptions(within(panel).getByLabelText('Priority'), 'High');
    await user.click(within(panel).getByRole('button', { name: 'Unassigned' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/?priority=High&assignee=none'));
    expect(screen.getByRole('button', { name: 'Filters (2)' })).toBe(toggle);
    expect(clear).not.toHaveClass('filters__clear--idle');

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/'));
    expect(screen.getByRole('button', { name: 'Filters' })).toBe(toggle);
  });

  it('reads the quick filter, priority and ordering from a bookmarked URL', async () => {
    server.use(...sessionOf(sam));
    const requests = recordListRequests();
    renderApp('/?assignee=none&priority=High&ordering=-priority');
    // Staff get the queue, 25 rows a page.
    await screen.findAllByTestId('queue-row');
    expect(requests.at(-1)).toEqual({ page_size: '25', assignee: 'none', priority: 'High', ordering: '-priority' });
    expect(screen.getByLabelText('Priority')).toHaveValue('High');
    expect(screen.getByLabelText('Sort by')).toHaveValue('-priority');
    expect(screen.getByRole('button', { name: 'Unassigned' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('filters by priority and sorts by last update for everyone, but offers quick filters only to staff', async () => {
    server.use(...sessionOf(alice));
    const requests = recordListRequests();
    const { user, router } = renderApp('/');
    await screen.findAllByTestId('ticket-card');
    expect(screen.queryByRole('button', { name: 'Assigned to me' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Unassigned' })).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Priority'), 'Critical');
    await waitFor(() => expect(currentUrl(router)).toBe('/?priority=Critical'));
    await user.selectOptions(screen.getByLabelText('Sort by'), 'Recently updated');
    await waitFor(() => expect(currentUrl(router)).toBe('/?priority=Critical&ordering=-updated_at'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ priority: 'Critical', ordering: '-updated_at' }));
  });
});

describe('priority and assignee on the ticket form', () => {
  it('lets a requester choose the priority of a new ticket (Medium by default)', async () => {
    let body: unknown;
    const created = makeTicket({ id: 60, priority: 'High' });
    server.use(
      ...sessionOf(alice),
      http.post('/api/tickets/', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get('/api/tickets/60/', () => HttpResponse.json(created)),
    );
    const { user, router } = renderApp('/create');
    const priority = await screen.findByLabelText('Priority');
    expect(priority).toHaveValue('Medium');
    expect(screen.queryByLabelText('Assignee')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText(/title/i), 'Payroll export fails');
    await user.type(screen.getByLabelText(/description/i), 'Since the update');
    await user.selectOptions(screen.getByLabelText(/category/i), 'Technical');
    await user.selectOptions(priority, 'High');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/tickets/60'));
    expect(body).toMatchObject({ priority: 'High' });
  });

  it('lets staff change priority and assignee when editing', async () => {
    let body: unknown;
    const ticket = makeTicket({ id: 61, priority: 'Low' });
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/61/', () => HttpResponse.json(ticket)),
      http.patch('/api/tickets/61/', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ ...ticket, priority: 'Critical', assignee: { id: 3, username: 'kim', email: '' } });
      }),
    );
    const { user, router } = renderApp('/edit/61');
    const assignee = await screen.findByLabelText('Assignee');
    await waitFor(() => expect(within(assignee).getAllByRole('option')).toHaveLength(3));
    expect(screen.getByLabelText('Priority')).toHaveValue('Low');
    await user.selectOptions(screen.getByLabelText('Priority'), 'Critical');
    await user.selectOptions(assignee, 'kim');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/tickets/61'));
    expect(body).toMatchObject({ priority: 'Critical', assignee: 3 });
  });

  it("shows the server's refusal of an assignee beside the field", async () => {
    const ticket = makeTicket({ id: 62 });
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/62/', () => HttpResponse.json(ticket)),
      http.patch('/api/tickets/62/', () => HttpResponse.json({ assignee: ['Only a staff user can be assigned.'] }, { status: 400 })),
    );
    const { user } = renderApp('/edit/62');
    const assignee = await screen.findByLabelText('Assignee');
    await waitFor(() => expect(within(assignee).getAllByRole('option')).toHaveLength(3));
    await user.selectOptions(assignee, 'sam');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByTestId('error-assignee')).toHaveTextContent('Only a staff user can be assigned.');
  });
});
