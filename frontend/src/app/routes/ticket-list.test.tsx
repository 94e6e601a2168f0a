import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { alice, makeTicket, page, sessionOf } from '@/test/fixtures';
import { currentUrl, renderApp } from '@/test/render';
import { server } from '@/test/server';
import type { Ticket } from '@/features/tickets/types';

/** Serves `all` like the API would, and records each list request's query. */
function ticketsApi(all: Ticket[]) {
  const requests: Record<string, string>[] = [];
  server.use(
    http.get('/api/tickets/', ({ request }) => {
      const params = new URL(request.url).searchParams;
      requests.push(Object.fromEntries(params));
      const search = (params.get('search') ?? '').toLowerCase();
      const matches = all.filter(
        (t) =>
          (!search || `${t.title} ${t.description} ${t.created_by.username}`.toLowerCase().includes(search)) &&
          (!params.get('category') || t.category === params.get('category')) &&
          (!params.get('status') || t.status === params.get('status')),
      );
      const size = Number(params.get('page_size') ?? 20);
      const pageNumber = Number(params.get('page') ?? 1);
      const slice = matches.slice((pageNumber - 1) * size, pageNumber * size);
      if (pageNumber > 1 && slice.length === 0) return HttpResponse.json({ detail: 'Invalid page.' }, { status: 404 });
      return HttpResponse.json(page(slice, matches.length));
    }),
  );
  return requests;
}

const printer = makeTicket({ id: 1, title: 'Printer jammed', status: 'New', category: 'Technical' });
const invoice = makeTicket({ id: 2, title: 'Invoice twice', status: 'Under Review', category: 'Billing' });
const resolved = makeTicket({
  id: 3,
  title: 'Wifi password',
  status: 'Resolved',
  category: 'General',
  created_by: { id: 5, username: 'carol', email: 'c@example.com' },
});

