import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Ticket } from '@/features/tickets/types';
import { alice, makeActivity, makeTicket, page, sam, sessionOf } from '@/test/fixtures';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';

const PENDING = makeTicket().sla;

function withSla(overrides: Partial<Ticket['sla']>, ticket: Partial<Ticket> = {}): Ticket {
  return makeTicket({
    id: 7,
    title: 'Mail down',
    ...ticket,
    sla: { ...PENDING, first_response_due_at: '2026-12-07T11:00:00Z', resolution_due_at: '2026-12-07T14:00:00Z', ...overrides },
  });
}

function serve(ticket: Ticket) {
  server.use(
    http.get(`/api/tickets/${ticket.id}/`, () => HttpResponse.json(ticket)),
    http.get(`/api/tickets/${ticket.id}/activity/`, () => HttpResponse.json([])),
    http.get(`/api/tickets/${ticket.id}/comments/`, () => HttpResponse.json([])),
  );
}

describe('SLA badge', () => {
  it('shows the business time left to the first response for staff', async () => {
    serve(withSla({ first_response_seconds_left: 45 * 60 + 30, resolution_seconds_left: 3 * 3600 }));
    server.use(...sessionOf(sam));
    renderApp('/tickets/7');

    const badge = await screen.findByTestId('sla-badge');
    expect(badge).toHaveTextContent('Reply within 45 min');
    expect(badge).toHaveAttribute('data-sla', 'pending');
  });

  it('turns amber at risk and red when breached, and says which target', async () => {
    serve(withSla({ first_response: 'met', resolution_seconds_left: 2 * 3600 + 300, resolution_at_risk: true }, { category: 'Billing' }));
    server.use(...sessionOf(sam));
    const { unmount } = renderApp('/tickets/7');
    const risky = await screen.findByTestId('sla-badge');
    expect(risky).toHaveTextContent('Resolve within 2 h 5 min');
    expect(risky).toHaveAttribute('data-sla', 'at-risk');
    expect(within(risky).getByText(/Resolve/).closest('.badge')).toHaveClass('badge--amber');
    // Never like the Billing badge beside it (orange): its own tone, a warning
    // sign instead of the clock, and "At risk" for those who cannot see either.
    const billing = screen.getAllByTestId('category-badge')[0]!;
    expect(billing).toHaveTextContent('Billing');
    expect(billing).toHaveClass('badge--orange');
    expect(billing).not.toHaveClass('badge--amber');
    expect(risky).toHaveTextContent(/^At risk: Resolve within/);
    expect(risky.querySelector('svg circle')).toBeNull();
    unmount();

    serve(withSla({ resolution_seconds_left: 5 * 3600 }));
    const { unmount: unmountCalm } = renderApp('/tickets/7');
    const calm = await screen.findByTestId('sla-badge');
    expect(calm).toHaveAttribute('data-sla', 'pending');
    expect(calm).not.toHaveTextContent('At risk');
    expect(calm.querySelector('.badge')).toHaveClass('badge--grey');
    expect(calm.querySelector('svg circle')).not.toBeNull();
    unmountCalm();

    serve(withSla({ first_response: 'breached' }));
    renderApp('/tickets/7');
    const late = await screen.findByTestId('sla-badge');
    expect(late).toHaveTextContent('Reply overdue');
    expect(late.querySelector('.badge')).toHaveClass('badge--red');
  });

  it('says the clock is paused while the ticket waits on the requester', async () => {
    serve(withSla({ first_response: 'met', resolution_seconds_left: 3 * 3600 }, { waiting_on_requester: true }));
    server.use(...sessionOf(sam));
    renderApp('/tickets/7');

    expect(await screen.findByTestId('sla-badge')).toHaveTextContent('Paused · 3 h left');
  });

  it('is not shown to requesters, nor for a ticket whose targets are met', async () => {
    serve(withSla({ first_response_seconds_left: 600 }));
    server.use(...sessionOf(alice));
    const { unmount } = renderApp('/tickets/7');
    await screen.findByRole('heading', { level: 1, name: 'Mail down' });
    expect(screen.queryByTestId('sla-badge')).not.toBeInTheDocument();
    expect(screen.queryByTestId('waiting-toggle')).not.toBeInTheDocument();
    unmount();

    serve(withSla({ first_response: 'met', resolution: 'met' }));
    server.use(...sessionOf(sam));
    renderApp('/tickets/7');
    await screen.findByRole('heading', { level: 1, name: 'Mail down' });
    expect(screen.queryByTestId('sla-badge')).not.toBeInTheDocument();
  });

  it('appears in the SLA column of the staff queue, and on the cards when staff choose them', async () => {
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/', () => HttpResponse.json(page([withSla({ first_response_seconds_left: 7200 })]))),
    );
    const { user } = renderApp('/');

    // Staff's default list is the queue's table: the badge sits under the SLA header.
    const table = await screen.findByRole('table', { name: 'Ticket queue' });
    const headers = within(table).getAllByRole('columnheader');
    const column = headers.findIndex((th) => th.textContent?.replace(/[▲▼↕]/g, '') === 'SLA');
    expect(column).toBeGreaterThan(0);
    const cell = within(screen.getByTestId('queue-row')).getAllByRole('cell')[column]!;
    expect(within(cell).getByTestId('sla-badge')).toHaveTextContent('Reply within 2 h');

    await user.click(screen.getByRole('button', { name: 'Cards' }));
    const card = await screen.findByTestId('ticket-card');
    expect(within(card).getByTestId('sla-badge')).toHaveTextContent('Reply within 2 h');
  });
});

