import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { queueHref, queueNeighbours, rememberQueueOrder, rememberedQueueOrder } from '@/features/tickets/queue-order';
import type { Ticket } from '@/features/tickets/types';
import { alice, makeTicket, page, sam, sessionOf } from '@/test/fixtures';
import { currentUrl, renderApp } from '@/test/render';
import { server } from '@/test/server';

/** Serves ticket `initial` and applies every PATCH to it, recording the bodies. */
function serveEditable(initial: Ticket) {
  let ticket = initial;
  const sent: { path: 'ticket' | 'status'; body: Record<string, unknown> }[] = [];
  server.use(
    http.get(`/api/tickets/${ticket.id}/`, () => HttpResponse.json(ticket)),
    http.patch(`/api/tickets/${ticket.id}/`, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      sent.push({ path: 'ticket', body });
      const assignee =
        'assignee' in body
          ? body.assignee === null
            ? null
            : { id: Number(body.assignee), username: body.assignee === 1 ? 'sam' : 'kim', email: '' }
          : ticket.assignee;
      ticket = { ...ticket, ...(body as Partial<Ticket>), assignee };
      return HttpResponse.json(ticket);
    }),
    http.patch(`/api/tickets/${ticket.id}/status/`, async ({ request }) => {
      const body = (await request.json()) as { status: Ticket['status'] };
      sent.push({ path: 'status', body });
      ticket = { ...ticket, status: body.status };
      return HttpResponse.json(ticket);
    }),
  );
  return sent;
}

beforeEach(() => {
  sessionStorage.clear();
});

