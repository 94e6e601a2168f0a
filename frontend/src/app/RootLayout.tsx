import { useState } from 'react';
import { Outlet, ScrollRestoration, useNavigate } from 'react-router';
import { Layout } from '@/components/Layout';
import { paths } from '@/config/paths';
import { useAuth } from '@/features/auth/auth-context';

export function RootLayout() {
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  return (
    <Layout
      user={user}
      signingOut={signingOut}
      onSignOut={() => {
        setSigningOut(true);
        // Signed out locally even when the server cannot be reached.
        void signOut()
          .catch(() => undefined)
          .finally(() => {
            setSigningOut(false);
            navigate(paths.login, { replace: true });
          });
      }}
    >
      <Outlet />
      <ScrollRestoration />
    </Layout>
  );
}
