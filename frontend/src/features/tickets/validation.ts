import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Limits } from '@/config/runtime';
import { formatBytes, formatNumber } from '@/lib/format';
import { CATEGORIES, PRIORITIES, STATUSES } from './types';

// The server's rules (SPEC 3 and 5), checked before an upload starts with the
// limits the server itself sent (config/runtime.ts); the server stays the
// authority and its field errors are shown the same way.

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The file picker's accept attribute; undefined (anything) when the server did not say. */
export function acceptAttribute(limits: Limits): string | undefined {
  return limits.allowedExtensions?.map((ext) => `.${ext}`).join(',');
}

export type AttachmentProblem = 'fileType' | 'fileEmpty' | 'fileTooLarge';

export function checkAttachment(file: File, limits: Limits): AttachmentProblem | null {
  // The extension, not file.type: browsers report CSV and office files
  // inconsistently. The server checks the content itself.
  if (limits.allowedExtensions && !limits.allowedExtensions.includes(extensionOf(file.name))) return 'fileType';
  if (file.size === 0) return 'fileEmpty';
  if (limits.maxUploadBytes !== null && file.size > limits.maxUploadBytes) return 'fileTooLarge';
  return null;
}

/** "up to 10 MB" and the like, in the reader's language; null without a limit. */
export function uploadSize(limits: Limits, language: string): string | null {
  return limits.maxUploadBytes === null ? null : formatBytes(limits.maxUploadBytes, language);
}

function attachment(limits: Limits, t: TFunction, language: string) {
  return z.custom<File | null>((value) => value === null || value instanceof File).superRefine((file, ctx) => {
    const problem = file ? checkAttachment(file, limits) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: t(`form.validation.${problem}`, { size: uploadSize(limits, language) ?? '' }) });
  });
}

/** Text that is not only spaces, within the server's maximum (counted as the server does). */
function text(required: string, max: number | null, tooLong: string, { trim }: { trim: boolean }) {
  const base = trim ? z.string().trim() : z.string();
  const filled = base.refine((value) => value.trim() !== '', { message: required });
  return max === null ? filled : filled.refine((value) => value.length <= max, { message: tooLong });
}

export function ticketSchema(limits: Limits, t: TFunction, language: string) {
  const max = limits.titleMaxLength;
  return z.object({
    // Sent trimmed, as the server stores it.
    title: text(t('form.validation.titleRequired'), max, t('form.validation.titleTooLong', { max: formatNumber(max ?? 0, language) }), { trim: true }),
    description: z.string().refine((value) => value.trim() !== '', { message: t('form.validation.descriptionRequired') }),
    category: z.enum(CATEGORIES, { message: t('form.validation.categoryRequired') }),
    priority: z.enum(PRIORITIES),
    status: z.enum(STATUSES),
    /** '' is nobody. */
    assignee: z.string(),
    attachment: attachment(limits, t, language),
    removeAttachment: z.boolean(),
  });
}

export type TicketDraft = z.input<ReturnType<typeof ticketSchema>>;
export type TicketValues = z.output<ReturnType<typeof ticketSchema>>;

/**
 * A reply's files: each checked as a ticket's one is, the refusals named
 * the way the server names them ("name: reason"), and no more than the
 * server takes.
 */
function attachments(limits: Limits, t: TFunction, language: string) {
  return z.array(z.custom<File>((value) => value instanceof File)).superRefine((files, ctx) => {
    const size = uploadSize(limits, language) ?? '';
    const refused = files.flatMap((file) => {
      const problem = checkAttachment(file, limits);
      return problem ? [`${file.name}: ${t(`form.validation.${problem}`, { size })}`] : [];
    });
    const max = limits.commentMaxFiles;
    if (max !== null && files.length > max) refused.unshift(t('replyFiles.tooMany', { count: max }));
    if (refused.length) ctx.addIssue({ code: 'custom', message: refused.join('\n') });
  });
}

export function commentSchema(limits: Limits, t: TFunction, language: string) {
  const max = limits.commentMaxLength;
  return z.object({
    body: text(t('conversation.validation.bodyRequired'), max, t('conversation.validation.bodyTooLong', { max: formatNumber(max ?? 0, language) }), {
      trim: false,
    }),
    internal: z.boolean(),
    attachments: attachments(limits, t, language),
  });
}

export type CommentDraft = z.input<ReturnType<typeof commentSchema>>;
export type CommentValues = z.output<ReturnType<typeof commentSchema>>;
