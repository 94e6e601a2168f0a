import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useToast } from '@/components/toast-context';
import { paths } from '@/config/paths';
import { useAuth } from '@/features/auth/auth-context';
import { useCreateTicket } from '@/features/tickets/api/tickets';
import { TicketForm } from '@/features/tickets/components/TicketForm';
import { usePageTitle } from '@/lib/page-title';

export default function CreateTicketPage() {
  const { t } = useTranslation();
  usePageTitle(t('form.createTitle'));
  const { user } = useAuth();
  const navigate = useNavigate();
  const toast = useToast();
  const [progress, setProgress] = useState<number | null>(null);
  const create = useCreateTicket(setProgress);

  return (
    <section className="page page--narrow" aria-labelledby="form-title">
      <h1 id="form-title">{t('form.createTitle')}</h1>
      <TicketForm
        isStaff={Boolean(user?.isAdmin)}
        submitLabel={t('form.submitCreate')}
        progress={progress}
        onSubmit={async (input) => {
          setProgress(input.attachment ? 0 : null);
          try {
            const ticket = await create.mutateAsync(input);
            toast.show(t('form.created'));
            navigate(paths.ticket(ticket.id));
          } finally {
            setProgress(null);
          }
        }}
      />
    </section>
  );
}
