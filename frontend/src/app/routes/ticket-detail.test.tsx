import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import userEvent from '@testing-library/user-event';
import { alice, makeActivity, makeTicket, page, sam, sessionOf } from '@/test/fixtures';
import { currentUrl, renderApp } from '@/test/render';
import { server } from '@/test/server';
import type { Ticket } from '@/features/tickets/types';

function serveTicket(ticket: Ticket) {
  server.use(http.get(`/api/tickets/${ticket.id}/`, () => HttpResponse.json(ticket)));
}

describe('ticket detail page', () => {
  it('shows every field, and the activity as sentences instead of a bare status history', async () => {
    const ticket = makeTicket({
      id: 5,
      title: 'VPN drops',
      description: 'Every hour\nsince Monday',
      category: 'Technical',
      status: 'Under Review',
      status_history: [
        { id: 1, status: 'New', changed_by: { id: 2, username: 'alice', email: '' }, changed_at: '2025-12-13T15:30:00Z' },
        { id: 2, status: 'Under Review', changed_by: { id: 1, username: 'sam', email: '' }, changed_at: '2025-12-14T09:00:00Z' },
      ],
    });
    const alicia = { id: 2, username: 'alice', email: '' };
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/5/activity/', () =>
        HttpResponse.json([
          makeActivity('created', { status: 'New', priority: 'Medium', assignee: null }, { actor: alicia }),
          makeActivity('status', { from: 'New', to: 'Under Review' }),
          makeActivity('priority', { from: 'Medium', to: 'High' }),
          makeActivity('assignee', { from: null, to: { id: 1, username: 'sam' } }),
          makeActivity('edited', { fields: ['title', 'category'], title: { from: 'VPN', to: 'VPN drops' }, category: { from: 'General', to: 'Technical' } }),
          makeActivity('attachment', { from: null, to: 'log.txt' }, { actor: alicia }),
          makeActivity('comment', { comment_id: 7, internal: false, excerpt: 'Any news?' }, { actor: alicia }),
        ]),
      ),
    );
    serveTicket(ticket);
    renderApp('/tickets/5');

    expect(await screen.findByRole('heading', { level: 1, name: 'VPN drops' })).toBeInTheDocument();
    expect(screen.getByTestId('ticket-description')).toHaveTextContent('Every hour since Monday');
    expect(screen.getByTestId('ticket-creator')).toHaveTextContent('alice');
    expect(screen.getByTestId('ticket-assignee')).toHaveTextContent('Unassigned');
    const main = screen.getByTestId('ticket-detail');
    expect(within(main).getAllByTestId('priority-badge')[0]).toHaveTextContent('Medium priority');
    const timeline = await screen.findByTestId('activity-timeline');
    const entries = within(timeline).getAllByTestId('timeline-entry');
    expect(entries.map((e) => e.querySelector('p')?.textContent)).toEqual([
      'alice created the ticket',
      'sam changed the status from New to Under Review',
      'sam changed the priority from Medium to High',
      'sam assigned the ticket to sam',
      'sam edited the title and the category',
      'alice attached log.txt',
      'alice replied',
    ]);
    expect(entries[1]).toHaveAttribute('data-status', 'Under Review');
    expect(entries[4]).toHaveTextContent('Title: “VPN” → “VPN drops”');
    expect(entries[4]).toHaveTextContent('Category: General → Technical');
    expect(entries[6]).toHaveTextContent('“Any news?”');

    // The same facts read in Spanish, with the date in the Spanish format.
    await userEvent.setup().selectOptions(screen.getByLabelText('Language'), 'es');
    expect(await within(timeline).findByText('sam cambió el estado de Nuevo a En revisión')).toBeInTheDocument();
    expect(within(timeline).getByText('sam editó el título y la categoría')).toBeInTheDocument();
    // A requester gets no staff controls.
    expect(screen.queryByTestId('ticket-panel')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
  });

  it('shows an image inline, linked to the full size', async () => {
    server.use(...sessionOf(alice));
    serveTicket(
      makeTicket({
        id: 6,
        attachment: 'http://localhost:3000/api/attachments/6/?sig=abc',
        attachment_name: 'screen.png',
        attachment_content_type: 'image/png',
        attachment_size: 2048,
      }),
    );
    renderApp('/tickets/6');
    const image = await screen.findByRole('img', { name: 'Attachment: screen.png' });
    expect(image).toHaveAttribute('src', 'http://localhost:3000/api/attachments/6/?sig=abc');
    expect(image.closest('a')).toHaveAttribute('href', 'http://localhost:3000/api/attachments/6/?sig=abc');
    expect(screen.getByText('2 kB', { exact: false })).toBeInTheDocument();
  });

  it("shows a PDF in the browser's own viewer and other files as a download", async () => {
    server.use(...sessionOf(alice));
    serveTicket(makeTicket({ id: 7, attachment: 'http://localhost:3000/f/7', attachment_name: 'bill.pdf', attachment_content_type: 'application/pdf' }));
    serveTicket(makeTicket({ id: 8, attachment: 'http://localhost:3000/f/8', attachment_name: 'data.csv', attachment_content_type: 'text/csv' }));
    const { unmount } = renderApp('/tickets/7');
    const frame = await screen.findByTitle('PDF preview of bill.pdf');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame).toHaveAttribute('src', 'http://localhost:3000/f/7');
    unmount();

    renderApp('/tickets/8');
    const link = await screen.findByRole('link', { name: /download data\.csv/i });
    expect(link).toHaveAttribute('href', 'http://localhost:3000/f/8');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });

  it('says a ticket is not found when the API answers 404', async () => {
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/99/', () => HttpResponse.json({ detail: 'No Ticket matches the given query.' }, { status: 404 })),
    );
    renderApp('/tickets/99');
    expect(await screen.findByRole('alert')).toHaveTextContent('This ticket does not exist, or you cannot see it.');
  });

  it('lets staff change the status from the side panel, with a success message', async () => {
    let ticket = makeTicket({ id: 9, title: 'Refund', status: 'New' });
    let patched: unknown;
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/9/', () => HttpResponse.json(ticket)),
      http.patch('/api/tickets/9/status/', async ({ request }) => {
        patched = await request.json();
        ticket = { ...ticket, status: 'Under Review' };
        return HttpResponse.json(ticket);
      }),
    );
    const { user } = renderApp('/tickets/9');
    const panel = await screen.findByTestId('ticket-panel');
    expect(within(panel).getByLabelText('Status')).toHaveValue('New');
    expect(within(panel).getByRole('link', { name: 'Edit' })).toHaveAttribute('href', '/edit/9');

    await user.selectOptions(within(panel).getByLabelText('Status'), 'Under Review');

    expect(await screen.findByText('Status changed to Under Review.')).toBeInTheDocument();
    expect(patched).toEqual({ status: 'Under Review' });
    expect(within(panel).getByLabelText('Status')).toHaveValue('Under Review');
    const main = screen.getByTestId('ticket-detail');
    await waitFor(() => expect(within(main).getAllByTestId('status-badge')[0]).toHaveTextContent('Under Review'));
  });

  it('asks for confirmation before staff delete a ticket, then returns to the list', async () => {
    let deleted = false;
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/10/', () => HttpResponse.json(makeTicket({ id: 10 }))),
      http.delete('/api/tickets/10/', () => {
        deleted = true;
        return new HttpResponse(null, { status: 204 });
      }),
      http.get('/api/tickets/', () => HttpResponse.json(page([]))),
    );
    const { user, router } = renderApp('/tickets/10');
    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog).toHaveTextContent('Delete this ticket?');
    expect(deleted).toBe(false);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(deleted).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Yes, delete it' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/'));
    expect(deleted).toBe(true);
    expect(await screen.findByText('Ticket deleted.')).toBeInTheDocument();
  });

  it('shows the 404 page for a malformed id', async () => {
    server.use(...sessionOf(alice));
    renderApp('/tickets/abc');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
  });
});