describe('the agent side panel', () => {
  it('applies a priority as soon as it is chosen, and Undo restores the one before', async () => {
    server.use(...sessionOf(sam));
    const sent = serveEditable(makeTicket({ id: 7, priority: 'Medium' }));
    const { user } = renderApp('/tickets/7');
    const panel = await screen.findByTestId('ticket-panel');
    expect(within(panel).queryByRole('button', { name: 'Apply' })).not.toBeInTheDocument();

    await user.selectOptions(within(panel).getByLabelText('Priority'), 'High');

    const toast = await screen.findByText('Priority changed to High.');
    expect(sent).toEqual([{ path: 'ticket', body: { priority: 'High' } }]);
    const main = screen.getByTestId('ticket-detail');
    await waitFor(() => expect(within(main).getAllByTestId('priority-badge')[0]).toHaveTextContent('High priority'));

    await user.click(within(toast.closest('[data-testid="toast"]') as HTMLElement).getByRole('button', { name: 'Undo' }));

    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ path: 'ticket', body: { priority: 'Medium' } });
    expect(await screen.findByText('Priority changed to Medium.')).toBeInTheDocument();
    await waitFor(() => expect(within(panel).getByLabelText('Priority')).toHaveValue('Medium'));
    // The undo's own toast offers no second undo.
    const undoToast = screen.getByText('Priority changed to Medium.').closest('[data-testid="toast"]') as HTMLElement;
    expect(within(undoToast).queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
  });

  it('applies a status through the status endpoint, and Undo sets the previous status back', async () => {
    server.use(...sessionOf(sam));
    const sent = serveEditable(makeTicket({ id: 9, status: 'New' }));
    const { user } = renderApp('/tickets/9');
    const status = await screen.findByLabelText('Status');
    expect(status).toHaveValue('New');

    await user.selectOptions(status, 'Resolved');
    expect(await screen.findByText('Status changed to Resolved.')).toBeInTheDocument();
    expect(sent).toEqual([{ path: 'status', body: { status: 'Resolved' } }]);
    await waitFor(() => expect(screen.getAllByTestId('status-badge')[0]).toHaveTextContent('Resolved'));

    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(sent.at(-1)).toEqual({ path: 'status', body: { status: 'New' } }));
    await waitFor(() => expect(status).toHaveValue('New'));
  });

  it('assigns from the staff directory, to me in one click, and unassigns', async () => {
    server.use(...sessionOf(sam));
    const sent = serveEditable(makeTicket({ id: 8 }));
    const { user } = renderApp('/tickets/8');
    const assignee = await screen.findByLabelText('Assignee');
    await waitFor(() => expect(within(assignee).getAllByRole('option').map((o) => o.textContent)).toEqual(['Unassigned', 'sam', 'kim']));

    await user.selectOptions(assignee, 'kim');
    expect(await screen.findByText('Assigned to kim.')).toBeInTheDocument();
    expect(sent.at(-1)?.body).toEqual({ assignee: 3 });

    await user.click(screen.getByRole('button', { name: 'Assign to me' }));
    expect(await screen.findByText('Assigned to sam.')).toBeInTheDocument();
    expect(sent.at(-1)?.body).toEqual({ assignee: 1 });
    // Already mine: the shortcut goes away.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Assign to me' })).not.toBeInTheDocument());

    await user.selectOptions(assignee, 'Unassigned');
    expect(await screen.findByText('The ticket is now unassigned.')).toBeInTheDocument();
    expect(sent.at(-1)?.body).toEqual({ assignee: null });
  });

  it('sends a choice stepped to with the arrow keys once, when the person stops', async () => {
    server.use(...sessionOf(sam));
    const sent = serveEditable(makeTicket({ id: 14, priority: 'Low' }));
    renderApp('/tickets/14');
    const priority = await screen.findByLabelText('Priority');
    // A closed select fires a change per arrow step (Chromium, Firefox).
    fireEvent.keyDown(priority, { key: 'ArrowDown' });
    fireEvent.change(priority, { target: { value: 'Medium' } });
    fireEvent.keyDown(priority, { key: 'ArrowDown' });
    fireEvent.change(priority, { target: { value: 'High' } });
    expect(priority).toHaveValue('High');
    expect(sent).toEqual([]);
    // Enter sends the one it stopped on.
    fireEvent.keyDown(priority, { key: 'Enter' });
    await waitFor(() => expect(sent).toEqual([{ path: 'ticket', body: { priority: 'High' } }]));
    expect(await screen.findByText('Priority changed to High.')).toBeInTheDocument();

    // Or a moment's pause does.
    fireEvent.keyDown(priority, { key: 'ArrowUp' });
    fireEvent.change(priority, { target: { value: 'Medium' } });
    expect(sent).toHaveLength(1);
    await waitFor(() => expect(sent.at(-1)).toEqual({ path: 'ticket', body: { priority: 'Medium' } }), { timeout: 2000 });
    expect(sent).toHaveLength(2);
  });

  it("shows the server's reason when a change is refused, and keeps the value the server has", async () => {
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/5/', () => HttpResponse.json(makeTicket({ id: 5, priority: 'Low' }))),
      http.patch('/api/tickets/5/', () => HttpResponse.json({ priority: ['"Urgent" is not a valid choice.'] }, { status: 400 })),
    );
    const { user } = renderApp('/tickets/5');
    const priority = await screen.findByLabelText('Priority');
    await user.selectOptions(priority, 'Critical');

    expect(await screen.findByTestId('panel-error')).toHaveTextContent('is not a valid choice');
    expect(priority).toHaveValue('Low');
    expect(priority).toHaveAttribute('aria-describedby');
    expect(screen.queryByText('Priority changed to Critical.')).not.toBeInTheDocument();
  });

  it('shows the requester, dates, first response and resolution times, and the Edit link', async () => {
    server.use(...sessionOf(sam));
    serveEditable(
      makeTicket({
        id: 4,
        status: 'Resolved',
        created_at: '2025-12-13T09:00:00Z',
        first_response_at: '2025-12-13T11:05:00Z',
        resolved_at: '2025-12-16T13:00:00Z',
      }),
    );
    renderApp('/tickets/4');
    const panel = await screen.findByTestId('ticket-panel');
    expect(within(panel).getByTestId('ticket-creator')).toHaveTextContent('alice');
    expect(within(panel).getByTestId('ticket-creator')).toHaveTextContent('alice@example.com');
    expect(within(panel).getByTestId('first-response')).toHaveTextContent('2 hr 5 min');
    expect(within(panel).getByTestId('resolution-time')).toHaveTextContent('3 days 4 hr');
    expect(within(panel).getByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/edit/4');
    expect(screen.getByRole('complementary', { name: 'Ticket properties' })).toContainElement(panel);
  });

  it('says when there is no first response or resolution yet', async () => {
    server.use(...sessionOf(sam));
    serveEditable(makeTicket({ id: 3 }));
    renderApp('/tickets/3');
    expect(await screen.findByTestId('first-response')).toHaveTextContent('No reply yet');
    expect(screen.getByTestId('resolution-time')).toHaveTextContent('Not resolved');
  });

  it('holds the waiting-on-requester switch as a section of its own, headed like the others', async () => {
    server.use(...sessionOf(sam));
    serveEditable(makeTicket({ id: 6, waiting_on_requester: true }));
    renderApp('/tickets/6');
    const panel = await screen.findByTestId('ticket-panel');
    const section = within(panel).getByRole('region', { name: 'Service level' });
    expect(section).toBe(within(panel).getByTestId('waiting-toggle'));
    expect(section).not.toHaveClass('card');
    expect(within(section).getByRole('switch', { name: 'Waiting on requester' })).toBeChecked();
  });

  it('keeps the activity in a tab beside the conversation', async () => {
    server.use(...sessionOf(sam));
    serveEditable(makeTicket({ id: 2 }));
    const { user } = renderApp('/tickets/2');
    const conversationTab = await screen.findByRole('tab', { name: 'Conversation' });
    expect(conversationTab).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('activity')).not.toBeVisible();

    await user.click(screen.getByRole('tab', { name: 'Activity' }));
    expect(screen.getByTestId('activity')).toBeVisible();
    expect(screen.getByTestId('conversation')).not.toBeVisible();
    // Arrow keys move between tabs.
    await user.keyboard('{ArrowLeft}');
    expect(conversationTab).toHaveFocus();
    expect(conversationTab).toHaveAttribute('aria-selected', 'true');
  });

  it('keeps Edit, Delete and the delete confirmation together in the footer that stays in view', async () => {
    server.use(...sessionOf(sam));
    serveEditable(makeTicket({ id: 5 }));
    const { user } = renderApp('/tickets/5');
    const footer = await screen.findByTestId('panel-actions');
    expect(within(footer).getByRole('link', { name: 'Edit' })).toBeInTheDocument();
    await user.click(within(footer).getByRole('button', { name: 'Delete' }));
    expect(within(footer).getByRole('alertdialog')).toBeInTheDocument();
    // The footer is the panel's last part, so its sticky foot holds every action.
    expect(screen.getByTestId('ticket-panel').lastElementChild).toBe(footer);
  });

  it('shows a skeleton in the shape of the ticket page, not a spinner, while the ticket loads', async () => {
    server.use(...sessionOf(sam));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      http.get('/api/tickets/8/', async () => {
        await held;
        return HttpResponse.json(makeTicket({ id: 8, title: 'Printer on fire' }));
      }),
    );
    renderApp('/tickets/8');
    const skeleton = await screen.findByTestId('ticket-skeleton');
    expect(skeleton).toHaveAttribute('role', 'status');
    expect(skeleton).toHaveTextContent('Loading the ticket…');
    expect(screen.queryByTestId('loading')).not.toBeInTheDocument();
    // The page's columns: the ticket, staff's side panel and the conversation.
    expect(skeleton.querySelector('.detail__main')).not.toBeNull();
    expect(skeleton.querySelector('.detail__side .panel')).not.toBeNull();
    expect(skeleton.querySelector('.detail__conversation')).not.toBeNull();

    release();
    expect(await screen.findByTestId('ticket-title')).toHaveTextContent('Printer on fire');
    expect(screen.queryByTestId('ticket-skeleton')).not.toBeInTheDocument();
  });

  it('is not shown to requesters, who keep their detail page', async () => {
    server.use(...sessionOf(alice), http.get('/api/tickets/6/', () => HttpResponse.json(makeTicket({ id: 6 }))));
    renderApp('/tickets/6');
    expect(await screen.findByTestId('ticket-assignee')).toHaveTextContent('Unassigned');
    expect(screen.queryByTestId('ticket-panel')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Priority')).not.toBeInTheDocument();
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    expect(screen.queryByTestId('previous-ticket')).not.toBeInTheDocument();
  });
});

