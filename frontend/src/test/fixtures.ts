import { http, HttpResponse } from 'msw';
import type { Activity, Comment, Ticket, TicketPage } from '@/features/tickets/types';

export const alice = { id: 2, username: 'alice', email: 'alice@example.com', isAdmin: false, notify_email: true, available: false };
export const sam = { id: 1, username: 'sam', email: 'sam@example.com', isAdmin: true, notify_email: true, available: false };
export type Persona = typeof alice;
export const kim = { id: 3, username: 'kim', email: 'kim@example.com', isAdmin: true, notify_email: false, available: false };

const summary = (user: Persona) => ({ id: user.id, username: user.username, email: user.email });
export const staffDirectory = [summary(sam), summary(kim)];

let nextCommentId = 500;

export function makeComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: overrides.id ?? nextCommentId++,
    body: 'Thanks, looking into it.',
    internal: false,
    attachment: null,
    attachment_name: null,
    attachment_content_type: null,
    attachment_size: null,
    attachments: [],
    author: summary(sam),
    created_at: '2025-12-14T09:00:00Z',
    ...overrides,
  };
}

/** An activity entry of `kind`, with the shape of `data` that kind has. */
export function makeActivity<K extends Activity['kind']>(
  kind: K,
  data: Extract<Activity, { kind: K }>['data'],
  overrides: Partial<Pick<Activity, 'id' | 'actor' | 'at'>> = {},
): Activity {
  return { id: nextCommentId++, kind, data, actor: summary(sam), at: '2025-12-14T09:00:00Z', ...overrides } as Extract<Activity, { kind: K }>;
}

export const ACCESS = 'access-1';

let nextId = 100;

export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  const id = overrides.id ?? nextId++;
  const created_by = overrides.created_by ?? { id: alice.id, username: alice.username, email: alice.email };
  const created_at = overrides.created_at ?? '2025-12-13T15:30:00Z';
  const status = overrides.status ?? 'New';
  return {
    id,
    title: `Ticket ${id}`,
    description: 'Something is broken',
    category: 'Technical',
    status,
    attachment: null,
    attachment_name: null,
    attachment_content_type: null,
    attachment_size: null,
    created_by,
    created_at,
    priority: 'Medium',
    assignee: null,
    updated_at: created_at,
    comments_count: 0,
    first_response_at: null,
    resolved_at: null,
    sla: {
      first_response_due_at: null,
      resolution_due_at: null,
      first_response: 'pending',
      resolution: 'pending',
      first_response_seconds_left: null,
      resolution_seconds_left: null,
      first_response_at_risk: false,
      resolution_at_risk: false,
    },
    waiting_on_requester: false,
    status_history: [{ id: id * 10, status: 'New', changed_by: created_by, changed_at: created_at }],
    rating: null,
    ...overrides,
  };
}

export function page(results: Ticket[], count = results.length): TicketPage {
  return { count, next: null, previous: null, results };
}

/** The browser has signed in before: the server's readable marker is there. */
export function signedInBefore(): void {
  document.cookie = 'helpdesk_signed_in=1; path=/';
}

/** The browser holds a valid refresh cookie for this persona. */
export function sessionOf(user: Persona) {
  signedInBefore();
  return [
    http.post('/api/auth/token/refresh/', () => HttpResponse.json({ access: ACCESS, refresh: 'rotated' })),
    http.get('/api/auth/me/', ({ request }) =>
      request.headers.get('Authorization') === `Bearer ${ACCESS}`
        ? HttpResponse.json(user)
        : HttpResponse.json({ detail: 'Authentication credentials were not provided.' }, { status: 401 }),
    ),
  ];
}

/** Signed out: no marker, so no refresh is asked for; the server would refuse it. */
export function noSession() {
  return [http.post('/api/auth/token/refresh/', () => HttpResponse.json({ detail: 'No refresh token.' }, { status: 401 }))];
}

/** A password made up per run: tests never carry a literal credential. */
export function testPassword(): string {
  return `Pw-${crypto.randomUUID()}`;
}

/** The runtime config as the server sends it, with its limits (see setup.ts). */
export const SERVER_CONFIG = {
  tawkPropertyId: '',
  tawkWidgetId: '',
  maxUploadBytes: 10 * 1024 * 1024,
  allowedExtensions: ['csv', 'doc', 'docx', 'gif', 'jpeg', 'jpg', 'odp', 'ods', 'odt', 'pdf', 'png', 'ppt', 'pptx', 'txt', 'webp', 'xls', 'xlsx'],
  titleMaxLength: 200,
  commentMaxLength: 10_000,
  commentMaxFiles: 5,
};
