import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ticket, TicketListItem } from '@/features/tickets/types';
import { FakeWebSocket, installFakeWebSocket } from '@/test/fake-websocket';
import { ACCESS, alice, makeTicket, page, sessionOf } from '@/test/fixtures';
import i18n from '@/lib/i18n';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';

const printer = makeTicket({ id: 1, title: 'Printer jammed', status: 'New' });
const invoice = makeTicket({ id: 2, title: 'Invoice twice', status: 'Under Review', category: 'Billing' });

function listItem(ticket: Ticket): TicketListItem {
  const item: Record<string, unknown> = { ...ticket };
  delete item.status_history;
  return item as TicketListItem;
}

/** Serves the list and the detail of `tickets`, counting the requests. */
function ticketsApi(tickets: Ticket[]) {
  const counts = { list: 0, detail: 0 };
  server.use(
    ...sessionOf(alice),
    http.get('/api/tickets/', () => {
      counts.list++;
      return HttpResponse.json(page(tickets));
    }),
    http.get('/api/tickets/:id/', ({ params }) => {
      counts.detail++;
      const ticket = tickets.find((t) => t.id === Number(params.id));
      return ticket ? HttpResponse.json(ticket) : HttpResponse.json({ detail: 'Not found.' }, { status: 404 });
    }),
    http.get('/api/tickets/:id/comments/', () => HttpResponse.json([])),
    http.get('/api/tickets/:id/activity/', () => HttpResponse.json([])),
  );
  return counts;
}

/** Waits for the app's socket, plays the server's handshake and returns the socket. */
async function connected(): Promise<FakeWebSocket> {
  await waitFor(() => expect(FakeWebSocket.instances.length).toBeGreaterThan(0));
  const socket = FakeWebSocket.latest;
  act(() => socket.open());
  await waitFor(() => expect(socket.messages[0]).toEqual({ type: 'auth', token: ACCESS }));
  act(() => socket.receive({ type: 'auth.ok', user: { id: alice.id, isAdmin: false } }));
  return socket;
}

