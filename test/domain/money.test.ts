import { describe, expect, it } from 'vitest';
import { applyBasisPoints, formatFen, parseYuanToFen } from '../../domain/money';

describe('money in integer fen', () => {
  it.each([
    ['¥1,234.50', 123450],
    ['1，234.5元', 123450],
    ['１２.３', 1230],
    ['-12', -1200],
    ['12.345', 1235],
    ['12.344', 1234],
    ['-0.005', -1],
    [1.005, 101],
    [1234.5, 123450],
    [0.1 + 0.2, 30],
  ])('parses %s as %i fen', (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each(['abc', '', '1.2.3', '--5', NaN])('refuses %s', (input) => {
    expect(parseYuanToFen(input as string)).toBeNull();
  });

  it('formats fen with thousands separators and two decimals', () => {
    expect(formatFen(123456)).toBe('1,234.56');
    expect(formatFen(-5)).toBe('-0.05');
    expect(formatFen(0)).toBe('0.00');
  });

  it('applies basis points rounding half away from zero', () => {
    expect(applyBasisPoints(10000, 1000)).toBe(1000);
    expect(applyBasisPoints(5, 1000)).toBe(1); // 0.5 fen → 1
    expect(applyBasisPoints(-5, 1000)).toBe(-1);
  });
});
