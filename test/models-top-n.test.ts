import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { topIndices } from '../lib/src/models/top-n';

test('the top indices are those of a full sort by score descending, index ascending', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constant(Number.NEGATIVE_INFINITY), fc.constant(Number.NaN)),
      ),
      fc.integer({ min: 1, max: 12 }),
      (values, top) => {
        const scores = Float64Array.from(values);
        const expected = values
          .map((v, i) => ({ v, i }))
          .filter(({ v }) => v > Number.NEGATIVE_INFINITY)
          .sort((a, b) => b.v - a.v || a.i - b.i)
          .slice(0, top)
          .map(({ i }) => i);
        assert.deepEqual([...topIndices(scores, top)], expected);
      },
    ),
  );
});

test('only the given indices are looked at', () => {
  const scores = Float64Array.from([9, 1, 8, 2, 7]);
  assert.deepEqual([...topIndices(scores, 2, Int32Array.from([1, 3, 4, 0]), 3)], [4, 3]);
});
