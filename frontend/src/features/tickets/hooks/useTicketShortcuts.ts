import type { RefObject } from 'react';
import { useHotkeys } from 'react-hotkeys-hook';

const FIELD = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

/** Focuses the reply box's message, as a public reply or (staff) as an internal note. */
export function focusReply(container: HTMLElement | null, asNote: boolean): void {
  const body = container?.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  const internal = container?.querySelector<HTMLInputElement>('input[type="checkbox"][name="internal"]');
  // click() rather than setting `checked`, so the form's state follows.
  if (internal && internal.checked !== asNote) internal.click();
  body?.focus();
}

/**
 * The ticket page's keys: `r` reply, `n` internal note (staff), `Esc` back to
 * the queue. None fires while typing in a field; there Esc only leaves the field.
 */
export function useTicketShortcuts({
  reply,
  isStaff,
  onBack,
}: {
  reply: RefObject<HTMLElement | null>;
  isStaff: boolean;
  onBack: () => void;
}): void {
  useHotkeys('r', () => focusReply(reply.current, false), { preventDefault: true, useKey: true }, [reply]);
  useHotkeys('n', () => focusReply(reply.current, true), { preventDefault: true, useKey: true, enabled: isStaff }, [reply, isStaff]);
  useHotkeys(
    'esc',
    (event) => {
      const target = event.target;
      if (target instanceof HTMLElement && target.matches(FIELD)) {
        target.blur();
        return;
      }
      // An open dialog (the delete confirmation) or the header's menu handles its own Esc.
      if (event.defaultPrevented) return;
      if (target instanceof HTMLElement && target.closest('[role="alertdialog"], [role="dialog"], header')) return;
      onBack();
    },
    { enableOnFormTags: true, enableOnContentEditable: true },
    [onBack],
  );
}