describe('ticket list page', () => {
  it('shows each ticket as a card with title, badges, creator and date', async () => {
    server.use(...sessionOf(alice));
    const requests = ticketsApi([printer, invoice, resolved]);
    renderApp('/');

    const cards = await screen.findAllByTestId('ticket-card');
    expect(cards).toHaveLength(3);
    const first = within(cards[0]!);
    expect(first.getByRole('link', { name: 'Printer jammed' })).toHaveAttribute('href', '/tickets/1');
    expect(first.getByTestId('status-badge')).toHaveTextContent('New');
    expect(first.getByTestId('status-badge')).toHaveClass('badge--green');
    expect(first.getByTestId('category-badge')).toHaveTextContent('Technical');
    expect(first.getByText('by alice')).toBeInTheDocument();
    expect(first.getByText((_, el) => el?.tagName === 'TIME' && el.getAttribute('datetime') === printer.created_at)).toBeInTheDocument();
    expect(within(cards[1]!).getByTestId('status-badge')).toHaveClass('badge--yellow');
    expect(within(cards[2]!).getByTestId('status-badge')).toHaveClass('badge--blue');
    // Each category has its own colour.
    const categoryClasses = cards.map((card) => within(card).getByTestId('category-badge').className);
    expect(new Set(categoryClasses).size).toBe(3);
    expect(requests[0]).toMatchObject({ page_size: '6', ordering: '-created_at' });
    expect(screen.getByRole('link', { name: 'Create ticket' })).toHaveAttribute('href', '/create');
  });

  it('shows a friendly empty state that leads to the form', async () => {
    server.use(...sessionOf(alice));
    ticketsApi([]);
    renderApp('/');
    const empty = await screen.findByTestId('empty-state');
    expect(within(empty).getByRole('link', { name: 'No tickets yet — create one' })).toHaveAttribute('href', '/create');
  });

  it('reads filters, search and page from the URL', async () => {
    server.use(...sessionOf(alice));
    const many = Array.from({ length: 8 }, (_, i) => makeTicket({ id: 10 + i, title: `Printer ${i}`, status: 'New' }));
    const requests = ticketsApi(many);
    renderApp('/?search=printer&status=New&page=2');

    expect(await screen.findAllByTestId('ticket-card')).toHaveLength(2);
    expect(requests.at(-1)).toEqual({ page: '2', page_size: '6', search: 'printer', status: 'New', ordering: '-created_at' });
    expect(screen.getByLabelText('Search')).toHaveValue('printer');
    expect(screen.getByLabelText('Status')).toHaveValue('New');
    expect(screen.getByTestId('page-status')).toHaveTextContent('Page 2 of 2');
  });

  it('debounces the search, keeps it in the URL and highlights the term', async () => {
    server.use(...sessionOf(alice));
    const requests = ticketsApi([printer, invoice, resolved]);
    const { user, router } = renderApp('/');
    await screen.findAllByTestId('ticket-card');
    const before = requests.length;

    await user.type(screen.getByLabelText('Search'), 'jam');
    // Typing does not fire a request per keystroke.
    expect(requests.length).toBe(before);

    await waitFor(() => expect(currentUrl(router)).toBe('/?search=jam'));
    await waitFor(() => expect(screen.getAllByTestId('ticket-card')).toHaveLength(1));
    expect(requests.slice(before).map((r) => r.search)).toEqual(['jam']);
    const mark = within(screen.getByTestId('ticket-card')).getByText('jam');
    expect(mark.tagName).toBe('MARK');
  });

  it('keeps a filter chosen while a typed search is still pending', async () => {
    server.use(...sessionOf(alice));
    ticketsApi([printer, invoice, resolved]);
    const { user, router } = renderApp('/');
    await screen.findAllByTestId('ticket-card');

    await user.type(screen.getByLabelText('Search'), 'jam');
    await user.selectOptions(screen.getByLabelText('Category'), 'Technical');

    await waitFor(() => expect(currentUrl(router)).toBe('/?search=jam&category=Technical'));
  });

  it('filters by category and status, going back to page 1, and Back restores the previous view', async () => {
    server.use(...sessionOf(alice));
    const requests = ticketsApi([printer, invoice, resolved]);
    const { user, router } = renderApp('/?page=1');
    await screen.findAllByTestId('ticket-card');

    await user.selectOptions(screen.getByLabelText('Category'), 'Billing');
    await waitFor(() => expect(currentUrl(router)).toBe('/?category=Billing'));
    await waitFor(() => expect(screen.getAllByTestId('ticket-card')).toHaveLength(1));
    expect(screen.getByRole('link', { name: 'Invoice twice' })).toBeInTheDocument();
    expect(requests.at(-1)).toMatchObject({ category: 'Billing' });

    await user.selectOptions(screen.getByLabelText('Status'), 'Resolved');
    await waitFor(() => expect(currentUrl(router)).toBe('/?category=Billing&status=Resolved'));
    expect(await screen.findByText('No tickets match these filters.')).toBeInTheDocument();

    await act(() => router.navigate(-1));
    await waitFor(() => expect(screen.getAllByTestId('ticket-card')).toHaveLength(1));
    expect(screen.getByLabelText('Status')).toHaveValue('');
    expect(screen.getByLabelText('Category')).toHaveValue('Billing');
  });

  it('pages through results with links that keep the filters', async () => {
    server.use(...sessionOf(alice));
    const many = Array.from({ length: 13 }, (_, i) => makeTicket({ id: 200 + i, title: `Item ${i}`, category: 'Other' }));
    ticketsApi(many);
    const { user, router } = renderApp('/?category=Other');

    expect(await screen.findAllByTestId('ticket-card')).toHaveLength(6);
    expect(screen.getByTestId('page-status')).toHaveTextContent('Page 1 of 3');
    await user.click(screen.getByRole('link', { name: 'Next' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/?category=Other&page=2'));
    await waitFor(() => expect(screen.getByRole('link', { name: 'Item 6' })).toBeInTheDocument());
    await user.click(screen.getByRole('link', { name: 'Next' }));
    await waitFor(() => expect(screen.getAllByTestId('ticket-card')).toHaveLength(1));
    expect(screen.queryByRole('link', { name: 'Next' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Previous' })).toHaveAttribute('href', '/?category=Other&page=2');
  });

  it('explains a page number past the end instead of failing', async () => {
    server.use(...sessionOf(alice));
    ticketsApi([printer]);
    renderApp('/?page=9');
    const notice = await screen.findByTestId('invalid-page');
    expect(within(notice).getByRole('link', { name: 'Go to the first page' })).toHaveAttribute('href', '/');
  });

  it('shows a friendly error and retries', async () => {
    server.use(...sessionOf(alice));
    let fail = true;
    server.use(
      http.get('/api/tickets/', () =>
        fail ? HttpResponse.json({ detail: 'boom' }, { status: 500 }) : HttpResponse.json(page([printer])),
      ),
    );
    const { user } = renderApp('/');
    expect(await screen.findByRole('alert')).toHaveTextContent('The server had a problem');
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Printer jammed' })).toBeInTheDocument();
  });
});
