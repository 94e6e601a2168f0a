import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorState } from '@/components/ErrorState';
import { Spinner } from '@/components/Spinner';
import { useToast } from '@/components/toast-context';
import { paths } from '@/config/paths';
import { useAuth } from '@/features/auth/auth-context';
import { useTicket, useUpdateTicket } from '@/features/tickets/api/tickets';
import { TicketForm } from '@/features/tickets/components/TicketForm';
import { usePageTitle } from '@/lib/page-title';
import NotFoundPage from './NotFoundPage';
import { useTicketId } from './use-ticket-id';

function EditTicket({ id }: { id: number }) {
  const { t } = useTranslation();
  usePageTitle(t('form.editTitle', { id }));
  const { user } = useAuth();
  const navigate = useNavigate();
  const toast = useToast();
  const [progress, setProgress] = useState<number | null>(null);
  const query = useTicket(id);
  const update = useUpdateTicket(id, setProgress);

  if (query.isPending) return <Spinner block />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;

  return (
    <>
      <Link to={paths.ticket(id)} className="back-link">
        ← {query.data.title}
      </Link>
      <h1 id="form-title">{t('form.editTitle', { id })}</h1>
      <TicketForm
        initial={query.data}
        isStaff={Boolean(user?.isAdmin)}
        submitLabel={t('form.submitEdit')}
        progress={progress}
        onSubmit={async (input) => {
          setProgress(input.attachment ? 0 : null);
          try {
            await update.mutateAsync(input);
            toast.show(t('form.updated'));
            navigate(paths.ticket(id));
          } finally {
            setProgress(null);
          }
        }}
      />
    </>
  );
}

export default function EditTicketPage() {
  const id = useTicketId();
  if (id === null) return <NotFoundPage />;
  return (
    <section className="page page--narrow" aria-labelledby="form-title">
      <EditTicket key={id} id={id} />
    </section>
  );
}
