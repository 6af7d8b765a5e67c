/** Window bookkeeping: addInterval + foldDiff equal a brute-force integral of the on-intervals. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { addInterval, foldDiff } from '../../src/engine/block.js';
import type { Context } from '../../src/engine/context.js';

it('time-weighted window occupancy equals the brute-force integral', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.1, max: 3, noNaN: true }),
      fc.integer({ min: 1, max: 12 }),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3 })), { maxLength: 8 }),
      (width, count0, intervals) => {
        const horizon = width * count0 - width / 3; // the last window is shorter
        const count = Math.ceil(horizon / width);
        const ctx = { slots: 1, windows: { count, width } } as unknown as Context;
        const occ = new Float64Array(count);
        const diff = new Float64Array(count + 1);
        const brute = new Float64Array(count);
        for (const [a, b, weight] of intervals) {
          const t0 = Math.min(a, b) * horizon;
          const t1 = Math.max(a, b) * horizon;
          addInterval(occ, diff, 1, 0, t0, t1, width, count, weight);
          for (let w = 0; w < count; w++) {
            const lo = Math.max(t0, w * width);
            const hi = Math.min(t1, (w + 1) * width, horizon);
            if (hi > lo) brute[w]! += (hi - lo) * weight;
          }
        }
        foldDiff(ctx, occ, diff);
        for (let w = 0; w < count; w++) expect(occ[w]).toBeCloseTo(brute[w]!, 9);
      },
    ),
    { numRuns: 300, seed: 7 },
  );
});
