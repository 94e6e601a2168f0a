import type { TFunction } from 'i18next';
import type { BadgeTone } from '@/components/Badge';
import type { TicketListItem } from './types';

export type WithSla = Pick<TicketListItem, 'sla' | 'waiting_on_requester'>;

export interface Shown {
  tone: BadgeTone;
  text: string;
  due: string | null;
  state: 'breached' | 'at-risk' | 'paused' | 'pending';
}

/** Business time as "45 min", "3 h 20 min"; never "0 min". */
export function formatBusinessTime(seconds: number, t: TFunction): string {
  const minutes = Math.max(1, Math.floor(seconds / 60));
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (!hours) return t('sla.minutes', { m: minutes });
  if (!rest) return t('sla.hours', { h: hours });
  return t('sla.hoursMinutes', { h: hours, m: rest });
}

/** What the badge says: a breach first, then the target due soonest. */
export function slaShown({ sla, waiting_on_requester: waiting }: WithSla, t: TFunction): Shown | null {
  if (sla.first_response === 'breached' || sla.resolution === 'breached') {
    const which = sla.first_response === 'breached' ? 'firstResponse' : 'resolution';
    const due = which === 'firstResponse' ? sla.first_response_due_at : sla.resolution_due_at;
    return { tone: 'red', text: t(`sla.breached.${which}`), due, state: 'breached' };
  }
  if (sla.first_response === 'pending' && sla.first_response_seconds_left !== null) {
    return {
      tone: sla.first_response_at_risk ? 'amber' : 'grey',
      text: t('sla.left.firstResponse', { time: formatBusinessTime(sla.first_response_seconds_left, t) }),
      due: sla.first_response_due_at,
      state: sla.first_response_at_risk ? 'at-risk' : 'pending',
    };
  }
  if (sla.resolution === 'pending' && sla.resolution_seconds_left !== null) {
    const time = formatBusinessTime(sla.resolution_seconds_left, t);
    if (waiting) return { tone: 'blue', text: t('sla.paused', { time }), due: null, state: 'paused' };
    return {
      tone: sla.resolution_at_risk ? 'amber' : 'grey',
      text: t('sla.left.resolution', { time }),
      due: sla.resolution_due_at,
      state: sla.resolution_at_risk ? 'at-risk' : 'pending',
    };
  }
  return null; // met, or a ticket from before service levels
}
