import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import './fast-check-seed.js';
import { int } from '../src/model/figures.js';
import { quantiles } from '../src/model/validate.js';

describe('int: counts with thousands grouped', () => {
  it('by hand', () => {
    expect([0, 7, 999, 1000, 12_345, 1_234_567.4, -1500, -0.4, 2.5, 1e21].map(int)).toEqual(['0', '7', '999', '1,000', '12,345', '1,234,567', '-1,500', '0', '3', '1,000,000,000,000,000,000,000']);
  });

  it("property: what toLocaleString('en-GB') writes for the same whole number", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), fc.double({ min: -1e20, max: 1e20, noNaN: true })), (x) => {
        const whole = Math.round(x);
        fc.pre(!Object.is(whole, -0));
        expect(int(x)).toBe(whole.toLocaleString('en-GB'));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('quantiles by selection (the swap check’s extents)', () => {
  it('property: the values a full sort puts at the nearest ranks', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -180, max: 180, noNaN: true }), { minLength: 1, maxLength: 2000 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (values, q) => {
        const before = [...values];
        const sorted = [...values].sort((a, b) => a - b);
        const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(p * (sorted.length - 1))))];
        const [low, high] = quantiles(values, q, 1 - q);
        expect(low === at(q) && high === at(1 - q)).toBe(true);
        expect(values).toEqual(before); // the input is not rearranged
      }),
      { numRuns: 500 },
    );
  });
});
