import { createContext, useContext } from 'react';
import type { Credentials, User } from './types';

export type AuthStatus = 'restoring' | 'signed-in' | 'signed-out';

export interface AuthState {
  status: AuthStatus;
  user: User | null;
  /** Why the user is signed out, to explain it on the login page. */
  reason: 'expired' | null;
  signIn: (credentials: Credentials) => Promise<User>;
  signOut: () => Promise<void>;
  /** Shows what the server answered after a profile change. */
  replaceUser: (user: User) => void;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth needs an <AuthProvider>');
  return state;
}