describe('waiting on requester', () => {
  it('staff switch it on with one PATCH, and the timeline says so', async () => {
    let ticket = withSla({ first_response: 'met', resolution_seconds_left: 3600 }, { status: 'Under Review' });
    const sent: unknown[] = [];
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/7/', () => HttpResponse.json(ticket)),
      http.get('/api/tickets/7/comments/', () => HttpResponse.json([])),
      http.get('/api/tickets/7/activity/', () =>
        HttpResponse.json(
          ticket.waiting_on_requester
            ? [makeActivity('sla_paused', {})]
            : [makeActivity('sla_resumed', { reason: 'reply', paused_seconds: 5400 }, { actor: { id: 2, username: 'alice', email: '' } })],
        ),
      ),
      http.patch('/api/tickets/7/', async ({ request }) => {
        const body = (await request.json()) as { waiting_on_requester: boolean };
        sent.push(body);
        ticket = { ...ticket, waiting_on_requester: body.waiting_on_requester };
        return HttpResponse.json(ticket);
      }),
    );
    renderApp('/tickets/7');

    const timeline = await screen.findByTestId('activity-timeline');
    expect(await within(timeline).findByText('alice replied: the ticket is no longer waiting')).toBeInTheDocument();
    expect(within(timeline).getByText('Clock paused for 1 h 30 min of business time')).toBeInTheDocument();
    const toggle = screen.getByRole('switch', { name: 'Waiting on requester' });
    expect(toggle).not.toBeChecked();

    await userEvent.click(toggle);

    await waitFor(() => expect(toggle).toBeChecked());
    expect(sent).toEqual([{ waiting_on_requester: true }]);
    expect(await within(timeline).findByText('sam marked the ticket waiting on the requester')).toBeInTheDocument();
  });

  it('cannot be switched on for a resolved ticket', async () => {
    serve(withSla({ first_response: 'met', resolution: 'met' }, { status: 'Resolved' }));
    server.use(...sessionOf(sam));
    renderApp('/tickets/7');

    expect(await screen.findByRole('switch', { name: 'Waiting on requester' })).toBeDisabled();
    expect(screen.getByText('A resolved ticket is not waiting on anyone.')).toBeInTheDocument();
  });
});
