import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FormError } from './Alert';

describe('FormError', () => {
  it('shows the error as an alert, with the test id it is given', () => {
    const { rerender } = render(<FormError error="Username taken." />);
    expect(screen.getByRole('alert')).toHaveTextContent('Username taken.');
    expect(screen.getByRole('alert')).not.toHaveAttribute('data-testid');
    rerender(<FormError error="Too long." testId="reply-error" />);
    expect(screen.getByRole('alert')).toHaveAttribute('data-testid', 'reply-error');
  });

  it('renders nothing without an error', () => {
    const { container } = render(<FormError error={null} />);
    expect(container).toBeEmptyDOMElement();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
