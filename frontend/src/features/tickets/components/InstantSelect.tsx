import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

// Keys that step through a closed <select>: Chromium and Firefox fire a
// `change` for every step, so a choice made that way is sent once the person
// stops (or presses Enter, or leaves the field), not once per option passed.
const STEP_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);
export const KEYBOARD_SETTLE_MS = 800;

interface Props {
  id: string;
  value: string;
  /** Sends the choice; the select shows it until the promise settles. */
  onCommit: (value: string) => Promise<unknown>;
  testId: string;
  children: ReactNode;
  'aria-describedby'?: string | undefined;
}

/** A <select> whose choice applies as soon as it is made: no Apply button. */
export function InstantSelect({ id, value, onCommit, testId, children, ...rest }: Props) {
  // A choice stepped to with the keyboard and not sent yet, and one being sent.
  const [draft, setDraft] = useState<string | null>(null);
  const [sending, setSending] = useState<string | null>(null);
  const stepped = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  function commit(next: string) {
    clearTimeout(timer.current);
    setDraft(null);
    if (next === value) return;
    setSending(next);
    void onCommit(next).finally(() => setSending(null));
  }

  function onKeyDown(event: KeyboardEvent<HTMLSelectElement>) {
    if (event.key === 'Enter' && draft !== null) {
      event.preventDefault();
      commit(draft);
    } else if (STEP_KEYS.has(event.key) || event.key.length === 1) {
      stepped.current = true;
    }
  }

  return (
    <select
      id={id}
      data-testid={testId}
      value={draft ?? sending ?? value}
      aria-busy={sending !== null || undefined}
      onKeyDown={onKeyDown}
      onChange={(event) => {
        const next = event.target.value;
        if (!stepped.current) {
          commit(next);
          return;
        }
        stepped.current = false;
        setDraft(next);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), KEYBOARD_SETTLE_MS);
      }}
      onBlur={() => {
        stepped.current = false;
        if (draft !== null) commit(draft);
      }}
      {...rest}
    >
      {children}
    </select>
  );
}
