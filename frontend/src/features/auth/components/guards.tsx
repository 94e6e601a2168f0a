import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { Spinner } from '@/components/Spinner';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/lib/page-title';
import { useAuth } from '../auth-context';

/** Signed-in routes; others go to /login and come back afterwards. */
export function RequireAuth() {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'restoring') return <Spinner block />;
  if (status === 'signed-out') {
    return <Navigate to={paths.login} replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return <Outlet />;
}

/** Staff-only routes: a requester sees why instead of a broken page. */
export function RequireStaff() {
  const { user } = useAuth();
  return user?.isAdmin ? <Outlet /> : <Forbidden />;
}

function Forbidden() {
  const { t } = useTranslation();
  usePageTitle(t('forbidden.title'));
  return (
    <section className="page page--narrow" data-testid="forbidden">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.body')}</p>
      <Link to={paths.home}>{t('common.backToList')}</Link>
    </section>
  );
}

/** /login and /register: a signed-in user has nothing to do there. */
export function PublicOnly() {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'restoring') return <Spinner block />;
  if (status === 'signed-in') {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from ?? paths.home} replace />;
  }
  return <Outlet />;
}
