import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import './fast-check-seed.js';
import { int } from '../src/model/figures.js';

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
