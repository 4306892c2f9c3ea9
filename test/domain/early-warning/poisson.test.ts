import { describe, expect, it } from 'vitest';
import { logFactorial, poissonUpperTail } from '../../../domain/early-warning';

// Reference values computed independently with 60-digit decimal arithmetic (the same as Excel's
// =1-POISSON.DIST(k-1, mean, TRUE) where that has the precision).
const CASES: [number, number, number][] = [
  [11, 1.125, 3.276015e-8],
  [10, 0.625, 1.421932e-9],
  [8, 0.125, 1.322935e-12],
  [7, 7.125, 5.687432e-1],
  [6, 0.25, 2.738136e-7],
  [15, 5, 2.262537e-4],
  [17, 5, 1.986904e-5],
  [1, 0.5, 3.934693e-1],
  [100, 50, 3.200065e-10],
  [400, 300, 2.206652e-8],
];

describe('Poisson upper tail P(X ≥ k | mean)', () => {
  it.each(CASES)('P(X ≥ %i | %f) = %e', (k, mean, want) => {
    expect(poissonUpperTail(k, mean) / want).toBeCloseTo(1, 5);
  });

  it('edges: k = 0 is certain, a zero mean never reaches 1, tails fall as k rises', () => {
    expect(poissonUpperTail(0, 3)).toBe(1);
    expect(poissonUpperTail(1, 0)).toBe(0);
    expect(poissonUpperTail(3, 3)).toBeGreaterThan(poissonUpperTail(4, 3));
    expect(poissonUpperTail(2000, 1)).toBeGreaterThanOrEqual(0);
  });

  it('refuses a fractional k or a negative mean', () => {
    expect(() => poissonUpperTail(2.5, 1)).toThrow(RangeError);
    expect(() => poissonUpperTail(2, -1)).toThrow(RangeError);
  });

  it('ln n! matches the product below the table and Stirling above it', () => {
    expect(logFactorial(10)).toBeCloseTo(Math.log(3628800), 12);
    let exact = 0;
    for (let i = 2; i <= 300; i++) exact += Math.log(i);
    expect(logFactorial(300)).toBeCloseTo(exact, 8);
  });
});