describe('the queue around a ticket', () => {
  it('remembers the list page it came from and offers the previous and next ticket', async () => {
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/', () => HttpResponse.json(page([makeTicket({ id: 31 }), makeTicket({ id: 32 }), makeTicket({ id: 33 })]))),
    );
    serveEditable(makeTicket({ id: 32, title: 'Middle one' }));
    serveEditable(makeTicket({ id: 33, title: 'Last one' }));
    // Staff's default list is the queue table; it remembers the rows it shows, in order.
    const { user, router } = renderApp('/?status=New&ordering=-priority');
    // Staff's default list is the queue's table.
    await screen.findAllByTestId('queue-row');
    await waitFor(() => expect(rememberedQueueOrder()).toEqual({ query: '?status=New&ordering=-priority', ids: [31, 32, 33] }));

    await act(() => router.navigate('/tickets/32'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Middle one' })).toBeInTheDocument();
    expect(screen.getByTestId('queue-position')).toHaveTextContent('2 of 3');
    expect(screen.getByTestId('previous-ticket')).toHaveAttribute('href', '/tickets/31');
    expect(screen.getByRole('link', { name: /Back to queue/ })).toHaveAttribute('href', '/?status=New&ordering=-priority');

    await user.click(screen.getByTestId('next-ticket'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Last one' })).toBeInTheDocument();
    expect(currentUrl(router)).toBe('/tickets/33');
    expect(screen.getByTestId('queue-position')).toHaveTextContent('3 of 3');
    // The last ticket has no next one.
    expect(screen.queryByTestId('next-ticket')).not.toBeInTheDocument();
  });

  it('finds neighbours only inside the remembered page, and falls back to the plain list', () => {
    expect(queueHref()).toBe('/');
    expect(queueNeighbours(5)).toEqual({ previous: null, next: null, position: null, total: 0 });
    rememberQueueOrder('page=2', [4, 5, 6]);
    expect(queueNeighbours(4)).toEqual({ previous: null, next: 5, position: 1, total: 3 });
    expect(queueNeighbours(5)).toEqual({ previous: 4, next: 6, position: 2, total: 3 });
    expect(queueNeighbours(9).position).toBeNull();
    expect(queueHref()).toBe('/?page=2');
    sessionStorage.setItem('helpdesk.queueOrder', '{broken');
    expect(rememberedQueueOrder()).toBeNull();
  });
});

describe('keys on the ticket page', () => {
  it('r focuses the reply, n an internal note, and Esc leaves a field, then returns to the queue', async () => {
    server.use(...sessionOf(sam), http.get('/api/tickets/', () => HttpResponse.json(page([]))));
    rememberQueueOrder('?assignee=me', [12]);
    serveEditable(makeTicket({ id: 12 }));
    const { user, router } = renderApp('/tickets/12');
    const body = await screen.findByLabelText('Your message');
    const internal = screen.getByLabelText('Internal note — visible to staff only');

    await user.keyboard('n');
    expect(body).toHaveFocus();
    expect(internal).toBeChecked();
    // Typing in the field types; it fires nothing.
    await user.keyboard('rn');
    expect(body).toHaveValue('rn');
    expect(internal).toBeChecked();

    await user.keyboard('{Escape}');
    expect(body).not.toHaveFocus();
    expect(currentUrl(router)).toBe('/tickets/12');

    await user.keyboard('r');
    expect(body).toHaveFocus();
    expect(internal).not.toBeChecked();
    expect(body).toHaveValue('rn');

    await user.keyboard('{Escape}');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(currentUrl(router)).toBe('/?assignee=me'));
  });

  it('gives requesters r and Esc but no internal notes', async () => {
    server.use(...sessionOf(alice), http.get('/api/tickets/13/', () => HttpResponse.json(makeTicket({ id: 13 }))));
    const { user } = renderApp('/tickets/13');
    const body = await screen.findByLabelText('Your message');
    await user.keyboard('n');
    expect(body).not.toHaveFocus();
    await user.keyboard('r');
    expect(body).toHaveFocus();
  });
});
