import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api, refreshAccessToken, setAccessToken } from '@/lib/api-client';
import { useAuth } from '../auth-context';
import type {
  Credentials,
  PasswordChange,
  PasswordResetConfirm,
  PasswordResetRequest,
  ProfileChange,
  RegisteredUser,
  Registration,
  TokenPair,
  User,
} from '../types';

export function fetchMe(): Promise<User> {
  return api.get<User>('/api/auth/me/');
}

export async function login(credentials: Credentials): Promise<User> {
  const tokens = await api.post<TokenPair>('/api/auth/login/', credentials, { auth: false });
  // tokens.refresh is ignored: the server also set it as an HttpOnly cookie,
  // and no script-readable place may ever hold it.
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

export function updateProfile(change: ProfileChange): Promise<User> {
  return api.patch<User>('/api/auth/me/', change);
}

/** Always 204, whether or not the address has an account. */
export function requestPasswordReset(input: PasswordResetRequest): Promise<void> {
  return api.post<void>('/api/auth/password-reset/', input, { auth: false });
}

export function confirmPasswordReset(input: PasswordResetConfirm): Promise<void> {
  return api.post<void>('/api/auth/password-reset/confirm/', input, { auth: false });
}

export function changePassword(input: PasswordChange): Promise<void> {
  return api.post<void>('/api/auth/password-change/', input);
}

/** After a reload: trade the refresh cookie for a token, then load the user. */
export async function restoreSession(): Promise<User | null> {
  const token = await refreshAccessToken();
  if (!token) return null;
  return fetchMe();
}

export const authKeys = {
  session: ['auth', 'session'] as const,
};

/** Restores the session once, however many times it is asked for at once. */
export function useRestoreSession(): () => Promise<User | null> {
  const queryClient = useQueryClient();
  // staleTime 0 and no observer: the answer is the provider's to keep, not the cache's.
  return useCallback(() => queryClient.fetchQuery({ queryKey: authKeys.session, queryFn: restoreSession, staleTime: 0, retry: false }), [queryClient]);
}

export function useLogin() {
  return useMutation({ mutationFn: login });
}

export function useLogout() {
  return useMutation({ mutationFn: logout });
}

export function useRegister() {
  return useMutation({ mutationFn: register });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}

export function useConfirmPasswordReset() {
  return useMutation({ mutationFn: confirmPasswordReset });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}

/** Shows what the server answered at once, wherever the user appears. */
export function useUpdateProfile() {
  const { replaceUser } = useAuth();
  return useMutation({ mutationFn: updateProfile, onSuccess: replaceUser });
}
