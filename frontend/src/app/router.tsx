import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { Spinner } from '@/components/Spinner';
import { PublicOnly, RequireAuth, RequireStaff } from '@/features/auth/components/guards';
import { RootLayout } from './RootLayout';
import { RouteError } from './RouteError';

type PageModule = { default: ComponentType };

// Every page is its own chunk, so the first load carries only the shell.
const page = (load: () => Promise<PageModule>) => async () => ({ Component: (await load()).default });

/** Every route of the app (SPEC 6); tests mount the same table in memory. */
export const routes: RouteObject[] = [
  {
    Component: RootLayout,
    ErrorBoundary: RouteError,
    HydrateFallback: () => <Spinner block />,
    children: [
      {
        Component: PublicOnly,
        children: [
          { path: '/login', lazy: page(() => import('./routes/LoginPage')) },
          { path: '/register', lazy: page(() => import('./routes/RegisterPage')) },
        ],
      },
      // Reachable signed in or not: an e-mailed link may be opened anywhere.
      { path: '/forgot-password', lazy: page(() => import('./routes/ForgotPasswordPage')) },
      { path: '/reset-password', lazy: page(() => import('./routes/ResetPasswordPage')) },
      {
        Component: RequireAuth,
        children: [
          { index: true, lazy: page(() => import('./routes/TicketListPage')) },
          { path: '/tickets/:id', lazy: page(() => import('./routes/TicketDetailPage')) },
          { path: '/create', lazy: page(() => import('./routes/CreateTicketPage')) },
          { path: '/settings', lazy: page(() => import('./routes/SettingsPage')) },
          {
            Component: RequireStaff,
            children: [{ path: '/edit/:id', lazy: page(() => import('./routes/EditTicketPage')) }],
          },
        ],
      },
      { path: '*', lazy: page(() => import('./routes/NotFoundPage')) },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
