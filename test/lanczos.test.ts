import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../lib/src/errors';
import { chooseRepresentation, denseGramUpper, gramOperator, symmetricMatvec } from '../lib/src/gram';
import { largestEigenpairs, type SymmetricOperator } from '../lib/src/lanczos';
import { type CsrMatrix, transpose } from '../lib/src/matrix';
import { createRng, normalSampler } from '../lib/src/random';
import { orthonormalityError, referenceEigen } from './helpers/linear-algebra';

/** A dense symmetric positive semi-definite n × n matrix B·Bᵀ with a slowly decaying spectrum. */
function randomGram(n: number, seed: number): number[][] {
  const normal = normalSampler(createRng(seed));
  const b = Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => normal() / (1 + 0.1 * (r + c))));
  return b.map((row, r) => b.map((other) => row.reduce((s, x, c) => s + x * other[c], 0) * (r >= 0 ? 1 : 0)));
}

function denseOperator(a: number[][]): SymmetricOperator {
  return {
    size: a.length,
    apply(x, out) {
      for (let r = 0; r < a.length; r++) out[r] = a[r].reduce((s, v, c) => s + v * x[c], 0);
    },
  };
}

const options = {
  seed: 1,
  maxIterations: 10_000,
  allowedResidual: (_value: number, largest: number) => 1e-12 * largest,
};

function checkAgainstReference(a: number[][], k: number, basisSize: number) {
  const result = largestEigenpairs(denseOperator(a), { ...options, k, basisSize });
  const ref = referenceEigen(a);
  for (let i = 0; i < k; i++)
    assert.ok(Math.abs(result.values[i] - ref.values[i]) < 1e-9 * ref.values[0], `value ${i}`);
  assert.ok(orthonormalityError(result.vectors, k) < 1e-12);
  // A·x = λ·x for each returned pair.
  const n = a.length;
  for (let j = 0; j < k; j++) {
    const x = Float64Array.from({ length: n }, (_, i) => result.vectors[i * k + j]);
    const ax = new Float64Array(n);
    denseOperator(a).apply(x, ax);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(ax[i] - result.values[j] * x[i]) < 1e-9 * ref.values[0]);
  }
  return result;
}

test('Lanczos finds the largest eigenpairs of a symmetric operator', () => {
  const result = checkAgainstReference(randomGram(80, 3), 6, 200);
  assert.equal(result.restarts, 0);
});

test('a thick restart when the basis is full gives the same eigenpairs', () => {
  const result = checkAgainstReference(randomGram(80, 3), 6, 12);
  assert.ok(result.restarts > 0);
});

test('repeated eigenvalues are all found, after the Krylov space runs out', () => {
  // diag(5, 5, 5, 2, 2, 1, 0, 0): a start vector only sees one direction per distinct eigenvalue.
  const d = [5, 5, 5, 2, 2, 1, 0, 0];
  const a = d.map((v, r) => d.map((_, c) => (r === c ? v : 0)));
  const result = checkAgainstReference(a, 5, 8);
  assert.deepEqual(
    [...result.values].map((v) => Math.round(v * 1e9) / 1e9),
    [5, 5, 5, 2, 2],
  );
});

test('too few products allowed is a usage error', () => {
  assert.throws(
    () => largestEigenpairs(denseOperator(randomGram(80, 3)), { ...options, k: 6, basisSize: 200, maxIterations: 8 }),
    UsageError,
  );
});

function randomSparse(rows: number, cols: number, density: number, seed: number): CsrMatrix {
  const rng = createRng(seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (rng() < density) {
        indices.push(c);
        values.push(1 + Math.floor(rng() * 10) / 2);
      }
    }
    indptr[r + 1] = indices.length;
  }
  return { rows, cols, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

test('the dense and the sparse Gram operators agree with B·Bᵀ', () => {
  for (const rows of [9, 12]) {
    const b = randomSparse(rows, 30, 0.3, rows);
    const bt = transpose(b);
    const x = Float64Array.from({ length: rows }, (_, i) => Math.sin(i + 1));
    const expected = Array.from({ length: rows }, (_, r) => {
      let s = 0;
      for (let c = 0; c < rows; c++) {
        let g = 0;
        for (let p = b.indptr[r]; p < b.indptr[r + 1]; p++) {
          for (let q = b.indptr[c]; q < b.indptr[c + 1]; q++)
            if (b.indices[p] === b.indices[q]) g += b.values[p] * b.values[q];
        }
        s += g * x[c];
      }
      return s;
    });
    for (const representation of ['dense', 'sparse'] as const) {
      const out = new Float64Array(rows);
      gramOperator(b, bt, representation).apply(x, out);
      for (let r = 0; r < rows; r++) assert.ok(Math.abs(out[r] - expected[r]) < 1e-10, `${representation} ${r}`);
    }
  }
});

test('denseGramUpper fills the upper triangle only, and symmetricMatvec needs a multiple of 4 rows', () => {
  const b = randomSparse(6, 10, 0.5, 7);
  const g = denseGramUpper(b, transpose(b), 8);
  for (let r = 0; r < 8; r++) for (let c = 0; c < r; c++) assert.equal(g[r * 8 + c], 0);
  assert.throws(() => symmetricMatvec(g, 6, new Float64Array(6), new Float64Array(6)), RangeError);
});

test('the cost model picks dense for few rows with many entries, sparse otherwise', () => {
  assert.equal(chooseRepresentation(randomSparse(20, 200, 0.3, 1)), 'dense');
  assert.equal(chooseRepresentation(randomSparse(200, 20, 0.01, 1)), 'sparse');
});
