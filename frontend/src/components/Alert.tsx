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
