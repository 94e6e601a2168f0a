import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ticket, TicketListItem } from '@/features/tickets/types';
import { FakeWebSocket } from '@/test/fake-websocket';
import { ACCESS, alice, makeTicket, page, sam, sessionOf } from '@/test/fixtures';
import { currentUrl, renderApp } from '@/test/render';
import { server } from '@/test/server';

// jsdom has <dialog> but not its methods.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
});

const alicesSummary = { id: alice.id, username: alice.username, email: alice.email };

function item(ticket: Ticket, unread = false): TicketListItem {
  const { status_history: _history, ...rest } = ticket;
  void _history;
  return { ...rest, unread };
}

const longTitle = 'The VPN drops every few minutes on the third floor, and only on the laptops issued this autumn, never on the desktops';
const tickets = [
  makeTicket({ id: 1, title: 'Server down', priority: 'Critical', updated_at: '2025-12-13T15:30:00Z' }),
  makeTicket({ id: 2, title: longTitle, status: 'Under Review', category: 'Billing', assignee: { id: sam.id, username: 'sam', email: '' } }),
  makeTicket({ id: 3, title: 'Typo on the invoice', priority: 'Low' }),
];

/** Serves `rows` to staff, recording each list request's query. */
function queueApi(rows: TicketListItem[] = [item(tickets[0]!, true), item(tickets[1]!), item(tickets[2]!)]) {
  const requests: Record<string, string>[] = [];
  server.use(
    ...sessionOf(sam),
    http.get('/api/tickets/', ({ request }) => {
      requests.push(Object.fromEntries(new URL(request.url).searchParams));
      return HttpResponse.json({ ...page([]), count: rows.length, results: rows });
    }),
  );
  return requests;
}

const rows = () => screen.getAllByTestId('queue-row');
const row = (id: number) => rows().find((element) => element.dataset.ticketId === String(id))!;

