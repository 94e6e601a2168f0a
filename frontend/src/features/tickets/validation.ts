import type { TicketInput } from './types';

// Mirrors the server's rules (SPEC 3 and 5) so that most mistakes are caught
// before an upload starts; the server stays the authority and its field
// errors are shown the same way.
export const TITLE_MAX = 200;

export const ALLOWED_EXTENSIONS = [
  'png', 'jpg', 'jpeg', 'gif', 'webp',
  'pdf', 'txt', 'csv',
  'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp',
] as const;

export const ACCEPT_ATTRIBUTE = ALLOWED_EXTENSIONS.map((ext) => `.${ext}`).join(',');

export type TicketFieldName = 'title' | 'description' | 'category' | 'status' | 'attachment';

export type ValidationCode =
  | 'titleRequired'
  | 'titleTooLong'
  | 'descriptionRequired'
  | 'categoryRequired'
  | 'fileTooLarge'
  | 'fileType'
  | 'fileEmpty';

export interface DraftTicket {
  title: string;
  description: string;
  category: string;
  attachment: File | null;
}

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
}

export function validateAttachment(file: File, maxBytes: number): ValidationCode | null {
  // The extension, not file.type: browsers report CSV and office files
  // inconsistently. The server checks the content itself.
  if (!(ALLOWED_EXTENSIONS as readonly string[]).includes(extensionOf(file.name))) return 'fileType';
  if (file.size === 0) return 'fileEmpty';
  if (file.size > maxBytes) return 'fileTooLarge';
  return null;
}

export function validateTicket(draft: DraftTicket, maxBytes: number): Partial<Record<TicketFieldName, ValidationCode>> {
  const errors: Partial<Record<TicketFieldName, ValidationCode>> = {};
  const title = draft.title.trim();
  if (!title) errors.title = 'titleRequired';
  else if (title.length > TITLE_MAX) errors.title = 'titleTooLong';
  if (!draft.description.trim()) errors.description = 'descriptionRequired';
  if (!draft.category) errors.category = 'categoryRequired';
  if (draft.attachment) {
    const code = validateAttachment(draft.attachment, maxBytes);
    if (code) errors.attachment = code;
  }
  return errors;
}

export type { TicketInput };

export const COMMENT_MAX = 10_000;

export type CommentValidationCode = 'bodyRequired' | 'bodyTooLong';

export function validateCommentBody(body: string): CommentValidationCode | null {
  if (!body.trim()) return 'bodyRequired';
  if (body.length > COMMENT_MAX) return 'bodyTooLong';
  return null;
}
