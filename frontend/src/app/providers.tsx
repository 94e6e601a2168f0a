import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ToastProvider } from '@/components/Toast';
import { AuthProvider } from '@/features/auth/AuthProvider';
import { useAuth } from '@/features/auth/auth-context';
import { LiveUpdates } from '@/features/realtime/LiveUpdates';

/** The realtime socket, open while someone is signed in (SPEC 4d). */
function LiveUpdatesWhileSignedIn() {
  const { status, user } = useAuth();
  return <LiveUpdates enabled={status === 'signed-in'} userId={user?.id ?? null} />;
}

export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <ToastProvider>
          <LiveUpdatesWhileSignedIn />
          {children}
        </ToastProvider>
      </AuthProvider>
    </QueryClientProvider>
  );
}
