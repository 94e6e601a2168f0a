import type { ReactNode } from 'react';
import './Alert.css';

type Tone = 'error' | 'success' | 'info';

// Errors interrupt (role=alert); confirmations are announced politely.
export function Alert({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}

/** A form's error about the whole form, when it has one. */
export function FormError({ error, testId }: { error: ReactNode; testId?: string }) {
  return error ? (
    <Alert tone="error" testId={testId}>
      {error}
    </Alert>
  ) : null;
}
