import { screen, waitFor } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { alice, makeTicket, sam, sessionOf } from '@/test/fixtures';
import { currentUrl, renderApp } from '@/test/render';
import { server } from '@/test/server';

describe('create ticket page', () => {
  it('validates on the client like the server does, without sending anything', async () => {
    let posted = false;
    server.use(
      ...sessionOf(alice),
      http.post('/api/tickets/', () => {
        posted = true;
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    const { user } = renderApp('/create');
    await user.type(await screen.findByLabelText(/title/i), 'x'.repeat(201));
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    expect(screen.getByTestId('error-title')).toHaveTextContent('Use at most 200 characters.');
    expect(screen.getByTestId('error-description')).toHaveTextContent('Describe the problem.');
    expect(screen.getByTestId('error-category')).toHaveTextContent('Choose a category.');
    expect(screen.getByLabelText(/description/i)).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(screen.getByLabelText(/title/i)).toHaveFocus());
    expect(posted).toBe(false);
  });

  it('refuses a file type the server would refuse', async () => {
    server.use(...sessionOf(alice));
    const { user } = renderApp('/create');
    const input = await screen.findByLabelText(/attachment/i);
    // applyAccept: false — the user can pick "All files" in a real dialog too.
    await user.setup({ applyAccept: false }).upload(input, new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' }));
    await user.type(screen.getByLabelText(/title/i), 'Need a tool');
    await user.type(screen.getByLabelText(/description/i), 'Please');
    await user.selectOptions(screen.getByLabelText(/category/i), 'Other');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    expect(screen.getByTestId('error-attachment')).toHaveTextContent('This type of file is not allowed.');
  });

  it('marks a too long title while it is typed, not only on submit', async () => {
    server.use(...sessionOf(alice));
    const { user } = renderApp('/create');
    const title = await screen.findByLabelText(/title/i);
    await user.click(title);
    await user.paste('x'.repeat(200));
    expect(screen.getByTestId('title-count')).toHaveTextContent('200 / 200');
    expect(screen.getByTestId('title-count')).not.toHaveClass('field__count--over');
    expect(title).not.toHaveAttribute('aria-invalid');

    await user.type(title, 'y');
    expect(screen.getByTestId('title-count')).toHaveTextContent('201 / 200');
    expect(screen.getByTestId('title-count')).toHaveClass('field__count--over');
    expect(await screen.findByTestId('error-title')).toHaveTextContent('Use at most 200 characters.');
    expect(title).toHaveAttribute('aria-invalid', 'true');

    await user.type(title, '{Backspace}');
    await waitFor(() => expect(screen.queryByTestId('error-title')).not.toBeInTheDocument());
  });

  it('checks a file as soon as it is picked, and lets it be taken back', async () => {
    server.use(...sessionOf(alice));
    const { user } = renderApp('/create');
    const input = await screen.findByLabelText(/attachment/i);
    await user.setup({ applyAccept: false }).upload(input, new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' }));
    expect(await screen.findByTestId('error-attachment')).toHaveTextContent('This type of file is not allowed.');
    expect(screen.getByTestId('picked-attachment')).toHaveTextContent('tool.exe (2 bytes)');

    await user.click(screen.getByRole('button', { name: 'Remove tool.exe' }));
    expect(screen.queryByTestId('picked-attachment')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('error-attachment')).not.toBeInTheDocument());
    expect((input as HTMLInputElement).files).toHaveLength(0);

    await user.upload(input, new File([new Uint8Array(600)], 'shot.png', { type: 'image/png' }));
    expect(screen.getByTestId('picked-attachment')).toHaveTextContent('shot.png (600 bytes)');
    expect(screen.queryByTestId('error-attachment')).not.toBeInTheDocument();
  });

  it("shows the server's field errors beside their fields", async () => {
    server.use(
      ...sessionOf(alice),
      http.post('/api/tickets/', () =>
        HttpResponse.json({ title: ['A ticket with this title is suspicious.'], category: ['"Nope" is not a valid choice.'] }, { status: 400 }),
      ),
    );
    const { user } = renderApp('/create');
    await user.type(await screen.findByLabelText(/title/i), 'Printer');
    await user.type(screen.getByLabelText(/description/i), 'Jammed again');
    await user.selectOptions(screen.getByLabelText(/category/i), 'Technical');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    expect(await screen.findByTestId('error-title')).toHaveTextContent('A ticket with this title is suspicious.');
    expect(screen.getByLabelText(/title/i)).toHaveAccessibleDescription(expect.stringContaining('A ticket with this title is suspicious.'));
    expect(screen.getByTestId('error-category')).toHaveTextContent('"Nope" is not a valid choice.');
    expect(screen.getByTestId('form-error')).toHaveTextContent('Please correct the fields marked below.');
  });

  it('creates a ticket as JSON and opens it; a requester has no status field', async () => {
    let body: unknown;
    let contentType: string | null = null;
    const created = makeTicket({ id: 42, title: 'Printer', description: 'Jammed again' });
    server.use(
      ...sessionOf(alice),
      http.post('/api/tickets/', async ({ request }) => {
        contentType = request.headers.get('Content-Type');
        body = await request.json();
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get('/api/tickets/42/', () => HttpResponse.json(created)),
    );
    const { user, router } = renderApp('/create');
    expect(await screen.findByLabelText(/title/i)).toBeInTheDocument();
    expect(screen.queryByLabelText(/^status/i)).not.toBeInTheDocument();

    await user.type(screen.getByLabelText(/title/i), '  Printer ');
    await user.type(screen.getByLabelText(/description/i), 'Jammed again');
    await user.selectOptions(screen.getByLabelText(/category/i), 'Technical');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    await waitFor(() => expect(currentUrl(router)).toBe('/tickets/42'));
    expect(body).toEqual({ title: 'Printer', description: 'Jammed again', category: 'Technical', priority: 'Medium' });
    expect(contentType).toContain('application/json');
    expect(await screen.findByText('Ticket created.')).toBeInTheDocument();
  });

  it('sends an attachment as multipart, and staff may choose the status', async () => {
    let fields: Record<string, string> = {};
    const created = makeTicket({ id: 43, status: 'Resolved' });
    server.use(
      ...sessionOf(sam),
      http.post('/api/tickets/', async ({ request }) => {
        // Slow enough for the progress bar to be seen.
        await delay(150);
        const form = await request.formData();
        fields = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : `file:${v.size}`]));
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get('/api/tickets/43/', () => HttpResponse.json(created)),
    );
    const { user, router } = renderApp('/create');
    await user.type(await screen.findByLabelText(/title/i), 'Screen');
    await user.type(screen.getByLabelText(/description/i), 'Cracked');
    await user.selectOptions(screen.getByLabelText(/category/i), 'Technical');
    await user.selectOptions(screen.getByLabelText(/^status/i), 'Resolved');
    await user.upload(screen.getByLabelText(/attachment/i), new File(['PNGDATA'], 'crack.png', { type: 'image/png' }));
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));

    expect(await screen.findByRole('progressbar', { name: /uploading/i })).toBeInTheDocument();
    await waitFor(() => expect(currentUrl(router)).toBe('/tickets/43'));
    expect(fields).toEqual({
      title: 'Screen',
      description: 'Cracked',
      category: 'Technical',
      priority: 'Medium',
      status: 'Resolved',
      attachment: 'file:7',
    });
  });
});

describe('edit ticket page', () => {
  it('is not available to requesters', async () => {
    server.use(...sessionOf(alice));
    renderApp('/edit/5');
    expect(await screen.findByTestId('forbidden')).toHaveTextContent('This page is for staff only.');
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
  });

  it('lets staff change the fields with PATCH, keeping the attachment', async () => {
    let ticket = makeTicket({ id: 5, title: 'Old title', description: 'Old text', category: 'Billing', attachment: 'http://x/f', attachment_name: 'a.pdf' });
    let body: unknown;
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/5/', () => HttpResponse.json(ticket)),
      http.patch('/api/tickets/5/', async ({ request }) => {
        body = await request.json();
        ticket = { ...ticket, ...(body as object) };
        return HttpResponse.json(ticket);
      }),
    );
    const { user, router } = renderApp('/edit/5');
    const title = await screen.findByLabelText(/title/i);
    expect(title).toHaveValue('Old title');
    expect(screen.getByLabelText(/category/i)).toHaveValue('Billing');
    expect(screen.getByText(/Current file: a\.pdf/)).toBeInTheDocument();
    // Its own sentence, not run into the sentence before it.
    expect(screen.getByText(/Current file: a\.pdf/)).toHaveTextContent(/^Current file: a\.pdf\. Choose a new file to replace it\.$/);

    await user.clear(title);
    await user.type(title, 'New title');
    await user.selectOptions(screen.getByLabelText(/^status/i), 'Under Review');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(currentUrl(router)).toBe('/tickets/5'));
    expect(body).toEqual({ title: 'New title', description: 'Old text', category: 'Billing', priority: 'Medium', status: 'Under Review', assignee: null });
    expect(await screen.findByRole('heading', { level: 1, name: 'New title' })).toBeInTheDocument();
    expect(screen.getByText('Changes saved.')).toBeInTheDocument();
  });

  it('can remove the current attachment', async () => {
    let body: unknown;
    const ticket = makeTicket({ id: 6, attachment: 'http://x/f', attachment_name: 'old.png', attachment_content_type: 'image/png' });
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/6/', () => HttpResponse.json(ticket)),
      http.patch('/api/tickets/6/', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ ...ticket, attachment: null, attachment_name: null });
      }),
    );
    const { user, router } = renderApp('/edit/6');
    await user.click(await screen.findByLabelText('Remove the current file (old.png)'));
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/tickets/6'));
    expect(body).toMatchObject({ attachment: null });
  });
});
