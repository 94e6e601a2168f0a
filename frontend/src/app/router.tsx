import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { Spinner } from '@/components/Spinner';
import { PublicOnly, RequireAuth, RequireStaff } from '@/features/auth/components/guards';
import { RootLayout } from './RootLayout';
import { RouteError } from './RouteError';

type PageModule = { default: ComponentType };

const pages = {
  login: () => import('./routes/LoginPage'),
  register: () => import('./routes/RegisterPage'),
  forgotPassword: () => import('./routes/ForgotPasswordPage'),
  resetPassword: () => import('./routes/ResetPasswordPage'),
  list: () => import('./routes/TicketListPage'),
  detail: () => import('./routes/TicketDetailPage'),
  create: () => import('./routes/CreateTicketPage'),
  settings: () => import('./routes/SettingsPage'),
  edit: () => import('./routes/EditTicketPage'),
  dashboard: () => import('./routes/DashboardPage'),
  notFound: () => import('./routes/NotFoundPage'),
  rate: () => import('./routes/RatePage'),
} satisfies Record<string, () => Promise<PageModule>>;

/** Every page is its own chunk, so the first load carries only the shell and one page. */
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
          { path: '/login', lazy: page(pages.login) },
          { path: '/register', lazy: page(pages.register) },
        ],
      },
      // Reachable signed in or not: an e-mailed link may be opened anywhere.
      { path: '/forgot-password', lazy: page(pages.forgotPassword) },
      { path: '/reset-password', lazy: page(pages.resetPassword) },
      { path: '/rate/:token', lazy: page(pages.rate) },
      {
        Component: RequireAuth,
        children: [
          { index: true, lazy: page(pages.list) },
          { path: '/tickets/:id', lazy: page(pages.detail) },
          { path: '/create', lazy: page(pages.create) },
          { path: '/settings', lazy: page(pages.settings) },
          {
            Component: RequireStaff,
            children: [
              { path: '/edit/:id', lazy: page(pages.edit) },
              { path: '/dashboard', lazy: page(pages.dashboard) },
            ],
          },
        ],
      },
      { path: '*', lazy: page(pages.notFound) },
    ],
  },
];

/**
 * The browser's router. Once the first page is in, the other pages' code is
 * fetched: a click on a link must not wait for it (on a slow network the
 * link did nothing for a second or more, issue 12). A failed fetch is tried
 * again by the route itself when it is visited.
 */
export function createRouter() {
  const router = createBrowserRouter(routes);
  const stop = router.subscribe((state) => {
    if (!state.initialized) return;
    stop();
    for (const load of Object.values(pages)) load().catch(() => undefined);
  });
  return router;
}
