import { useEffect, useRef } from 'react';

// Whether a key press belongs to what the user is typing, not to a shortcut:
// text fields, selects and editable regions keep their keys. Checkboxes and
// buttons do not take letters, so shortcuts still work after ticking a row.
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

/**
 * Single-key shortcuts on the whole page, matched on the character typed
 * (`?` is Shift+/ on one layout and something else on another). Nothing fires
 * while typing in a field, with Ctrl/Alt/Meta held (the browser's own keys),
 * or while a modal dialog is open. A handler may return false to let the
 * key through.
 */
export function useShortcuts(handlers: Record<string, (event: KeyboardEvent) => boolean | void>): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
      const handler = latest.current[event.key];
      if (handler && handler(event) !== false) event.preventDefault();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
