import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { getAccessToken } from '@/lib/api-client';
import { ACCESS, alice, noSession, page, sessionOf, testPassword } from '@/test/fixtures';
import { currentUrl, renderApp } from '@/test/render';
import { server } from '@/test/server';

const LOGIN_PASSWORD = testPassword();
const NEW_PASSWORD = testPassword();

const emptyList = http.get('/api/tickets/', () => HttpResponse.json(page([])));

describe('login page', () => {
  it('signs in and goes to the ticket list, keeping the token out of web storage', async () => {
    let loginBody: unknown;
    server.use(
      ...noSession(),
      http.post('/api/auth/login/', async ({ request }) => {
        loginBody = await request.json();
        return HttpResponse.json({ access: ACCESS, refresh: 'refresh-token' });
      }),
      http.get('/api/auth/me/', () => HttpResponse.json(alice)),
      emptyList,
    );
    const { user, router } = renderApp('/login');

    await user.type(await screen.findByLabelText(/username/i), 'alice');
    await user.type(screen.getByLabelText(/password/i), LOGIN_PASSWORD);
    await user.click(screen.getByRole('button', { name: /sign in/i }));

    expect(await screen.findByRole('heading', { name: 'Tickets' })).toBeInTheDocument();
    expect(currentUrl(router)).toBe('/');
    expect(loginBody).toEqual({ username: 'alice', password: LOGIN_PASSWORD });
    expect(screen.getByTestId('current-user')).toHaveTextContent('alice');
    expect(getAccessToken()).toBe(ACCESS);
    expect(JSON.stringify({ ...localStorage })).not.toContain('refresh-token');
    expect(JSON.stringify({ ...localStorage })).not.toContain(ACCESS);
    expect(sessionStorage.length).toBe(0);
  });

  it('says so when the credentials are wrong', async () => {
    server.use(
      ...noSession(),
      http.post('/api/auth/login/', () =>
        HttpResponse.json({ detail: 'No active account found with the given credentials' }, { status: 401 }),
      ),
    );
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText(/username/i), 'alice');
    await user.type(screen.getByLabelText(/password/i), 'wrong');
    await user.click(screen.getByRole('button', { name: /sign in/i }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(getAccessToken()).toBeNull();
  });

  it("on a lockout shows the server's reason, the time left and the way to reset the password", async () => {
    server.use(
      ...noSession(),
      http.post('/api/auth/login/', () =>
        HttpResponse.json(
          { detail: 'Too many failed logins. Try again in 15 minutes.' },
          { status: 429, headers: { 'Retry-After': '840' } },
        ),
      ),
    );
    const { user, router } = renderApp('/login');
    await user.type(await screen.findByLabelText(/username/i), 'alice');
    await user.type(screen.getByLabelText(/password/i), 'wrong');
    await user.click(screen.getByRole('button', { name: /sign in/i }));

    const alert = await screen.findByTestId('form-error');
    expect(alert).toHaveTextContent('Too many failed logins. Try again in 15 minutes.');
    expect(alert).not.toHaveTextContent('Too many requests');
    expect(within(alert).getByTestId('lockout-time')).toHaveTextContent('Time left: 14 minutes.');
    // A refused sign-in leaves the form ready for another try.
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    await user.click(within(alert).getByRole('link', { name: 'Forgot password?' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/forgot-password'));
  });

  it('starts in the username field and can show the password', async () => {
    server.use(...noSession());
    const { user } = renderApp('/login');
    const username = await screen.findByLabelText(/username/i);
    expect(username).toHaveFocus();

    const password = screen.getByLabelText(/password/i);
    await user.type(password, 'secret');
    expect(password).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Show password' }));
    expect(password).toHaveAttribute('type', 'text');
    expect(password).toHaveValue('secret');
    await user.click(screen.getByRole('button', { name: 'Hide password' }));
    expect(password).toHaveAttribute('type', 'password');
  });

  it('validates required fields before calling the server', async () => {
    server.use(...noSession());
    const { user } = renderApp('/login');
    await user.click(await screen.findByRole('button', { name: /sign in/i }));
    expect(screen.getByLabelText(/username/i)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('error-username')).toHaveTextContent('Enter a username.');
    expect(screen.getByTestId('error-password')).toHaveTextContent('Enter a password.');
  });

  it('sends a signed-out visitor of a private page to /login and back after signing in', async () => {
    server.use(
      ...noSession(),
      http.post('/api/auth/login/', () => HttpResponse.json({ access: ACCESS, refresh: 'r' })),
      http.get('/api/auth/me/', () => HttpResponse.json(alice)),
      http.get('/api/tickets/', () => HttpResponse.json(page([]))),
    );
    const { user, router } = renderApp('/?status=New');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    await user.type(screen.getByLabelText(/username/i), 'alice');
    await user.type(screen.getByLabelText(/password/i), 'pw');
    await user.click(screen.getByRole('button', { name: /sign in/i }));
    await waitFor(() => expect(currentUrl(router)).toBe('/?status=New'));
  });
});

describe('session', () => {
  it('is restored after a reload from the refresh cookie', async () => {
    server.use(...sessionOf(alice), emptyList);
    renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Tickets' })).toBeInTheDocument();
    expect(screen.getByTestId('current-user')).toHaveTextContent('alice');
  });

  it('signs out through the server and returns to /login', async () => {
    let loggedOut = false;
    server.use(
      ...sessionOf(alice),
      emptyList,
      http.post('/api/auth/logout/', () => {
        loggedOut = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(loggedOut).toBe(true);
    expect(router.state.location.pathname).toBe('/login');
    expect(getAccessToken()).toBeNull();
    expect(screen.queryByTestId('current-user')).not.toBeInTheDocument();
  });

  it('logs out to /login when the access token expires and cannot be refreshed', async () => {
    let refreshes = 0;
    server.use(
      http.post('/api/auth/token/refresh/', () => {
        refreshes += 1;
        // The first refresh (page load) works, the next one finds the session revoked.
        return refreshes === 1
          ? HttpResponse.json({ access: ACCESS })
          : HttpResponse.json({ detail: 'Token is blacklisted' }, { status: 401 });
      }),
      http.get('/api/auth/me/', () => HttpResponse.json(alice)),
      http.get('/api/tickets/', () => HttpResponse.json({ detail: 'Given token not valid' }, { status: 401 })),
    );
    const { router } = renderApp('/');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByText('Your session has ended. Please sign in again.')).toBeInTheDocument();
  });
});

describe('register page', () => {
  it('checks the form on the client before sending it', async () => {
    let called = false;
    server.use(
      ...noSession(),
      http.post('/api/auth/register/', () => {
        called = true;
        return HttpResponse.json({}, { status: 201 });
      }),
    );
    const { user } = renderApp('/register');
    await user.type(await screen.findByLabelText(/username/i), 'bob');
    await user.type(screen.getByLabelText(/email/i), 'not-an-email');
    await user.type(screen.getByLabelText(/^password/i), 'long-enough-pw');
    await user.type(screen.getByLabelText(/confirm password/i), 'different-pw');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(screen.getByTestId('error-email')).toHaveTextContent('Enter a valid email address.');
    expect(screen.getByTestId('error-password2')).toHaveTextContent('The passwords do not match.');
    expect(called).toBe(false);
  });

  it("shows the server's field errors beside their fields", async () => {
    server.use(
      ...noSession(),
      http.post('/api/auth/register/', () =>
        HttpResponse.json(
          { username: ['A user with that username already exists.'], password: ['This password is too common.'] },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderApp('/register');
    await user.type(await screen.findByLabelText(/username/i), 'alice');
    await user.type(screen.getByLabelText(/email/i), 'alice@example.com');
    await user.type(screen.getByLabelText(/^password/i), 'password123');
    await user.type(screen.getByLabelText(/confirm password/i), 'password123');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    const usernameField = (await screen.findByTestId('error-username')).closest('.field') as HTMLElement;
    expect(within(usernameField).getByLabelText(/username/i)).toHaveAccessibleDescription(
      'A user with that username already exists.',
    );
    expect(screen.getByTestId('error-password')).toHaveTextContent('This password is too common.');
  });

  it('goes to /login with a success message after registering', async () => {
    let body: unknown;
    server.use(
      ...noSession(),
      http.post('/api/auth/register/', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ id: 9, username: 'bob', email: 'bob@example.com' }, { status: 201 });
      }),
    );
    const { user, router } = renderApp('/register');
    await user.type(await screen.findByLabelText(/username/i), 'bob');
    await user.type(screen.getByLabelText(/email/i), 'bob@example.com');
    await user.type(screen.getByLabelText(/^password/i), NEW_PASSWORD);
    await user.type(screen.getByLabelText(/confirm password/i), NEW_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByTestId('login-notice')).toHaveTextContent('Account created. You can sign in now.');
    expect(router.state.location.pathname).toBe('/login');
    expect(screen.getByLabelText(/username/i)).toHaveValue('bob');
    expect(body).toEqual({ username: 'bob', email: 'bob@example.com', password: NEW_PASSWORD, password2: NEW_PASSWORD });
  });
});
