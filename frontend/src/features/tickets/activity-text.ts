import type { TFunction } from 'i18next';
import { isPriority, isStatus, type Activity, type TicketListItem } from './types';

// The API sends facts (kinds, enum values, ids); the sentences are ours, so
// they follow the reader's language. Each kind has its own shape of `data`
// in the schema, so the switch below reads it without casts.

const FIELD_KEYS = ['title', 'description', 'category', 'status', 'priority', 'assignee', 'attachment'] as const;
type FieldKey = (typeof FIELD_KEYS)[number];

function isFieldKey(value: string): value is FieldKey {
  return (FIELD_KEYS as readonly string[]).includes(value);
}

function listFormat(items: string[], language: string): string {
  try {
    return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

interface Described {
  sentence: string;
  details: string[];
}

export function describeActivity(entry: Activity, t: TFunction, language: string): Described {
  const actor = entry.actor.username || t('activity.someone');
  switch (entry.kind) {
    case 'created':
      return { sentence: t('activity.created', { actor }), details: [] };
    case 'status': {
      const { from, to } = entry.data;
      return { sentence: t('activity.status', { actor, from: t(`status.${from}`), to: t(`status.${to}`) }), details: [] };
    }
    case 'priority': {
      const { from, to } = entry.data;
      return { sentence: t('activity.priority', { actor, from: t(`priority.${from}`), to: t(`priority.${to}`) }), details: [] };
    }
    case 'assignee': {
      const from = entry.data.from?.username;
      const to = entry.data.to?.username;
      if (from && to) return { sentence: t('activity.reassigned', { actor, from, to }), details: [] };
      if (to) return { sentence: t('activity.assigned', { actor, to }), details: [] };
      return { sentence: t('activity.unassigned', { actor, from: from ?? t('activity.nobody') }), details: [] };
    }
    case 'edited': {
      const { fields, title, category } = entry.data;
      const names = fields.map((f) => (isFieldKey(f) ? t(`activity.fields.${f}`) : f));
      const details: string[] = [];
      if (title) details.push(t('activity.titleChange', { from: title.from, to: title.to }));
      if (category) details.push(t('activity.categoryChange', { from: t(`category.${category.from}`), to: t(`category.${category.to}`) }));
      return {
        sentence: t('activity.edited', { actor, fields: names.length ? listFormat(names, language) : t('activity.fields.other') }),
        details,
      };
    }
    case 'attachment': {
      const { from, to } = entry.data;
      if (from && to) return { sentence: t('activity.attachmentReplaced', { actor, from, to }), details: [] };
      if (to) return { sentence: t('activity.attachmentAdded', { actor, to }), details: [] };
      return { sentence: t('activity.attachmentRemoved', { actor, from: from ?? '' }), details: [] };
    }
    case 'comment': {
      const { internal, excerpt } = entry.data;
      return {
        sentence: internal ? t('activity.note', { actor }) : t('activity.reply', { actor }),
        details: excerpt ? [`“${excerpt}”`] : [],
      };
    }
    case 'sla_paused':
      return { sentence: t('sla.activity.paused', { actor }), details: [] };
    case 'sla_resumed': {
      const { reason, paused_seconds: paused } = entry.data;
      const key = reason === 'reply' ? 'resumedReply' : reason === 'resolved' ? 'resumedResolved' : 'resumedStaff';
      const minutes = Math.floor(paused / 60);
      const time = minutes >= 60 ? t('sla.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 }) : t('sla.minutes', { m: minutes });
      return { sentence: t(`sla.activity.${key}`, { actor }), details: paused > 0 ? [t('sla.activity.pausedFor', { time })] : [] };
    }
    case 'rated': {
      // The score only: the comment is read on the ticket's rating.
      const { score, previous_score: previous } = entry.data;
      if (previous === null) return { sentence: t('csatActivity.rated', { actor, score }), details: [] };
      if (previous === score) return { sentence: t('csatActivity.comment', { actor, score }), details: [] };
      return { sentence: t('csatActivity.rerated', { actor, from: previous, to: score }), details: [] };
    }
    default:
      return { sentence: t('activity.other', { actor }), details: [] };
  }
}

/** What a live event (SPEC 4d) carries that a sentence needs; see realtime. */
export interface LiveEvent {
  type: string;
  ticket: Pick<TicketListItem, 'status' | 'priority' | 'assignee'>;
  actor?: { id?: number; username?: string } | null;
  changes?: unknown;
  comment?: Record<string, unknown> | null;
}

/**
 * Who did what, for the toast on an open ticket: "sam set the status to
 * Resolved", "sam replied". Null when the event does not say who acted (an
 * older server): the caller then falls back to a generic sentence.
 */
export function describeLiveEvent(event: LiveEvent, t: TFunction, language: string): string | null {
  const username = event.actor?.username;
  const actor = typeof username === 'string' && username ? username : null;
  if (!actor) return null;
  const { ticket } = event;
  switch (event.type) {
    case 'comment.created':
      return event.comment?.internal === true ? t('activity.note', { actor }) : t('activity.reply', { actor });
    case 'ticket.deleted':
      return t('realtime.deleted', { actor });
    case 'ticket.updated': {
      const changes = Array.isArray(event.changes) ? event.changes.filter((f): f is FieldKey => (FIELD_KEYS as readonly unknown[]).includes(f)) : [];
      if (changes.length === 1 && changes[0] === 'status' && isStatus(ticket.status)) {
        return t('realtime.statusSet', { actor, status: t(`status.${ticket.status}`) });
      }
      if (changes.length === 1 && changes[0] === 'priority' && isPriority(ticket.priority)) {
        return t('realtime.prioritySet', { actor, priority: t(`priority.${ticket.priority}`) });
      }
      if (changes.length === 1 && changes[0] === 'assignee') {
        const assignee = ticket.assignee?.username;
        if (!assignee) return t('realtime.unassigned', { actor });
        return assignee === actor ? t('realtime.selfAssigned', { actor }) : t('realtime.assigned', { actor, assignee });
      }
      const fields = changes.length ? listFormat(changes.map((f) => t(`activity.fields.${f}`)), language) : t('activity.fields.other');
      return t('realtime.changed', { actor, fields });
    }
    default:
      return null;
  }
}
