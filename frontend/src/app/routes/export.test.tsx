import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACCESS, alice, makeTicket, page, sam, sessionOf } from '@/test/fixtures';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';

// jsdom saves nothing: record what would have been saved instead.
let saved: { name: string; blob: Blob }[] = [];

beforeEach(() => {
  saved = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href)! });
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function textOf(blob: Blob): Promise<string> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });
}

const CSV = '\ufeffid,title\r\n1,VPN\r\n';

describe('export on the ticket list', () => {
  it("downloads the list's current filters as CSV with the session's token, whatever the page", async () => {
    const asked: { url: URL; auth: string | null }[] = [];
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/', () => HttpResponse.json(page([makeTicket()], 41))),
      http.get('/api/tickets/export/', ({ request }) => {
        asked.push({ url: new URL(request.url), auth: request.headers.get('Authorization') });
        return new HttpResponse(CSV, {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': 'attachment; filename="tickets-2026-12-07.csv"',
          },
        });
      }),
    );
    const { user } = renderApp('/?status=New&search=vpn&page=2');

    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(screen.getByRole('menuitem', { name: 'Export as CSV' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toBe('tickets-2026-12-07.csv');
    // Byte for byte: the byte-order mark too (a text reading would drop it).
    expect(saved[0]!.blob.size).toBe(new TextEncoder().encode(CSV).length);
    expect(await textOf(saved[0]!.blob)).toBe(CSV.slice(1));
    const query = Object.fromEntries(asked[0]!.url.searchParams);
    expect(query).toEqual({ status: 'New', search: 'vpn', format: 'csv' });
    expect(asked[0]!.auth).toBe(`Bearer ${ACCESS}`);
    expect(screen.getByRole('button', { name: 'Export' })).not.toHaveAttribute('aria-busy');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });

  it('shows that an export is on its way, and the buttons stay put until it is done', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/', () => HttpResponse.json(page([makeTicket()]))),
      http.get('/api/tickets/export/', async () => {
        await held;
        return new HttpResponse(new Blob(['PK']), {
          headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
        });
      }),
    );
    const { user } = renderApp('/');

    const toggle = await screen.findByRole('button', { name: 'Export' });
    await user.click(toggle);
    await user.click(screen.getByRole('menuitem', { name: 'Export as XLSX' }));

    expect(toggle).toHaveAttribute('aria-busy', 'true');
    expect(toggle).toHaveFocus();
    expect(screen.getByText(/Downloading…/)).toBeInTheDocument();
    // While one file is on its way, the menu offers no second one.
    await user.click(toggle);
    expect(screen.getByRole('menuitem', { name: 'Export as CSV' })).toHaveAttribute('aria-disabled', 'true');
    await user.click(screen.getByRole('menuitem', { name: 'Export as CSV' }));
    release();
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toBe('tickets.xlsx'); // no Content-Disposition: a name of our own
    expect(screen.queryByText(/Downloading…/)).not.toBeInTheDocument();
  });

  it("says why an export failed, in the server's words", async () => {
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/', () => HttpResponse.json(page([makeTicket()]))),
      http.get('/api/tickets/export/', () =>
        HttpResponse.json({ created_after: ['Use an ISO 8601 date.'] }, { status: 400 }),
      ),
    );
    const { user } = renderApp('/');

    await user.click(await screen.findByRole('button', { name: 'Export' }));
    await user.click(screen.getByRole('menuitem', { name: 'Export as CSV' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Use an ISO 8601 date.');
    expect(saved).toHaveLength(0);
  });

  it('is one menu button offering CSV and XLSX, worked from the keyboard, named in each language', async () => {
    server.use(...sessionOf(sam), http.get('/api/tickets/', () => HttpResponse.json(page([makeTicket()]))));
    const { user } = renderApp('/');
    // Once the queue is in: its (closed, in jsdom focusable) shortcuts dialog takes focus as it mounts.
    await screen.findByRole('table');

    const toggle = screen.getByRole('button', { name: 'Export' });
    expect(toggle).toHaveAttribute('aria-haspopup', 'menu');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('menuitem')).not.toBeInTheDocument();

    act(() => toggle.focus());
    await user.keyboard('{Enter}');
    const menu = screen.getByRole('menu', { name: 'Export' });
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const [csv, xlsx] = within(menu).getAllByRole('menuitem');
    expect(csv).toHaveAccessibleName('Export as CSV');
    expect(csv).toHaveAccessibleDescription('Plain text, for any spreadsheet');
    expect(xlsx).toHaveAccessibleName('Export as XLSX');
    expect(xlsx).toHaveAccessibleDescription('Excel workbook');
    expect(screen.getByRole('menuitem', { name: 'Export as CSV' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Export as XLSX' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Export as CSV' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(toggle).toHaveFocus();

    // ArrowUp opens it on the last format; a click elsewhere closes it.
    await user.keyboard('{ArrowUp}');
    expect(screen.getByRole('menuitem', { name: 'Export as XLSX' })).toHaveFocus();
    await user.click(screen.getByRole('heading', { level: 1 }));
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(saved).toHaveLength(0);

    await user.selectOptions(screen.getByLabelText('Language'), 'es');
    const spanish = await screen.findByRole('button', { name: 'Exportar' });
    await user.click(spanish);
    expect(screen.getByRole('menuitem', { name: 'Exportar como CSV' })).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: 'Exportar como XLSX' })).toBeInTheDocument();
  });

  it('is not offered to requesters', async () => {
    server.use(...sessionOf(alice), http.get('/api/tickets/', () => HttpResponse.json(page([makeTicket()]))));
    renderApp('/');

    expect(await screen.findByTestId('ticket-grid')).toBeInTheDocument();
    expect(screen.queryByTestId('export')).not.toBeInTheDocument();
  });
});

describe('PDF on the ticket page', () => {
  it('downloads the ticket as a PDF, for requesters too', async () => {
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/7/', () => HttpResponse.json(makeTicket({ id: 7 }))),
      http.get('/api/tickets/7/pdf/', () =>
        new HttpResponse('%PDF-1.4', {
          headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="ticket-7.pdf"' },
        }),
      ),
    );
    const { user } = renderApp('/tickets/7');

    await user.click(await screen.findByRole('button', { name: 'Download PDF' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.name).toBe('ticket-7.pdf');
    expect(saved[0]!.blob.type).toBe('application/pdf');
  });

  it('says when the PDF cannot be had', async () => {
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/7/', () => HttpResponse.json(makeTicket({ id: 7 }))),
      http.get('/api/tickets/7/pdf/', () => HttpResponse.json({ detail: 'Oops' }, { status: 500 })),
    );
    const { user } = renderApp('/tickets/7');

    await user.click(await screen.findByRole('button', { name: 'Download PDF' }));

    expect(await screen.findByTestId('pdf-error')).toHaveTextContent(/server/i);
  });
});
