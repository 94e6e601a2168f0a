import type { ReactNode } from 'react';
import './Badge.css';

export type BadgeTone = 'green' | 'yellow' | 'blue' | 'purple' | 'teal' | 'orange' | 'amber' | 'red' | 'grey';

export function Badge({ tone, children, testId }: { tone: BadgeTone; children: ReactNode; testId?: string }) {
  return (
    <span className={`badge badge--${tone}`} data-testid={testId}>
      {children}
    </span>
  );
}