/** Lets `ms` pass on the fake clock, and whatever it sets off settle. */
async function elapse(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

function push(socket: FakeWebSocket, message: object) {
  act(() => socket.receive(message));
}

function cardOf(title: string): HTMLElement {
  const card = screen.getAllByTestId('ticket-card').find((el) => within(el).queryByRole('link', { name: title }));
  if (!card) throw new Error(`no card for ${title}`);
  return card;
}

describe('live updates', () => {
  beforeEach(() => {
    installFakeWebSocket();
    // A fake clock, so waits (backoff, "nothing else happens") cost no real
    // time; it also moves with real time, for Testing Library's waitFor.
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('opens one socket after sign-in, authenticating with its first message', async () => {
    ticketsApi([printer]);
    renderApp('/');
    await screen.findAllByTestId('ticket-card');
    const socket = await connected();
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(socket.url).toBe(`ws://${window.location.host}/ws/`);
  });

  it('patches the list in place on ticket.updated, without refetching it', async () => {
    const counts = ticketsApi([printer, invoice]);
    renderApp('/');
    await screen.findAllByTestId('ticket-card');
    const socket = await connected();
    expect(within(cardOf('Printer jammed')).getByTestId('status-badge')).toHaveTextContent('New');
    const listRequests = counts.list;

    push(socket, {
      type: 'ticket.updated',
      ticket: { ...listItem(printer), status: 'Resolved', updated_at: '2025-12-14T10:00:00Z' },
    });

    // (TanStack Query notifies on its next tick.)
    await waitFor(() => expect(within(cardOf('Printer jammed')).getByTestId('status-badge')).toHaveTextContent('Resolved'));
    expect(within(cardOf('Invoice twice')).getByTestId('status-badge')).toHaveTextContent('Under Review');
    // Give a refetch the chance to happen: none does.
    await elapse(50);
    expect(counts.list).toBe(listRequests);
  });

  it('ignores an update older than what the list shows', async () => {
    const fresh = makeTicket({ id: 9, title: 'Fresh', status: 'Resolved', updated_at: '2025-12-20T10:00:00Z' });
    ticketsApi([fresh]);
    renderApp('/');
    await screen.findAllByTestId('ticket-card');
    const socket = await connected();
    push(socket, { type: 'ticket.updated', ticket: { ...listItem(fresh), status: 'New', updated_at: '2025-12-19T10:00:00Z' } });
    await elapse(50);
    expect(within(cardOf('Fresh')).getByTestId('status-badge')).toHaveTextContent('Resolved');
  });

  it('removes a deleted ticket from the list', async () => {
    ticketsApi([printer, invoice]);
    renderApp('/');
    await screen.findAllByTestId('ticket-card');
    const socket = await connected();

    push(socket, { type: 'ticket.deleted', ticket: listItem(invoice) });

    await waitFor(() => expect(screen.getAllByTestId('ticket-card')).toHaveLength(1));
    expect(screen.queryByRole('link', { name: 'Invoice twice' })).not.toBeInTheDocument();
  });

  it('refetches the lists when a ticket is created', async () => {
    const tickets = [printer];
    const counts = ticketsApi(tickets);
    renderApp('/');
    await screen.findAllByTestId('ticket-card');
    const socket = await connected();
    tickets.unshift(invoice);

    push(socket, { type: 'ticket.created', ticket: listItem(invoice) });

    expect(await screen.findByRole('link', { name: 'Invoice twice' })).toBeInTheDocument();
    expect(counts.list).toBe(2);
  });

  it('shows "Offline — reconnecting…" when the connection drops, until it is back, then refetches once', async () => {
    const counts = ticketsApi([printer]);
    renderApp('/');
    await screen.findAllByTestId('ticket-card');
    const socket = await connected();
    expect(screen.queryByTestId('offline-indicator')).not.toBeInTheDocument();

    act(() => socket.drop());
    const indicator = await screen.findByTestId('offline-indicator');
    expect(indicator).toHaveTextContent('Offline — reconnecting…');
    expect(indicator.closest('[role="status"]')).not.toBeNull();
    const listRequests = counts.list;

    // The retry comes after 0.25–0.75 s and authenticates again.
    await elapse(750);
    expect(FakeWebSocket.instances).toHaveLength(2);
    const again = await connected();
    expect(again).not.toBe(socket);

    await waitFor(() => expect(screen.queryByTestId('offline-indicator')).not.toBeInTheDocument());
    // What may have been missed meanwhile is fetched again, once.
    await waitFor(() => expect(counts.list).toBe(listRequests + 1));
    await elapse(50);
    expect(counts.list).toBe(listRequests + 1);
  });

  it('patches the open detail page and tells the user it changed', async () => {
    const tickets = [printer];
    const counts = ticketsApi(tickets);
    renderApp('/tickets/1');
    expect(await screen.findByTestId('ticket-title')).toHaveTextContent('Printer jammed');
    const socket = await connected();
    const detailRequests = counts.detail;

    // Someone else renames it: the server has the new version and says so.
    const renamed = { ...printer, title: 'Printer on fire', updated_at: '2025-12-14T10:00:00Z' };
    tickets[0] = renamed;
    push(socket, { type: 'ticket.updated', ticket: listItem(renamed) });

    await waitFor(() => expect(screen.getByTestId('ticket-title')).toHaveTextContent('Printer on fire'));
    expect(await screen.findByText('This ticket was just updated.')).toBeInTheDocument();
    // Only this ticket's detail is fetched again (for its status history).
    await waitFor(() => expect(counts.detail).toBe(detailRequests + 1));
  });

  it('says nothing about a change this tab has just saved itself', async () => {
    ticketsApi([printer]);
    const view = renderApp('/tickets/1');
    await screen.findByTestId('ticket-title');
    const socket = await connected();

    // The tab's own save already put this version in the cache.
    const saved = { ...printer, status: 'Resolved' as const, updated_at: '2025-12-14T10:00:00Z' };
    act(() => view.queryClient.setQueryData(['tickets', 'detail', 1], saved));
    push(socket, { type: 'ticket.updated', ticket: listItem(saved) });

    await elapse(50);
    expect(screen.queryByText('This ticket was just updated.')).not.toBeInTheDocument();
  });

  it("announces someone else's reply on the open ticket, not the user's own", async () => {
    ticketsApi([printer]);
    renderApp('/tickets/1');
    await screen.findByTestId('ticket-title');
    const socket = await connected();
    const replied = { ...listItem(printer), comments_count: 1, updated_at: '2025-12-14T10:00:00Z' };

    push(socket, { type: 'comment.created', ticket: replied, comment: { id: 7, body: 'Mine', author: { id: alice.id } } });
    await elapse(50);
    expect(screen.queryByText('A new reply was just added to this ticket.')).not.toBeInTheDocument();

    push(socket, { type: 'comment.created', ticket: { ...replied, comments_count: 2 }, comment: { id: 8, body: 'Hi', author: { id: 99 } } });
    expect(await screen.findByText('A new reply was just added to this ticket.')).toBeInTheDocument();
  });

  it('says who changed what on the open ticket, in the reader\'s language', async () => {
    ticketsApi([printer]);
    renderApp('/tickets/1');
    await screen.findByTestId('ticket-title');
    const socket = await connected();
    const sam = { id: 1, username: 'sam' };
    let version = 10;
    const update = (changes: Partial<TicketListItem>, fields: string[], actor: object | null = sam) =>
      push(socket, {
        type: 'ticket.updated',
        ticket: { ...listItem(printer), ...changes, updated_at: `2025-12-14T${version++}:00:00Z` },
        actor,
        changes: fields,
      });
    const toast = (text: string) => screen.findByText(text, { selector: '[data-testid="toast"] *' });

    update({ status: 'Resolved' }, ['status']);
    expect(await toast('sam set the status to Resolved')).toBeInTheDocument();
    update({ priority: 'Critical' }, ['priority']);
    expect(await toast('sam set the priority to Critical')).toBeInTheDocument();
    update({ assignee: { id: 3, username: 'ana', email: '' } }, ['assignee']);
    expect(await toast('sam assigned it to ana')).toBeInTheDocument();
    update({ assignee: null }, ['assignee']);
    expect(await toast('sam unassigned it')).toBeInTheDocument();
    update({ title: 'Printer on fire', status: 'New' }, ['title', 'status']);
    expect(await toast('sam changed the title and the status')).toBeInTheDocument();
    push(socket, {
      type: 'comment.created',
      ticket: { ...listItem(printer), comments_count: 1, updated_at: `2025-12-14T${version++}:00:00Z` },
      comment: { id: 8, body: 'Hi', internal: false, author: sam },
      actor: sam,
    });
    expect(await toast('sam replied')).toBeInTheDocument();

    await act(() => i18n.changeLanguage('es'));
    update({ status: 'Under Review' }, ['status']);
    expect(await toast('sam cambió el estado a En revisión')).toBeInTheDocument();
    push(socket, { type: 'ticket.deleted', ticket: listItem(printer), actor: sam });
    expect(await toast('sam eliminó este ticket')).toBeInTheDocument();
  });

  it('closes the socket on sign-out', async () => {
    ticketsApi([printer]);
    server.use(http.post('/api/auth/logout/', () => new HttpResponse(null, { status: 205 })));
    const { user } = renderApp('/');
    await screen.findAllByTestId('ticket-card');
    const socket = await connected();

    await user.click(screen.getByTestId('logout'));

    await waitFor(() => expect(socket.closedWith).toBe(1000));
    await elapse(800);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });
});
