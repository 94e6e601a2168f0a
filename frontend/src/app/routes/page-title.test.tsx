import { act, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import i18n from '@/lib/i18n';
import { alice, makeTicket, noSession, page, sam, sessionOf } from '@/test/fixtures';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';

const printer = makeTicket({ id: 12, title: 'Printer on fire' });

describe('page titles', () => {
  it('names the tab after the signed-out pages', async () => {
    server.use(...noSession());
    const { router } = renderApp('/login');
    await waitFor(() => expect(document.title).toBe('Sign in · Helpdesk'));
    await act(() => router.navigate('/register'));
    await waitFor(() => expect(document.title).toBe('Create an account · Helpdesk'));
    await act(() => router.navigate('/forgot-password'));
    await waitFor(() => expect(document.title).toBe('Reset your password · Helpdesk'));
  });

  it('names the list, a ticket by number and title, the forms and settings', async () => {
    server.use(
      ...sessionOf(sam),
      http.get('/api/tickets/', () => HttpResponse.json(page([printer]))),
      http.get('/api/tickets/12/', () => HttpResponse.json(printer)),
      http.get('/api/tickets/12/comments/', () => HttpResponse.json([])),
      http.get('/api/tickets/12/activity/', () => HttpResponse.json([])),
    );
    const { router } = renderApp('/');
    await waitFor(() => expect(document.title).toBe('Tickets · Helpdesk'));
    await act(() => router.navigate('/tickets/12'));
    await waitFor(() => expect(document.title).toBe('#12 Printer on fire · Helpdesk'));
    await act(() => router.navigate('/create'));
    await waitFor(() => expect(document.title).toBe('New ticket · Helpdesk'));
    await act(() => router.navigate('/edit/12'));
    await waitFor(() => expect(document.title).toBe('Edit ticket #12 · Helpdesk'));
    await act(() => router.navigate('/settings'));
    await waitFor(() => expect(document.title).toBe('Settings · Helpdesk'));
    await act(() => router.navigate('/no-such-page'));
    await waitFor(() => expect(document.title).toBe('Page not found · Helpdesk'));
  });

  it('follows the language, and says why a requester may not edit', async () => {
    server.use(...sessionOf(alice), http.get('/api/tickets/', () => HttpResponse.json(page([]))));
    const { router } = renderApp('/');
    await screen.findByRole('heading', { name: 'Tickets' });
    await act(() => i18n.changeLanguage('es'));
    await waitFor(() => expect(document.title).toBe('Tickets · Mesa de ayuda'));
    await act(() => router.navigate('/edit/12'));
    await waitFor(() => expect(document.title).toBe('No permitido · Mesa de ayuda'));
  });
});
