import { describe, expect, it } from 'vitest';
import { progressPerFile } from './conversation';

describe('progressPerFile', () => {
  it('fills the files in the order they travel', () => {
    expect(progressPerFile([100, 300], 0)).toEqual([0, 0]);
    expect(progressPerFile([100, 300], 0.125)).toEqual([0.5, 0]);
    expect(progressPerFile([100, 300], 0.5)).toEqual([1, 1 / 3]);
    expect(progressPerFile([100, 300], 1)).toEqual([1, 1]);
  });

  it('stays within 0–1 and copes with empty files', () => {
    expect(progressPerFile([10], 1.5)).toEqual([1]);
    expect(progressPerFile([10], -1)).toEqual([0]);
    expect(progressPerFile([0, 10], 0)).toEqual([1, 0]);
  });
});
