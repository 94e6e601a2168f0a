import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LinkRating } from '@/features/csat/components/LinkRating';
import { usePageTitle } from '@/lib/page-title';

/** `/rate/:token`, the resolution e-mail's one-click rating: no sign-in needed. */
export default function RatePage() {
  const { t } = useTranslation();
  usePageTitle(t('csat.linkTitle'));
  const { token = '' } = useParams();
  return (
    <div className="page page--narrow">
      <LinkRating key={token} token={token} />
    </div>
  );
}
