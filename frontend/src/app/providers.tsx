import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ToastProvider } from '@/components/Toast';
import { AuthProvider } from '@/features/auth/AuthProvider';
import { useAuth } from '@/features/auth/auth-context';
import { LiveUpdates } from '@/features/realtime/LiveUpdates';
import { useTicketEvents } from '@/features/tickets/hooks/useTicketEvents';

/** The realtime socket, open while someone is signed in (SPEC 4d), feeding the tickets' cache. */
function LiveUpdatesWhileSignedIn() {
  const { status, user } = useAuth();
  const loadHandlers = useTicketEvents(user?.id ?? null);
  return <LiveUpdates enabled={status === 'signed-in'} loadHandlers={loadHandlers} />;
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
