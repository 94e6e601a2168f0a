import { createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Comment, Ticket } from '@/features/tickets/types';
import { alice, makeComment, makeTicket, sam, sessionOf } from '@/test/fixtures';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';

const alicia = { id: alice.id, username: alice.username, email: alice.email };

/** What a drop or a paste carries: jsdom has no DataTransfer of its own. */
function transfer(...files: File[]) {
  return { files, types: ['Files'], items: files.map((file) => ({ kind: 'file', type: file.type, getAsFile: () => file })) };
}

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
    await user.upload(screen.getByLabelText('Attach files'), new File(['log'], 'log.txt', { type: 'text/plain' }));
    await user.click(screen.getByRole('button', { name: 'Add internal note' }));

    expect(await screen.findByRole('progressbar', { name: /uploading/i })).toBeInTheDocument();
    expect(await screen.findByText('Internal note added.')).toBeInTheDocument();
    expect(fields).toEqual({ body: 'See log', internal: 'true', attachments: 'file:3' });
    // The box is ready for a normal reply again.
    expect(screen.getByRole('checkbox', { name: /internal note/i })).not.toBeChecked();
  });

  it('sends the files picked, dropped and pasted in one reply, each with its own progress bar and remove button', async () => {
    let files: string[] = [];
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/5/', () => HttpResponse.json(makeTicket({ id: 5 }))),
      http.post('/api/tickets/5/comments/', async ({ request }) => {
        await delay(200);
        const form = await request.formData();
        expect(form.getAll('attachment')).toEqual([]);
        // jsdom's FormData keeps the bytes, not the names: the order is told by the sizes.
        files = form.getAll('attachments').map((v) => (typeof v === 'string' ? v : `${v.size}`));
        return HttpResponse.json(makeComment({ body: 'Logs', author: alicia }), { status: 201 });
      }),
    );
    const { user } = renderApp('/tickets/5');
    const box = await screen.findByTestId('reply-box');
    await user.type(within(box).getByLabelText('Your message'), 'Logs');
    await user.upload(within(box).getByLabelText('Attach files'), [new File(['a'], 'a.txt', { type: 'text/plain' }), new File(['bb'], 'b.pdf')]);

    // Files dragged over the box: it shows it is a target, then takes them.
    const dropped = transfer(new File(['ccc'], 'c.csv', { type: 'text/csv' }));
    fireEvent.dragEnter(box, { dataTransfer: dropped });
    expect(box).toHaveClass('reply-box--dropping');
    expect(screen.getByText('Drop the files to attach them')).toBeInTheDocument();
    fireEvent.drop(box, { dataTransfer: dropped });
    expect(box).not.toHaveClass('reply-box--dropping');

    // A screenshot pasted into the message becomes a named file.
    const clipboard = transfer(new File(['png!'], 'image.png', { type: 'image/png' }));
    const paste = createEvent.paste(within(box).getByLabelText('Your message'), { clipboardData: clipboard });
    fireEvent(within(box).getByLabelText('Your message'), paste);
    expect(paste.defaultPrevented).toBe(true);

    const names = () => within(box).getAllByTestId('reply-file').map((li) => li.querySelector('.reply-file__name')?.textContent);
    expect(names()).toEqual(['a.txt', 'b.pdf', 'c.csv', expect.stringMatching(/^screenshot-\d{8}-\d{6}\.png$/)]);
    await user.click(within(box).getByRole('button', { name: 'Remove b.pdf' }));
    expect(names()).toEqual(['a.txt', 'c.csv', expect.stringMatching(/^screenshot-/)]);
    expect(within(box).getByLabelText('Your message')).toHaveValue('Logs');

    await user.click(within(box).getByRole('button', { name: 'Send reply' }));
    // While sending: a progress bar per file, named after it, and no remove buttons.
    expect(await within(box).findByRole('progressbar', { name: 'Uploading a.txt' })).toBeInTheDocument();
    expect(within(box).getAllByRole('progressbar')).toHaveLength(3);
    expect(within(box).queryByRole('button', { name: /^Remove/ })).not.toBeInTheDocument();
    expect(await screen.findByText('Reply sent.')).toBeInTheDocument();
    expect(files).toEqual(['1', '3', '4']);
    expect(within(box).queryByTestId('reply-files')).not.toBeInTheDocument();
  });

  it('refuses, before sending, a file the server would refuse and more files than it takes, naming each', async () => {
    let posted = false;
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/6/', () => HttpResponse.json(makeTicket({ id: 6 }))),
      http.post('/api/tickets/6/comments/', () => {
        posted = true;
        return HttpResponse.json(makeComment(), { status: 201 });
      }),
    );
    const { user } = renderApp('/tickets/6');
    const box = await screen.findByTestId('reply-box');
    await user.type(within(box).getByLabelText('Your message'), 'Files');
    // The picker's accept attribute filters in a real browser; a drop is not filtered.
    const dropped = transfer(new File(['MZ'], 'tool.exe'));
    fireEvent.drop(box, { dataTransfer: dropped });
    expect(await within(box).findByTestId('error-attachments')).toHaveTextContent('tool.exe: This type of file is not allowed.');
    expect(within(box).getByTestId('reply-file')).toHaveTextContent('Refused');
    await user.click(within(box).getByRole('button', { name: 'Remove tool.exe' }));
    expect(within(box).queryByTestId('error-attachments')).not.toBeInTheDocument();

    const six = Array.from({ length: 6 }, (_, i) => new File(['x'], `f${i}.txt`, { type: 'text/plain' }));
    const many = transfer(...six);
    fireEvent.drop(box, { dataTransfer: many });
    expect(await within(box).findByTestId('error-attachments')).toHaveTextContent('Attach at most 5 files.');
    // At the limit the picker is off.
    expect(within(box).getByLabelText('Attach files')).toBeDisabled();
    await user.click(within(box).getByRole('button', { name: 'Send reply' }));
    expect(posted).toBe(false);
    await user.click(within(box).getByRole('button', { name: 'Remove f5.txt' }));
    await user.click(within(box).getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(posted).toBe(true));
  });

  it('shows every file of a comment, and a comment written in Markdown as formatted text', async () => {
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/10/', () => HttpResponse.json(makeTicket({ id: 10, description: 'Steps:\n\n1. **Open** it' }))),
      http.get('/api/tickets/10/comments/', () =>
        HttpResponse.json([
          makeComment({
            id: 20,
            body: 'See `log` and <b>this</b>',
            attachment: 'http://localhost:3000/f/a',
            attachment_name: 'one.png',
            attachment_content_type: 'image/png',
            attachment_size: 10,
            attachments: [
              { url: 'http://localhost:3000/f/a', name: 'one.png', content_type: 'image/png', size: 10 },
              { url: 'http://localhost:3000/f/b', name: 'two.txt', content_type: 'text/plain', size: 20 },
              { url: 'http://localhost:3000/f/c', name: 'three.png', content_type: 'image/png', size: 30 },
            ],
          }),
        ]),
      ),
    );
    renderApp('/tickets/10');
    const comment = await screen.findByTestId('comment');
    expect(within(comment).getAllByTestId('comment-file')).toHaveLength(3);
    expect(within(comment).getByRole('img', { name: 'Attachment: one.png' })).toBeInTheDocument();
    expect(within(comment).getByRole('img', { name: 'Attachment: three.png' })).toBeInTheDocument();
    expect(within(comment).getByRole('link', { name: /two\.txt/ })).toHaveAttribute('href', 'http://localhost:3000/f/b');
    expect(within(comment).getByText('log').tagName).toBe('CODE');
    expect(within(comment).getByTestId('comment-body')).toHaveTextContent('<b>this</b>');
    const description = screen.getByTestId('ticket-description');
    expect(within(description).getByText('Open').tagName).toBe('STRONG');
    expect(within(description).getByRole('listitem')).toHaveTextContent('Open it');
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
