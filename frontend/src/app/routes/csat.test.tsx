import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { alice, makeTicket, noSession, sam, sessionOf } from '@/test/fixtures';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';

const rating = { score: 4, comment: 'Quick fix', resolved_at: '2025-12-14T10:00:00Z', rated_at: '2025-12-14T11:00:00Z', current: true };

describe('satisfaction and similar tickets', () => {
  it('shows tickets like the title being typed on the create form', async () => {
    const asked: string[] = [];
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/similar/', ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('q') ?? '');
        return HttpResponse.json([{ id: 7, title: 'Printer jammed again', status: 'New', created_at: '2025-12-14T10:00:00Z' }]);
      }),
    );
    const { user } = renderApp('/create');
    await user.type(await screen.findByLabelText(/title/i), 'printer jam');
    expect(await screen.findByText('Is this the same problem?')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /#7 Printer jammed again/ })).toHaveAttribute('href', '/tickets/7');
    // Debounced: one request for the text as it settled, not one per key.
    expect(asked).toEqual(['printer jam']);
  });

  it('shows staff the requester’s rating on the ticket', async () => {
    server.use(...sessionOf(sam), http.get('/api/tickets/5/', () => HttpResponse.json(makeTicket({ id: 5, status: 'Resolved', rating }))));
    renderApp('/tickets/5');
    const card = await screen.findByTestId('ticket-rating');
    expect(card).toHaveTextContent('4/5');
    expect(card).toHaveTextContent('Quick fix');
    expect(screen.queryByTestId('rating-submit')).not.toBeInTheDocument();
    // A section of the side panel, headed like the panel's others, not a card of its own.
    expect(within(screen.getByTestId('ticket-panel')).getByRole('region', { name: 'Satisfaction' })).toBe(card);
    expect(card).not.toHaveClass('card');
  });

  it('lets the requester rate a resolved ticket', async () => {
    let sent: unknown = null;
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/5/', () => HttpResponse.json(makeTicket({ id: 5, status: 'Resolved' }))),
      http.post('/api/tickets/5/rating/', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ ticket: 5, ...rating, score: 5, comment: '' }, { status: 201 });
      }),
    );
    const { user } = renderApp('/tickets/5');
    await user.click(await screen.findByRole('button', { name: '5 out of 5' }));
    await user.click(screen.getByTestId('rating-submit'));
    expect(await screen.findByText('Thank you for your rating.')).toBeInTheDocument();
    expect(sent).toEqual({ score: 5, comment: '' });
  });

  it('records an e-mailed link’s score without signing in, then takes a comment', async () => {
    const bodies: unknown[] = [];
    server.use(
      ...noSession(),
      http.post('/api/ratings/:token/', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ ticket: 9, ticket_title: 'VPN drops', score: 3, comment: '', resolved_at: '', rated_at: '' }, { status: 201 });
      }),
    );
    const { user } = renderApp('/rate/abc:def');
    expect(await screen.findByTestId('rated-ticket')).toHaveTextContent('#9 “VPN drops”');
    await user.type(screen.getByLabelText(/comment/i), 'Fine');
    await user.click(screen.getByTestId('rate-send'));
    expect(await screen.findByTestId('rate-saved')).toBeInTheDocument();
    expect(bodies).toEqual([{}, { score: 3, comment: 'Fine' }]);
  });

  it('says so when a link has expired', async () => {
    server.use(
      ...noSession(),
      http.post('/api/ratings/:token/', () => HttpResponse.json({ detail: ['This rating link has expired.'] }, { status: 400 })),
    );
    renderApp('/rate/old');
    expect(await screen.findByTestId('rate-error')).toHaveTextContent('invalid or has expired');
  });

  it('lets staff switch their availability in the header', async () => {
    let patched: unknown = null;
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/', () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })),
      http.patch('/api/auth/me/', async ({ request }) => {
        patched = await request.json();
        return HttpResponse.json({ ...sam, available: true });
      }),
    );
    const { user } = renderApp('/');
    // Its name is the state in words, not the colour of its dot.
    const toggle = await screen.findByRole('button', { name: 'Away' });
    await user.click(toggle);
    await waitFor(() => expect(toggle).toHaveAccessibleName('Available'));
    expect(toggle).toHaveAttribute('title', expect.stringContaining('auto-assignment may give you tickets'));
    expect(patched).toEqual({ available: true });
  });

  it('shows no availability toggle to requesters', async () => {
    server.use(...sessionOf(alice), http.get('/api/tickets/', () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })));
    renderApp('/');
    await screen.findByTestId('current-user');
    expect(screen.queryByTestId('availability-toggle')).not.toBeInTheDocument();
  });
});
