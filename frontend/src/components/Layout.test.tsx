import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { noSession, page, sam, sessionOf } from '@/test/fixtures';
import { renderApp } from '@/test/render';
import { server } from '@/test/server';

describe('app header', () => {
  it('shows the app name, the user with their role, and named controls', async () => {
    server.use(...sessionOf(sam), http.get('/api/tickets/', () => HttpResponse.json(page([]))));
    renderApp('/');
    expect(await screen.findByTestId('current-user')).toHaveTextContent('sam');
    expect(screen.getByTestId('current-user')).toHaveTextContent('Staff');
    // A long name may be cut short by CSS; the whole of it stays in the title.
    expect(screen.getByTestId('current-user')).toHaveAttribute('title', 'Signed in as sam');
    // Shown as its dot on a laptop, the availability toggle still says its state in words, and why in its tooltip.
    const availability = screen.getByRole('button', { name: 'Away' });
    expect(availability).toHaveAttribute('title', expect.stringContaining('no new tickets'));
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

  it('folds the navigation behind a menu button: aria-expanded, focus inside, Escape closes and returns focus', async () => {
    server.use(...sessionOf(sam), http.get('/api/tickets/', () => HttpResponse.json(page([]))));
    const { user } = renderApp('/');
    const button = await screen.findByRole('button', { name: 'Menu' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    const menu = document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(menu).toHaveAttribute('data-open', 'false');

    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(menu).toHaveAttribute('data-open', 'true');
    expect(within(menu).getByRole('link', { name: 'Tickets' })).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveFocus();

    // A link in the menu closes it, and so does a click elsewhere.
    await user.click(button);
    await user.click(within(menu).getByRole('link', { name: 'Settings' }));
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await user.click(button);
    await user.click(screen.getByRole('heading', { name: 'Settings' }));
    expect(button).toHaveAttribute('aria-expanded', 'false');
  });

  it('has no menu button when signed out: there is nothing to fold', async () => {
    server.use(...noSession());
    renderApp('/login');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Menu' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('Language')).toBeInTheDocument();
  });

  it('renders a 404 page for unknown paths', async () => {
    server.use(...sessionOf(sam));
    renderApp('/no/such/page');
    expect(await screen.findByRole('heading', { name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the tickets' })).toHaveAttribute('href', '/');
  });
});
