import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { onSessionExpired, setAccessToken } from '@/lib/api-client';
import { useLogin, useLogout, useRestoreSession } from './api/auth';
import { AuthContext, type AuthState, type AuthStatus } from './auth-context';
import type { Credentials, User } from './types';

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<AuthStatus>('restoring');
  const [user, setUser] = useState<User | null>(null);
  const [reason, setReason] = useState<AuthState['reason']>(null);
  const restoreSession = useRestoreSession();
  const { mutateAsync: login } = useLogin();
  const { mutateAsync: logout } = useLogout();

  const clear = useCallback(
    (why: AuthState['reason']) => {
      setAccessToken(null);
      // Nothing of the previous user may be shown to the next one.
      queryClient.clear();
      setUser(null);
      setReason(why);
      setStatus('signed-out');
    },
    [queryClient],
  );

  useEffect(() => {
    // The route guards send a signed-out user to /login.
    onSessionExpired(() => clear('expired'));
    return () => onSessionExpired(null);
  }, [clear]);

  useEffect(() => {
    let cancelled = false;
    restoreSession()
      .then((restored) => {
        if (cancelled) return;
        setUser(restored);
        setStatus(restored ? 'signed-in' : 'signed-out');
      })
      .catch(() => {
        if (!cancelled) setStatus('signed-out');
      });
    return () => {
      cancelled = true;
    };
  }, [restoreSession]);

  const signIn = useCallback(async (credentials: Credentials) => {
    const signedIn = await login(credentials);
    setUser(signedIn);
    setReason(null);
    setStatus('signed-in');
    return signedIn;
  }, [login]);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } finally {
      clear(null);
    }
  }, [clear, logout]);

  const replaceUser = useCallback((next: User) => setUser(next), []);

  const value = useMemo<AuthState>(
    () => ({ status, user, reason, signIn, signOut, replaceUser }),
    [status, user, reason, signIn, signOut, replaceUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
