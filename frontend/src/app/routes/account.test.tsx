import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { alice, noSession, page, sessionOf, testPassword } from '@/test/fixtures';
import { currentUrl, renderApp } from '@/test/render';
import { server } from '@/test/server';

const COMMON_PASSWORD = testPassword();
const OLD_PASSWORD = testPassword();
const NEW_PASSWORD = testPassword();

describe('forgot password', () => {
  it('is linked from the login page and always answers with the same neutral message', async () => {
    const sent: unknown[] = [];
    server.use(
      ...noSession(),
      http.post('/api/auth/password-reset/', async ({ request }) => {
        sent.push(await request.json());
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = renderApp('/login');
    await user.click(await screen.findByRole('link', { name: 'Forgot password?' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/forgot-password'));

    await user.click(await screen.findByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByTestId('error-email')).toHaveTextContent('Enter an email address.');
    expect(sent).toEqual([]);

    await user.type(screen.getByLabelText('Email'), ' nobody@example.com ');
    await user.click(screen.getByRole('button', { name: 'Send reset link' }));
    expect(await screen.findByTestId('forgot-sent')).toHaveTextContent('If an account exists for that address, we sent a link');
    expect(sent).toEqual([{ email: 'nobody@example.com' }]);
    expect(screen.queryByLabelText('Email')).not.toBeInTheDocument();
  });
});

describe('reset password', () => {
  it('sends uid and token from the link, shows field errors beside the fields, then goes to sign in', async () => {
    const sent: unknown[] = [];
    server.use(
      ...noSession(),
      http.post('/api/auth/password-reset/confirm/', async ({ request }) => {
        const body = (await request.json()) as { password: string };
        sent.push(body);
        if (body.password === COMMON_PASSWORD) return HttpResponse.json({ password: ['This password is too common.'] }, { status: 400 });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user, router } = renderApp('/reset-password?uid=MTI&token=abc-123');
    const password = await screen.findByLabelText('New password');

    await user.type(password, COMMON_PASSWORD);
    await user.type(screen.getByLabelText('Confirm new password'), 'Password124');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByTestId('error-password2')).toHaveTextContent('The passwords do not match.');
    expect(sent).toEqual([]);

    await user.clear(screen.getByLabelText('Confirm new password'));
    await user.type(screen.getByLabelText('Confirm new password'), COMMON_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    expect(await screen.findByTestId('error-password')).toHaveTextContent('This password is too common.');
    expect(sent).toEqual([{ uid: 'MTI', token: 'abc-123', password: COMMON_PASSWORD, password2: COMMON_PASSWORD }]);

    await user.clear(password);
    await user.type(password, 'Long-Unusual-Phrase-8');
    await user.clear(screen.getByLabelText('Confirm new password'));
    await user.type(screen.getByLabelText('Confirm new password'), 'Long-Unusual-Phrase-8');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/login'));
    expect(await screen.findByTestId('login-notice')).toHaveTextContent('Your password has been changed.');
  });

  it('explains a used or expired link and offers a new one', async () => {
    server.use(
      ...noSession(),
      http.post('/api/auth/password-reset/confirm/', () => HttpResponse.json({ token: ['Invalid or expired link.'] }, { status: 400 })),
    );
    const { user } = renderApp('/reset-password?uid=MTI&token=used');
    await user.type(await screen.findByLabelText('New password'), 'Long-Unusual-Phrase-8');
    await user.type(screen.getByLabelText('Confirm new password'), 'Long-Unusual-Phrase-8');
    await user.click(screen.getByRole('button', { name: 'Set new password' }));
    const invalid = await screen.findByTestId('reset-invalid');
    expect(invalid).toHaveTextContent('This reset link is invalid, has expired or has already been used.');
    expect(within(invalid).getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
  });

  it('says so when the link lacks its token', async () => {
    server.use(...noSession());
    renderApp('/reset-password?uid=MTI');
    expect(await screen.findByTestId('reset-invalid')).toHaveTextContent('This reset link is incomplete.');
    expect(screen.queryByLabelText('New password')).not.toBeInTheDocument();
  });
});

describe('settings page', () => {
  it('is linked from the header and switches notification e-mails off', async () => {
    let patched: unknown;
    server.use(
      ...sessionOf(alice),
      http.get('/api/tickets/', () => HttpResponse.json(page([]))),
      http.patch('/api/auth/me/', async ({ request }) => {
        patched = await request.json();
        return HttpResponse.json({ ...alice, notify_email: false });
      }),
    );
    const { user, router } = renderApp('/');
    await user.click(await screen.findByRole('link', { name: 'Settings' }));
    await waitFor(() => expect(currentUrl(router)).toBe('/settings'));
    const toggle = await screen.findByRole('checkbox', { name: 'Email me about my tickets' });
    expect(toggle).toBeChecked();

    await user.click(toggle);
    expect(await screen.findByText('Notification preference saved.')).toBeInTheDocument();
    expect(patched).toEqual({ notify_email: false });
    expect(screen.getByRole('checkbox', { name: 'Email me about my tickets' })).not.toBeChecked();
  });

  it("changes the e-mail address with the current password, showing the server's errors beside the fields", async () => {
    const sent: unknown[] = [];
    server.use(
      ...sessionOf(alice),
      http.patch('/api/auth/me/', async ({ request }) => {
        const body = (await request.json()) as { email: string; current_password?: string };
        sent.push(body);
        if (body.email === 'taken@example.com') return HttpResponse.json({ email: ['This address is already in use.'] }, { status: 400 });
        if (body.current_password !== OLD_PASSWORD)
          return HttpResponse.json({ current_password: ['Your current password is not correct.'] }, { status: 400 });
        return HttpResponse.json({ ...alice, email: body.email });
      }),
    );
    const { user } = renderApp('/settings');
    const form = await screen.findByTestId('email-settings');
    const email = within(form).getByLabelText('Email');
    expect(email).toHaveValue('alice@example.com');
    // Asked for only once the address changes.
    expect(within(form).queryByLabelText('Current password')).not.toBeInTheDocument();

    await user.clear(email);
    await user.type(email, 'taken@example.com');
    await user.click(within(form).getByRole('button', { name: 'Save email' }));
    expect(within(form).getByTestId('error-current_password')).toHaveTextContent('Enter your current password to change your email.');
    expect(within(form).getByText('To change your email, confirm it is you. We will let your old address know.')).toBeInTheDocument();
    expect(sent).toEqual([]);

    await user.type(within(form).getByLabelText('Current password'), 'wrong');
    await user.click(within(form).getByRole('button', { name: 'Save email' }));
    expect(await within(form).findByTestId('error-email')).toHaveTextContent('This address is already in use.');

    await user.clear(email);
    await user.type(email, 'alice@new.example.com');
    await user.click(within(form).getByRole('button', { name: 'Save email' }));
    expect(await within(form).findByTestId('error-current_password')).toHaveTextContent('Your current password is not correct.');

    await user.clear(within(form).getByLabelText('Current password'));
    await user.type(within(form).getByLabelText('Current password'), OLD_PASSWORD);
    await user.click(within(form).getByRole('button', { name: 'Save email' }));
    expect(await screen.findByText('Email address saved.')).toBeInTheDocument();
    expect(sent.at(-1)).toEqual({ email: 'alice@new.example.com', current_password: OLD_PASSWORD });
    expect(within(form).queryByTestId('error-email')).not.toBeInTheDocument();
  });

  it('changes the password, with the wrong current password reported beside its field', async () => {
    const sent: unknown[] = [];
    server.use(
      ...sessionOf(alice),
      http.post('/api/auth/password-change/', async ({ request }) => {
        const body = (await request.json()) as { old_password: string };
        sent.push(body);
        if (body.old_password !== OLD_PASSWORD) return HttpResponse.json({ old_password: ['Your old password was entered incorrectly.'] }, { status: 400 });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderApp('/settings');
    const form = await screen.findByTestId('password-settings');
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(within(form).getByTestId('error-old_password')).toHaveTextContent('Enter a password.');
    expect(within(form).getByTestId('error-password')).toHaveTextContent('Enter a password.');
    expect(sent).toEqual([]);

    await user.type(within(form).getByLabelText('Current password'), 'wrong');
    await user.type(within(form).getByLabelText('New password'), NEW_PASSWORD);
    await user.type(within(form).getByLabelText('Confirm new password'), NEW_PASSWORD);
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await within(form).findByTestId('error-old_password')).toHaveTextContent('Your old password was entered incorrectly.');

    await user.clear(within(form).getByLabelText('Current password'));
    await user.type(within(form).getByLabelText('Current password'), OLD_PASSWORD);
    await user.click(within(form).getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('Password changed.')).toBeInTheDocument();
    expect(sent.at(-1)).toEqual({ old_password: OLD_PASSWORD, password: NEW_PASSWORD, password2: NEW_PASSWORD });
    expect(within(form).getByLabelText('Current password')).toHaveValue('');
  });
});
