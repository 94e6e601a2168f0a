import { useTranslation } from 'react-i18next';

/** Grey bars standing in for lines of text; `width` as a share of the line. */
function Bars({ widths, className = 'ticket-skeleton__line' }: { widths: readonly string[]; className?: string }) {
  return (
    <>
      {widths.map((width, index) => (
        <span key={index} className={className} style={{ width }} />
      ))}
    </>
  );
}

/**
 * The ticket page while the ticket loads (UI.md: a skeleton in the shape of
 * what is coming, not a spinner): the same toolbar, columns and cards as
 * TicketDetail, so nothing jumps when the ticket arrives. Staff get the side
 * panel's shape; requesters their activity column.
 */
export function TicketSkeleton({ isStaff }: { isStaff: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={isStaff ? 'page detail detail--agent ticket-skeleton' : 'page detail ticket-skeleton'} role="status" data-testid="ticket-skeleton">
      <span className="visually-hidden">{t('ticketSkeleton.loading')}</span>
      <div className="detail__layout" aria-hidden="true">
        <div className="detail__toolbar">
          <span className="ticket-skeleton__line ticket-skeleton__back" style={{ width: '7rem' }} />
        </div>
        <div className="detail__main card">
          <Bars widths={['5rem']} />
          <Bars widths={['80%', '55%']} className="ticket-skeleton__title" />
          <div className="detail__badges">
            <Bars widths={['3.5rem', '4.5rem', '6rem']} className="ticket-skeleton__pill" />
          </div>
          <Bars widths={['100%', '96%', '88%', '60%']} />
        </div>
        <div className="detail__side">
          {isStaff ? (
            <div className="panel">
              {[0, 1, 2].map((field) => (
                <div key={field} className="ticket-skeleton__field">
                  <Bars widths={['4rem']} />
                  <span className="ticket-skeleton__control" />
                </div>
              ))}
              <div className="ticket-skeleton__field">
                <Bars widths={['70%', '50%', '60%']} />
              </div>
            </div>
          ) : (
            <div className="card">
              <Bars widths={['6rem', '90%', '70%']} />
            </div>
          )}
        </div>
        <div className="detail__conversation card">
          <Bars widths={['8rem']} />
          <span className="ticket-skeleton__block" />
          <span className="ticket-skeleton__control ticket-skeleton__reply" />
        </div>
      </div>
    </div>
  );
}
