import { api, refreshAccessToken, setAccessToken } from '@/lib/api-client';
import type { Credentials, RegisteredUser, Registration, User } from '../types';

interface TokenPair {
  access: string;
  // Also set by the server as an HttpOnly cookie; the SPA ignores this copy
  // so that no script-readable storage ever holds it.
  refresh?: string;
}

export function fetchMe(): Promise<User> {
  return api.get<User>('/api/auth/me/');
}

export async function login(credentials: Credentials): Promise<User> {
  const tokens = await api.post<TokenPair>('/api/auth/login/', credentials, { auth: false });
  setAccessToken(tokens.access);
  return fetchMe();
}

export function register(input: Registration): Promise<RegisteredUser> {
  return api.post<RegisteredUser>('/api/auth/register/', input, { auth: false });
}

export async function logout(): Promise<void> {
  try {
    // The body is empty on purpose: the server revokes the cookie's token.
    await api.post<void>('/api/auth/logout/', {}, { auth: false });
  } finally {
    setAccessToken(null);
  }
}

/** After a reload: trade the refresh cookie for a token, then load the user. */
export async function restoreSession(): Promise<User | null> {
  const token = await refreshAccessToken();
  if (!token) return null;
  return fetchMe();
}
