import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

interface PaginationProps {
  page: number;
  pages: number;
  hrefForPage: (page: number) => string;
}

export function Pagination({ page, pages, hrefForPage }: PaginationProps) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  const link = (target: number, label: string, rel: 'prev' | 'next', testId: string) =>
    target >= 1 && target <= pages ? (
      <Link className="btn btn--secondary btn--sm" to={hrefForPage(target)} rel={rel} data-testid={testId}>
        {label}
      </Link>
    ) : (
      <span className="btn btn--secondary btn--sm is-disabled" aria-disabled="true">
        {label}
      </span>
    );
  return (
    <nav className="pagination" aria-label={t('list.pagination')} data-testid="pagination">
      {link(page - 1, t('list.previous'), 'prev', 'page-prev')}
      <span className="pagination__status" aria-current="page" data-testid="page-status">
        {t('list.pageOf', { page, pages })}
      </span>
      {link(page + 1, t('list.next'), 'next', 'page-next')}
    </nav>
  );
}
