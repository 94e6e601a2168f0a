import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { page, sam, sessionOf } from '@/test/fixtures';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';

describe('app header', () => {
  it('shows the app name, the user with their role, and named controls', async () => {
    server.use(...sessionOf(sam), http.get('/api/tickets/', () => HttpResponse.json(page([]))));
    renderApp('/');
    expect(await screen.findByTestId('current-user')).toHaveTextContent('sam');
    expect(screen.getByTestId('current-user')).toHaveTextContent('Staff');
    expect(screen.getByRole('link', { name: 'Helpdesk' })).toHaveAttribute('href', '/');
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('toggles the theme and remembers the choice', async () => {
    server.use(...sessionOf(sam), http.get('/api/tickets/', () => HttpResponse.json(page([]))));
    const { user } = renderApp('/');
    // jsdom reports no dark preference, so the page starts light.
    await user.click(await screen.findByRole('button', { name: 'Switch to dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('helpdesk.theme')).toBe('dark');
    await user.click(screen.getByRole('button', { name: 'Switch to light theme' }));
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('renders a 404 page for unknown paths', async () => {
    server.use(...sessionOf(sam));
    renderApp('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the tickets' })).toHaveAttribute('href', '/');
  });
});
