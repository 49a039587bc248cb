import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { cholesky, invertSpd } from '../lib/src/cholesky';
import { UsageError } from '../lib/src/errors';

test('the Cholesky factor of a 3 × 3 matrix is the one computed by hand', () => {
  // [[4, 12, -16], [12, 37, -43], [-16, -43, 98]] = L Lᵀ with L = [[2, 0, 0], [6, 1, 0], [-8, 5, 3]]
  // (the example of the Wikipedia article "Cholesky decomposition").
  const l = cholesky(Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]), 3);
  assert.deepEqual([...l], [2, 0, 0, 6, 1, 0, -8, 5, 3]);
});

test('A times its inverse is the identity, for random symmetric positive definite matrices', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9 }), fc.integer(), (n, seed) => {
      // A = MᵀM + I is symmetric positive definite for any M.
      let s = seed;
      const next = () => {
        s = (s * 1103515245 + 12345) % 2147483648;
        return s / 2147483648 - 0.5;
      };
      const m = Array.from({ length: n * n }, next);
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let sum = i === j ? 1 : 0;
          for (let k = 0; k < n; k++) sum += m[k * n + i] * m[k * n + j];
          a[i * n + j] = sum;
        }
      }
      const p = invertSpd(a, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let sum = 0;
          for (let k = 0; k < n; k++) sum += a[i * n + k] * p[k * n + j];
          assert.ok(Math.abs(sum - (i === j ? 1 : 0)) < 1e-10);
          assert.equal(p[i * n + j], p[j * n + i]);
        }
      }
    }),
  );
});

test('a matrix that is not positive definite, or not square, is a usage error', () => {
  assert.throws(() => cholesky(Float64Array.from([1, 2, 2, 1]), 2), UsageError);
  assert.throws(() => invertSpd(Float64Array.from([1, 2, 3]), 2), UsageError);
});
