import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Matrix } from 'ml-matrix';
import { tridiagonalize } from '../lib/src/householder';
import { tridiagonalEigenvectors } from '../lib/src/inverse-iteration';
import { createRng, normalSampler } from '../lib/src/random';
import { tridiagonalEigenvalue, tridiagonalPair, tridiagonalSpectrum } from '../lib/src/tridiagonal';
import { orthonormalityError, referenceEigen } from './helpers/linear-algebra';

function tridiagonalDense(diag: ArrayLike<number>, off: ArrayLike<number>): number[][] {
  const n = diag.length;
  return Array.from({ length: n }, (_, r) =>
    Array.from({ length: n }, (_, c) => (r === c ? diag[r] : Math.abs(r - c) === 1 ? off[Math.min(r, c)] : 0)),
  );
}

function randomTridiagonal(n: number, seed: number): { diag: Float64Array; off: Float64Array } {
  const normal = normalSampler(createRng(seed));
  return { diag: Float64Array.from({ length: n }, normal), off: Float64Array.from({ length: n - 1 }, normal) };
}

/** max |T·z − λ·z| over the columns of the m × p row-major z. */
function residual(diag: ArrayLike<number>, off: ArrayLike<number>, values: ArrayLike<number>, z: Float64Array): number {
  const n = diag.length;
  const p = values.length;
  let worst = 0;
  for (let j = 0; j < p; j++) {
    for (let i = 0; i < n; i++) {
      let t = (diag[i] - values[j]) * z[i * p + j];
      if (i > 0) t += off[i - 1] * z[(i - 1) * p + j];
      if (i < n - 1) t += off[i] * z[(i + 1) * p + j];
      worst = Math.max(worst, Math.abs(t));
    }
  }
  return worst;
}

test('the tridiagonal spectrum matches a dense eigensolver, last components included', () => {
  for (const n of [1, 2, 7, 40]) {
    const { diag, off } = randomTridiagonal(n, n);
    const ours = tridiagonalSpectrum(diag, off);
    const ref = referenceEigen(tridiagonalDense(diag, off));
    for (let i = 0; i < n; i++) {
      assert.ok(Math.abs(ours.values[i] - ref.values[i]) < 1e-12, `value ${i} of ${n}`);
      assert.ok(Math.abs(Math.abs(ours.last[i]) - Math.abs(ref.vectors.get(n - 1, i))) < 1e-10, `last ${i} of ${n}`);
    }
  }
});

test('bisection finds each eigenvalue by rank, and tridiagonalPair the last component of its vector', () => {
  const { diag, off } = randomTridiagonal(30, 5);
  const spectrum = tridiagonalSpectrum(diag, off);
  for (const rank of [0, 1, 14, 29]) {
    assert.ok(Math.abs(tridiagonalEigenvalue(diag, off, rank) - spectrum.values[rank]) < 1e-13);
    const pair = tridiagonalPair(diag, off, rank, createRng(1));
    assert.ok(Math.abs(Math.abs(pair.last) - Math.abs(spectrum.last[rank])) < 1e-10);
    assert.equal(pair.largest, tridiagonalEigenvalue(diag, off, 0));
  }
});

test('inverse iteration gives orthonormal eigenvectors with tiny residuals', () => {
  const { diag, off } = randomTridiagonal(60, 9);
  const values = tridiagonalSpectrum(diag, off).values.slice(0, 20);
  const z = tridiagonalEigenvectors(diag, off, values, createRng(2));
  assert.ok(residual(diag, off, values, z) < 1e-12);
  assert.ok(orthonormalityError(z, 20) < 1e-12);
});

test('inverse iteration keeps vectors of equal and of very close eigenvalues orthogonal', () => {
  // Two copies of the same block (a zero coupling between them, as after a Lanczos breakdown) and a tight pair.
  const block = randomTridiagonal(5, 3);
  const diag = Float64Array.of(...block.diag, ...block.diag, 1, 1 + 1e-11);
  const off = Float64Array.of(...block.off, 0, ...block.off, 0, 1e-13);
  const values = tridiagonalSpectrum(diag, off).values;
  const z = tridiagonalEigenvectors(diag, off, values, createRng(4));
  assert.ok(residual(diag, off, values, z) < 1e-12);
  assert.ok(orthonormalityError(z, values.length) < 1e-10);
});

test('a coupling far below rounding, as a converged Ritz value leaves behind, does not break inverse iteration', () => {
  // Pivoting on the 1e-77 coupling once made the solves overflow and returned a zero vector.
  const diag = Float64Array.of(1514.4, 404.2, 359.8, 352.9);
  const off = Float64Array.of(-1.5e-77, 0.6, 2e-4);
  const values = tridiagonalSpectrum(diag, off).values;
  const z = tridiagonalEigenvectors(diag, off, values, createRng(1));
  assert.ok(residual(diag, off, values, z) < 1e-12);
  assert.ok(orthonormalityError(z, 4) < 1e-12);
});

test('tridiagonalize makes Wᵀ·A·W tridiagonal with an orthogonal W that leaves the last coordinate alone', () => {
  const n = 6;
  const normal = normalSampler(createRng(11));
  const a = new Matrix(n, n);
  for (let r = 0; r < n; r++) for (let c = 0; c <= r; c++) a.set(r, c, normal()).set(c, r, a.get(r, c));
  const t = tridiagonalize(a.to1DArray(), n);
  const w = new Matrix(n, n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) w.set(r, c, t.w[r * n + c]);
  const product = w.transpose().mmul(a).mmul(w);
  const expected = tridiagonalDense(t.diag, t.off);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) assert.ok(Math.abs(product.get(r, c) - expected[r][c]) < 1e-12);
  const identity = w.transpose().mmul(w);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) assert.ok(Math.abs(identity.get(r, c) - (r === c ? 1 : 0)) < 1e-13);
  for (let i = 0; i < n; i++) {
    assert.equal(t.w[(n - 1) * n + i], i === n - 1 ? 1 : 0);
    assert.equal(t.w[i * n + n - 1], i === n - 1 ? 1 : 0);
  }
});
