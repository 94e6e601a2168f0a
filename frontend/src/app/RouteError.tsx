import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '@/config/paths';
import { usePageTitle } from '@/lib/page-title';

// Last line of defence for render errors and failed lazy chunks (e.g. after a
// deploy replaced the hashed files): offer a way out instead of a blank page.
export function RouteError() {
  const { t } = useTranslation();
  usePageTitle(t('errors.generic'));
  return (
    <section className="page page--narrow" role="alert">
      <h1>{t('errors.generic')}</h1>
      <p>
        <a href={window.location.href}>{t('common.retry')}</a> · <Link to={paths.home}>{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
