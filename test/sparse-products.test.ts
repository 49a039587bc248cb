import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildRatingMatrix, type CsrMatrix } from '../lib/src/matrix';
import { matmulDense, matvec, matvecTransposed } from '../lib/src/sparse-products';
import { denseOf as dense, tripleTable as table } from './helpers/tables';

/** Ratings with distinct (user, movie) pairs; rows of up to 40 entries exercise every unrolled remainder. */
const ratingTriples = fc
  .uniqueArray(
    fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 10 })),
    { selector: (t) => `${t[0]},${t[1]}`, maxLength: 200 },
  )
  .map((ts) => ts.map(([u, m, half]) => [u, m, half / 2] as const));

test('the products agree with dense arithmetic', () => {
  fc.assert(
    fc.property(ratingTriples, fc.integer({ min: 1, max: 5 }), (triples, width) => {
      const m = buildRatingMatrix(table(triples));
      const d = dense(m);
      const x = Float64Array.from({ length: m.cols }, (_, i) => Math.sin(i + 1));
      const y = Float64Array.from({ length: m.rows }, (_, i) => Math.cos(i + 1));
      const xs = Float64Array.from({ length: m.cols * width }, (_, i) => Math.sin(3 * i + 1));
      const ax = matvec(m, x);
      const aty = matvecTransposed(m, y);
      const aX = matmulDense(m, xs, width);
      for (let r = 0; r < m.rows; r++) {
        assert.ok(Math.abs(ax[r] - d[r].reduce((s, v, c) => s + v * x[c], 0)) < 1e-12);
        for (let w = 0; w < width; w++) {
          const expected = d[r].reduce((s, v, c) => s + v * xs[c * width + w], 0);
          assert.ok(Math.abs(aX[r * width + w] - expected) < 1e-12);
        }
      }
      for (let c = 0; c < m.cols; c++) {
        assert.ok(Math.abs(aty[c] - d.reduce((s, row, r) => s + row[c] * y[r], 0)) < 1e-12);
      }
    }),
  );
});

test('a 2 × 3 example by hand', () => {
  // [[1, 0, 2], [0, 3, 0]]
  const m: CsrMatrix = {
    rows: 2,
    cols: 3,
    indptr: Int32Array.of(0, 2, 3),
    indices: Int32Array.of(0, 2, 1),
    values: Float64Array.of(1, 2, 3),
  };
  assert.deepEqual([...matvec(m, [1, 1, 1])], [3, 3]);
  assert.deepEqual([...matvecTransposed(m, [1, 2])], [1, 6, 2]);
  // X = [[1, 0], [0, 1], [1, 1]]
  assert.deepEqual([...matmulDense(m, [1, 0, 0, 1, 1, 1], 2)], [3, 2, 0, 3]);
});
