import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { RangeState } from '../range';
import { RangePicker } from './RangePicker';

const CUSTOM: RangeState = { preset: 'custom', since: '2026-11-01', until: '2026-11-30', tz: 'UTC', interval: null };

describe('RangePicker', () => {
  it('labels every control and bounds each custom date by the other', () => {
    render(<RangePicker range={CUSTOM} onChange={() => undefined} />);
    expect(screen.getByRole('combobox', { name: 'Range' })).toHaveValue('custom');
    expect(screen.getByLabelText('Time zone')).toHaveValue('UTC');
    expect(screen.getByLabelText('Bars per')).toHaveValue('');
    const since = screen.getByLabelText('From');
    const until = screen.getByLabelText('To');
    expect(since).toHaveAttribute('data-testid', 'range-since');
    expect(since).toHaveValue('2026-11-01');
    expect(since).toHaveAttribute('max', '2026-11-30');
    expect(since).not.toHaveAttribute('min');
    expect(until).toHaveAttribute('data-testid', 'range-until');
    expect(until).toHaveValue('2026-11-30');
    expect(until).toHaveAttribute('min', '2026-11-01');
    expect(until).not.toHaveAttribute('max');
    expect(since).toBeRequired();
    expect(until).toBeRequired();
  });

  it('applies a chosen date at once and ignores a cleared one', () => {
    const onChange = vi.fn();
    render(<RangePicker range={CUSTOM} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-05' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-20' } });
    expect(onChange.mock.calls).toEqual([[{ since: '2026-11-05' }], [{ until: '2026-11-20' }]]);
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '' } });
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it('shows no date fields for a preset', () => {
    render(<RangePicker range={{ ...CUSTOM, preset: '30' }} onChange={() => undefined} />);
    expect(screen.queryByLabelText('From')).toBeNull();
    expect(screen.queryByLabelText('To')).toBeNull();
  });
});
