import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Layout } from '@/components/Layout';
import { paths } from '@/config/paths';
import { useAuth } from '@/features/auth/auth-context';
import { AvailabilityToggle } from '@/features/auth/components/AvailabilityToggle';
import { OfflineIndicator } from '@/features/realtime/OfflineIndicator';

export function RootLayout() {
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const { pathname } = useLocation();

  // A new page starts at the top. (React Router's ScrollRestoration would
  // also do this but writes to sessionStorage, which the app keeps empty.)
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  return (
    <Layout
      user={user}
      signingOut={signingOut}
      status={<OfflineIndicator />}
      tools={<AvailabilityToggle />}
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
    </Layout>
  );
}