describe('the staff queue', () => {
  it('is staff\'s default list: a dense table with every column, the unread dot and relative times', async () => {
    const requests = queueApi();
    renderApp('/');
    const table = await screen.findByRole('table', { name: 'Ticket queue' });
    const headers = within(table).getAllByRole('columnheader').map((th) => th.textContent?.replace(/[▲▼↕]/g, ''));
    expect(headers).toEqual(['Select all', 'ID', 'Title', 'Requester', 'Status', 'Priority', 'Category', 'Assignee', 'Updated', 'SLA']);
    expect(requests.at(-1)).toMatchObject({ page_size: '25' });
    expect(rows()).toHaveLength(3);

    const first = row(1);
    expect(within(first).getByRole('img', { name: 'Unread' })).toBeInTheDocument();
    expect(within(row(2)).queryByRole('img', { name: 'Unread' })).not.toBeInTheDocument();
    expect(within(first).getByText('alice')).toBeInTheDocument();
    expect(within(first).getByTestId('priority-badge')).toHaveTextContent('Critical');
    // Priority reads from an icon and weight first; the icon is decoration, the text is what is read out.
    expect(within(first).getByTestId('priority-badge').querySelector('svg')).toHaveAttribute('aria-hidden', 'true');
    expect(within(first).getByTestId('priority-badge')).toHaveClass('badge--red');
    expect(within(row(3)).getByTestId('priority-badge')).toHaveClass('badge--grey');
    expect(within(first).getByText('Unassigned')).toBeInTheDocument();
    // Updated: relative, with the exact time on hover.
    const time = within(first).getByText((_, element) => element?.tagName === 'TIME');
    expect(time).toHaveAttribute('dateTime', '2025-12-13T15:30:00Z');
    expect(time.getAttribute('title')).toMatch(/2025/);
    // A long title is clamped by CSS; the whole of it is its tooltip.
    expect(within(row(2)).getByRole('link', { name: longTitle })).toHaveAttribute('title', longTitle);
    expect(within(row(2)).getByText('sam')).toBeInTheDocument();
  });

  it('keeps requesters on the cards, with no view toggle', async () => {
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/', () => HttpResponse.json(page([tickets[0]!]))),
    );
    renderApp('/');
    expect(await screen.findAllByTestId('ticket-card')).toHaveLength(1);
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'View' })).not.toBeInTheDocument();
  });

  it('switches to cards in one click and remembers the choice', async () => {
    const requests = queueApi();
    const { user, unmount } = renderApp('/');
    await screen.findByRole('table');
    expect(screen.getByRole('button', { name: 'Table' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('button', { name: 'Cards' }));
    expect(await screen.findAllByTestId('ticket-card')).toHaveLength(3);
    expect(requests.at(-1)).toMatchObject({ page_size: '6' });
    unmount();

    renderApp('/');
    expect(await screen.findAllByTestId('ticket-card')).toHaveLength(3);
    expect(screen.getByRole('button', { name: 'Cards' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('sorts by a header with the API\'s orderings and says so with aria-sort', async () => {
    const requests = queueApi();
    const { user, router } = renderApp('/');
    await screen.findByRole('table');
    const updated = () => screen.getByRole('columnheader', { name: /Updated/ });
    expect(updated()).not.toHaveAttribute('aria-sort');

    await user.click(within(updated()).getByRole('button'));
    await waitFor(() => expect(currentUrl(router)).toBe('/?ordering=-updated_at'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ ordering: '-updated_at' }));
    expect(updated()).toHaveAttribute('aria-sort', 'descending');

    await user.click(within(updated()).getByRole('button'));
    await waitFor(() => expect(currentUrl(router)).toBe('/?ordering=updated_at'));
    expect(updated()).toHaveAttribute('aria-sort', 'ascending');

    // Text sorts A first; columns the API cannot sort have no button.
    await user.click(within(screen.getByRole('columnheader', { name: /Title/ })).getByRole('button'));
    await waitFor(() => expect(currentUrl(router)).toBe('/?ordering=title'));
    expect(screen.getByRole('columnheader', { name: /Title/ })).toHaveAttribute('aria-sort', 'ascending');
    expect(updated()).not.toHaveAttribute('aria-sort');
    expect(within(screen.getByRole('columnheader', { name: 'Requester' })).queryByRole('button')).not.toBeInTheDocument();
  });

  it('offers 25, 50 or 100 rows a page and remembers the choice', async () => {
    const requests = queueApi();
    const { user, unmount } = renderApp('/');
    await screen.findByRole('table');
    const size = screen.getByLabelText('Rows per page');
    expect(size).toHaveValue('25');
    expect(within(size).getAllByRole('option').map((o) => o.textContent)).toEqual(['25', '50', '100']);

    await user.selectOptions(size, '100');
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ page_size: '100' }));
    unmount();

    renderApp('/');
    await screen.findByRole('table');
    expect(screen.getByLabelText('Rows per page')).toHaveValue('100');
    expect(requests.at(-1)).toMatchObject({ page_size: '100' });
  });

  it('selects every row of the page, and the bulk bar reports each ticket the server refused', async () => {
    const served = [item(tickets[0]!), item(tickets[1]!), item(tickets[2]!)];
    queueApi(served);
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/tickets/bulk/', async ({ request }) => {
        bodies.push(await request.json());
        const updated = [0, 2].map((index) => (served[index] = { ...served[index]!, status: 'Resolved' }));
        return HttpResponse.json({ updated, failed: [{ id: 2, detail: 'Only staff can be assigned tickets.' }] });
      }),
    );
    const { user } = renderApp('/');
    await screen.findByRole('table');
    expect(screen.queryByTestId('bulk-bar')).not.toBeInTheDocument();

    const all = screen.getByRole('checkbox', { name: 'Select all tickets on this page' });
    await user.click(screen.getByRole('checkbox', { name: 'Select ticket #1' }));
    expect(all).toHaveProperty('indeterminate', true);
    await user.click(all);
    for (const id of [1, 2, 3]) expect(screen.getByRole('checkbox', { name: `Select ticket #${id}` })).toBeChecked();
    const bar = screen.getByRole('form', { name: 'Change selected tickets' });
    expect(within(bar).getByText('3 selected')).toBeInTheDocument();
    expect(within(bar).getByRole('button', { name: 'Apply to 3 tickets' })).toBeDisabled();

    await user.selectOptions(within(bar).getByLabelText('Status'), 'Resolved');
    await user.click(within(bar).getByRole('button', { name: 'Apply to 3 tickets' }));

    await waitFor(() => expect(bodies).toEqual([{ ids: [1, 2, 3], status: 'Resolved' }]));
    const failures = await screen.findByTestId('bulk-failures');
    expect(failures).toHaveTextContent('1 ticket was not changed:');
    expect(failures).toHaveTextContent('#2: Only staff can be assigned tickets.');
    expect(await screen.findByText('2 tickets changed.')).toBeInTheDocument();
    // The changed rows show it at once and leave the selection; the refused one stays selected.
    expect(within(row(1)).getByTestId('status-badge')).toHaveTextContent('Resolved');
    expect(screen.getByRole('checkbox', { name: 'Select ticket #1' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'Select ticket #2' })).toBeChecked();
    expect(within(screen.getByTestId('bulk-bar')).getByText('1 selected')).toBeInTheDocument();
  });

  it('labels the select-all checkbox with words (the list on a phone has no column headers), in each language', async () => {
    queueApi();
    const { user } = renderApp('/');
    await screen.findByRole('table');
    const all = screen.getByRole('checkbox', { name: 'Select all tickets on this page' });
    const words = screen.getByTestId('select-all-text');
    expect(words).toHaveTextContent('Select all');
    // The words are the checkbox's label: a tap on them selects every row, a second one none.
    expect(words.closest('label')).toContainElement(all);
    await user.click(words);
    for (const id of [1, 2, 3]) expect(screen.getByRole('checkbox', { name: `Select ticket #${id}` })).toBeChecked();
    await user.click(words);
    for (const id of [1, 2, 3]) expect(screen.getByRole('checkbox', { name: `Select ticket #${id}` })).not.toBeChecked();

    await user.selectOptions(screen.getByLabelText('Language'), 'es');
    expect(await screen.findByText('Seleccionar todo')).toBe(screen.getByTestId('select-all-text'));
    expect(screen.getByRole('checkbox', { name: 'Seleccionar todos los tickets de esta página' })).toBeInTheDocument();
  });

  it('moves with j/k, selects with x, opens with Enter, searches with / and lists the keys with ?', async () => {
    queueApi();
    server.use(http.get('/api/tickets/:id/', ({ params }) => HttpResponse.json(tickets.find((t) => t.id === Number(params.id)))));
    const { user, router } = renderApp('/');
    await screen.findByRole('table');

    await user.keyboard('j');
    expect(row(1)).toHaveFocus();
    await user.keyboard('jj');
    expect(row(3)).toHaveFocus();
    await user.keyboard('j'); // stays on the last row
    expect(row(3)).toHaveFocus();
    await user.keyboard('k');
    expect(row(2)).toHaveFocus();
    await user.keyboard('x');
    expect(screen.getByRole('checkbox', { name: 'Select ticket #2' })).toBeChecked();
    await user.keyboard('x');
    expect(screen.getByRole('checkbox', { name: 'Select ticket #2' })).not.toBeChecked();

    await user.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const text of ['Move to the next ticket', 'Select or deselect the ticket', 'Reply', 'Internal note', 'Back to the queue']) {
      expect(within(dialog).getByText(text)).toBeInTheDocument();
    }
    // Keys do nothing behind the open dialog.
    await user.keyboard('x');
    expect(screen.getByRole('checkbox', { name: 'Select ticket #2' })).not.toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.keyboard('/');
    expect(screen.getByLabelText('Search')).toHaveFocus();
    expect(screen.getByLabelText('Search')).toHaveValue('');

    row(2).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentUrl(router)).toBe('/tickets/2'));
  });

  it('fires no shortcut while typing in a field', async () => {
    queueApi();
    const { user } = renderApp('/');
    await screen.findByRole('table');
    await user.keyboard('j');
    expect(row(1)).toHaveFocus();

    const search = screen.getByLabelText('Search');
    await user.click(search);
    await user.keyboard('jkx?/');
    expect(search).toHaveValue('jkx?/');
    expect(search).toHaveFocus();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select ticket #1' })).not.toBeChecked();

    // A select keeps its letters too (type-ahead).
    await user.click(screen.getByRole('checkbox', { name: 'Select ticket #3' }));
    const status = within(screen.getByTestId('bulk-bar')).getByLabelText('Status');
    status.focus();
    await user.keyboard('x');
    expect(screen.getByRole('checkbox', { name: 'Select ticket #3' })).toBeChecked();
    expect(status).toHaveFocus();
  });

  it('patches rows from live updates in place, keeping the selection, and marks others\' activity unread', async () => {
    queueApi([item(tickets[0]!), item(tickets[1]!), item(tickets[2]!)]);
    const { user } = renderApp('/');
    await screen.findByRole('table');
    await user.click(screen.getByRole('checkbox', { name: 'Select ticket #2' }));

    const socket = FakeWebSocket.latest;
    act(() => socket.open());
    await waitFor(() => expect(socket.messages[0]).toEqual({ type: 'auth', token: ACCESS }));
    act(() => socket.receive({ type: 'auth.ok', user: { id: sam.id, isAdmin: true } }));
    const later = '2025-12-14T10:00:00Z';
    act(() =>
      socket.receive({
        type: 'comment.created',
        ticket: { ...item(tickets[1]!), updated_at: later, comments_count: 1, unread: undefined },
        comment: { author: alicesSummary },
        actor: { id: alice.id, username: 'alice' },
      }),
    );
    await waitFor(() => expect(within(row(2)).getByRole('img', { name: 'Unread' })).toBeInTheDocument());
    expect(screen.getByRole('checkbox', { name: 'Select ticket #2' })).toBeChecked();

    // Staff's own change does not mark the ticket unread.
    act(() =>
      socket.receive({
        type: 'ticket.updated',
        ticket: { ...item(tickets[2]!), status: 'Resolved', updated_at: later, unread: undefined },
        actor: { id: sam.id, username: 'sam' },
        changes: ['status'],
      }),
    );
    await waitFor(() => expect(within(row(3)).getByTestId('status-badge')).toHaveTextContent('Resolved'));
    expect(within(row(3)).queryByRole('img', { name: 'Unread' })).not.toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select ticket #2' })).toBeChecked();
  });

  it('shows each ticket\'s SLA clock in its own column and sorts by it, soonest first', async () => {
    const due = { first_response_due_at: '2026-12-07T11:00:00Z', resolution_due_at: '2026-12-07T14:00:00Z' };
    const breached = makeTicket({ id: 4, title: 'Late', sla: { ...tickets[0]!.sla, ...due, first_response: 'breached' } });
    const pending = makeTicket({ id: 5, title: 'Soon', sla: { ...tickets[0]!.sla, ...due, first_response_seconds_left: 600, first_response_at_risk: true } });
    const met = makeTicket({ id: 6, title: 'Done', sla: { ...tickets[0]!.sla, first_response: 'met', resolution: 'met' } });
    const requests = queueApi([item(breached), item(pending), item(met)]);
    const { user, router } = renderApp('/');
    await screen.findByRole('table');
    const sla = () => screen.getByRole('columnheader', { name: /SLA/ });
    const cell = (id: number) => within(row(id)).getAllByRole('cell').at(-1)!;

    expect(within(cell(4)).getByTestId('sla-badge')).toHaveTextContent('Reply overdue');
    expect(within(cell(5)).getByTestId('sla-badge')).toHaveTextContent('Reply within 10 min');
    expect(within(cell(5)).getByTestId('sla-badge')).toHaveAttribute('data-sla', 'at-risk');
    expect(cell(6)).toBeEmptyDOMElement();
    expect(sla()).not.toHaveAttribute('aria-sort');

    await user.click(within(sla()).getByRole('button'));
    await waitFor(() => expect(currentUrl(router)).toBe('/?ordering=sla_due'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ ordering: 'sla_due' }));
    expect(sla()).toHaveAttribute('aria-sort', 'ascending');

    await user.click(within(sla()).getByRole('button'));
    await waitFor(() => expect(currentUrl(router)).toBe('/?ordering=-sla_due'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ ordering: '-sla_due' }));
    expect(sla()).toHaveAttribute('aria-sort', 'descending');
  });

  it('filters by SLA for staff, in the URL, and Clear resets it', async () => {
    const requests = queueApi();
    const { user, router } = renderApp('/');
    await screen.findByRole('table');
    const filter = screen.getByRole('combobox', { name: 'SLA' });
    expect(within(filter).getAllByRole('option').map((option) => option.textContent)).toEqual(['Any SLA', 'Breached', 'At risk']);
    // On phones the headers are hidden: staff's sort menu offers the SLA order too.
    expect(within(screen.getByTestId('ordering')).getByRole('option', { name: 'SLA due soonest' })).toHaveValue('sla_due');

    await user.selectOptions(filter, 'Breached');
    await waitFor(() => expect(currentUrl(router)).toBe('/?sla=breached'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ sla: 'breached' }));
    expect(screen.getByTestId('filters-toggle')).toHaveTextContent('1');

    await user.selectOptions(filter, 'At risk');
    await waitFor(() => expect(currentUrl(router)).toBe('/?sla=at_risk'));
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ sla: 'at_risk' }));

    await user.click(screen.getByTestId('clear-filters'));
    await waitFor(() => expect(currentUrl(router)).toBe('/'));
    expect(filter).toHaveValue('');
    expect(screen.getByTestId('filters-toggle')).not.toHaveTextContent('1');
  });

  it('reads the SLA filter from the URL, ignoring a bad value', async () => {
    const requests = queueApi();
    const { unmount } = renderApp('/?sla=at_risk');
    expect(await screen.findByRole('combobox', { name: 'SLA' })).toHaveValue('at_risk');
    await waitFor(() => expect(requests.at(-1)).toMatchObject({ sla: 'at_risk' }));
    unmount();

    renderApp('/?sla=late');
    expect(await screen.findByRole('combobox', { name: 'SLA' })).toHaveValue('');
    await waitFor(() => expect(requests.at(-1)).not.toHaveProperty('sla'));
  });

  it('offers requesters neither the SLA filter nor the SLA order', async () => {
    const requests: Record<string, string>[] = [];
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/', ({ request }) => {
        requests.push(Object.fromEntries(new URL(request.url).searchParams));
        return HttpResponse.json(page([tickets[0]!]));
      }),
    );
    renderApp('/?sla=breached');
    await screen.findByTestId('ticket-card');
    expect(screen.queryByRole('combobox', { name: 'SLA' })).not.toBeInTheDocument();
    expect(within(screen.getByTestId('ordering')).queryByRole('option', { name: 'SLA due soonest' })).not.toBeInTheDocument();
    expect(requests.at(-1)).not.toHaveProperty('sla');
  });
});
