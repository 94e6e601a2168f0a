import { screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Comment, Ticket } from '@/features/tickets/types';
import { alice, makeComment, makeTicket, sam, sessionOf } from '@/test/fixtures';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';

const alicia = { id: alice.id, username: alice.username, email: alice.email };

describe('conversation on the ticket page', () => {
  it('shows internal notes to staff as labelled, distinct cards, with their attachments', async () => {
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/1/', () => HttpResponse.json(makeTicket({ id: 1 }))),
      http.get('/api/tickets/1/comments/', () =>
        HttpResponse.json([
          makeComment({ id: 1, body: 'It is broken again', author: alicia }),
          makeComment({
            id: 2,
            body: 'Vendor case 4411',
            internal: true,
            attachment: 'http://localhost:3000/f/2',
            attachment_name: 'quote.png',
            attachment_content_type: 'image/png',
          }),
        ]),
      ),
    );
    renderApp('/tickets/1');
    const comments = await screen.findAllByTestId('comment');
    expect(comments).toHaveLength(2);
    expect(comments[0]).toHaveAttribute('data-internal', 'false');
    expect(comments[0]).toHaveTextContent('alice wrote');
    expect(within(comments[0]!).queryByTestId('internal-label')).not.toBeInTheDocument();
    expect(comments[1]).toHaveAttribute('data-internal', 'true');
    expect(comments[1]).toHaveClass('comment--internal');
    expect(within(comments[1]!).getByTestId('internal-label')).toHaveTextContent('Internal note');
    expect(within(comments[1]!).getByRole('img', { name: 'Attachment: quote.png' })).toHaveAttribute('src', 'http://localhost:3000/f/2');
    // Staff may write notes.
    expect(screen.getByRole('checkbox', { name: /internal note/i })).toBeInTheDocument();
  });

  it('lets a requester reply, then shows the reply and the reopened ticket; there is no note toggle', async () => {
    let ticket: Ticket = makeTicket({ id: 2, status: 'Resolved' });
    let comments: Comment[] = [];
    let posted: unknown;
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/2/', () => HttpResponse.json(ticket)),
      http.get('/api/tickets/2/comments/', () => HttpResponse.json(comments)),
      http.post('/api/tickets/2/comments/', async ({ request }) => {
        posted = await request.json();
        const comment = makeComment({ body: (posted as { body: string }).body, author: alicia });
        comments = [...comments, comment];
        // The server reopens a Resolved ticket on a requester's reply.
        ticket = { ...ticket, status: 'Under Review' };
        return HttpResponse.json(comment, { status: 201 });
      }),
    );
    const { user } = renderApp('/tickets/2');
    expect(await screen.findByText('No replies yet.')).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: /internal note/i })).not.toBeInTheDocument();
    const main = screen.getByTestId('ticket-detail');
    expect(within(main).getAllByTestId('status-badge')[0]).toHaveTextContent('Resolved');

    // Nothing is sent without a message.
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByTestId('error-body')).toHaveTextContent('Write a message.');
    expect(posted).toBeUndefined();

    await user.type(screen.getByLabelText('Your message'), 'Still broken, sorry');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));

    expect(await screen.findByText('Reply sent.')).toBeInTheDocument();
    expect(posted).toEqual({ body: 'Still broken, sorry', internal: false });
    expect(within(screen.getByTestId('thread')).getByText('Still broken, sorry')).toBeInTheDocument();
    expect(screen.getByLabelText('Your message')).toHaveValue('');
    await waitFor(() => expect(within(main).getAllByTestId('status-badge')[0]).toHaveTextContent('Under Review'));
  });

  it('lets staff add an internal note with a file, showing the upload progress', async () => {
    let fields: Record<string, string> = {};
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/3/', () => HttpResponse.json(makeTicket({ id: 3 }))),
      http.post('/api/tickets/3/comments/', async ({ request }) => {
        await delay(150);
        const form = await request.formData();
        fields = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : `file:${v.size}`]));
        return HttpResponse.json(makeComment({ body: 'See log', internal: true }), { status: 201 });
      }),
    );
    const { user } = renderApp('/tickets/3');
    await user.type(await screen.findByLabelText('Your message'), 'See log');
    await user.click(screen.getByRole('checkbox', { name: /internal note/i }));
    await user.upload(screen.getByLabelText('Attach a file (optional)'), new File(['log'], 'log.txt', { type: 'text/plain' }));
    await user.click(screen.getByRole('button', { name: 'Add internal note' }));

    expect(await screen.findByRole('progressbar', { name: /uploading/i })).toBeInTheDocument();
    expect(await screen.findByText('Internal note added.')).toBeInTheDocument();
    expect(fields).toEqual({ body: 'See log', internal: 'true', attachment: 'file:3' });
    // The box is ready for a normal reply again.
    expect(screen.getByRole('checkbox', { name: /internal note/i })).not.toBeChecked();
  });

  it("shows the server's field errors beside the reply box's fields", async () => {
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/4/', () => HttpResponse.json(makeTicket({ id: 4 }))),
      http.post('/api/tickets/4/comments/', () => HttpResponse.json({ body: ['Ensure this field has no more than 10000 characters.'] }, { status: 400 })),
    );
    const { user } = renderApp('/tickets/4');
    await user.type(await screen.findByLabelText('Your message'), 'x');
    await user.click(screen.getByRole('button', { name: 'Send reply' }));
    expect(await screen.findByTestId('error-body')).toHaveTextContent('no more than 10000 characters');
    expect(screen.getByLabelText('Your message')).toHaveAttribute('aria-invalid', 'true');
  });
});

// Staff's priority, assignee and status controls: agent-detail.test.tsx.
describe('staff triage on the ticket page', () => {
  it('is not offered to requesters, who still see the priority', async () => {
    server.use(...sessionOf(alice), http.get('/api/tickets/9/', () => HttpResponse.json(makeTicket({ id: 9, priority: 'Critical' }))));
    renderApp('/tickets/9');
    expect(await screen.findByText('Critical priority')).toHaveClass('badge--red');
    expect(screen.queryByTestId('ticket-panel')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Assignee')).not.toBeInTheDocument();
  });
});
