import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Names the browser tab after the page ("Tickets · Helpdesk"), in the
 * reader's language, so that tabs, history and bookmarks tell pages apart.
 * Without a page name (still loading) the tab says just "Helpdesk".
 */
export function usePageTitle(page: string | null | undefined): void {
  const { t } = useTranslation();
  const title = page ? t('app.pageTitle', { page }) : t('app.name');
  useEffect(() => {
    document.title = title;
  }, [title]);
}
