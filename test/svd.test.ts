import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Matrix, SVD } from 'ml-matrix';
import { dropNoGenres } from '../lib/src/cleaning';
import { UsageError } from '../lib/src/errors';
import { loadMovieLensDir } from '../lib/src/loading';
import { buildRatingMatrix, type CsrMatrix } from '../lib/src/matrix';
import { createRng } from '../lib/src/random';
import { fitSvd, recommendSvd, type TruncatedSvd, truncatedSvd } from '../lib/src/svd';
import type { RatingsTable } from '../lib/src/types';
import { runs } from './helpers/fast-check';
import { orthonormalityError } from './helpers/linear-algebra';
import { tripleTable as table } from './helpers/tables';

/** A CSR matrix from a dense array, storing the non-zero cells. */
function csr(a: readonly (readonly number[])[]): CsrMatrix {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of a) {
    row.forEach((v, c) => {
      if (v !== 0) {
        indices.push(c);
        values.push(v);
      }
    });
    indptr.push(indices.length);
  }
  return {
    rows: a.length,
    cols: a[0].length,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    values: Float64Array.from(values),
  };
}

/** A random rows × cols array with about `density` of its cells rated 0.5..5 in half stars. */
function randomDense(rows: number, cols: number, density: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => (rng() < density ? Math.ceil(rng() * 10) / 2 : 0)),
  );
}

const column = (x: Float64Array, k: number, j: number) =>
  Float64Array.from({ length: x.length / k }, (_, i) => x[i * k + j]);
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

/** max over i of ‖A·vᵢ − sᵢ·uᵢ‖ and ‖Aᵀ·uᵢ − sᵢ·vᵢ‖. */
function tripletResidual(a: readonly (readonly number[])[], svd: TruncatedSvd): number {
  let worst = 0;
  for (let j = 0; j < svd.k; j++) {
    const u = column(svd.u, svd.k, j);
    const v = column(svd.v, svd.k, j);
    const av = a.map((row) => dot(row, v));
    const atu = a[0].map((_, c) => a.reduce((s, row, r) => s + row[c] * u[r], 0));
    worst = Math.max(worst, Math.hypot(...av.map((x, r) => x - svd.s[j] * u[r])));
    worst = Math.max(worst, Math.hypot(...atu.map((x, c) => x - svd.s[j] * v[c])));
  }
  return worst;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label = ''): void {
  assert.equal(actual.length, expected.length, label);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

test('a diagonal matrix has its absolute diagonal as singular values and unit vectors as singular vectors', () => {
  const svd = truncatedSvd(
    csr([
      [3, 0, 0, 0],
      [0, -7, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 5],
    ]),
    { k: 4 },
  );
  assertClose(svd.s, [7, 5, 3, 1], 1e-14);
  // Columns of U are e2, e4, e1, e3 (largest entry positive); V carries the sign of the diagonal entry.
  assertClose(svd.u, [0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0], 1e-14, 'u');
  assertClose(svd.v, [0, 0, 1, 0, -1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0], 1e-14, 'v');
});

test('a rank-1 outer product a·bᵀ has the one singular value ‖a‖·‖b‖, with a/‖a‖ and b/‖b‖', () => {
  const a = [1, 2, 2]; // ‖a‖ = 3
  const b = [3, 0, 4, 0]; // ‖b‖ = 5
  const m = a.map((x) => b.map((y) => x * y));
  const one = truncatedSvd(csr(m), { k: 1 });
  assertClose(one.s, [15], 1e-13);
  assertClose(one.u, [1 / 3, 2 / 3, 2 / 3], 1e-14, 'u');
  assertClose(one.v, [0.6, 0, 0.8, 0], 1e-14, 'v');
  // Asking for more than the rank: the extra singular values are 0 and the vectors still orthonormal.
  const three = truncatedSvd(csr(m), { k: 3 });
  assertClose(three.s, [15, 0, 0], 1e-13);
  assert.ok(orthonormalityError(three.u, 3) < 1e-12);
  assert.ok(orthonormalityError(three.v, 3) < 1e-12);
  assert.ok(tripletResidual(m, three) < 1e-12);
});

test('the 3 × 2 example of Staab, Applied Mathematics, §5.4, has singular values 6 and 2√2', () => {
  // The transpose of the book's A = [[2, -3, -3], [2, 3, 3]] (https://pstaabp.github.io/applied-math-book/
  // ch-matrix-factoring-6.html): AᵀA has eigenvalues 36, 8 and 0, with eigenvectors (0, 1, 1) and (1, 0, 0).
  const svd = truncatedSvd(
    csr([
      [2, 2],
      [-3, 3],
      [-3, 3],
    ]),
    { k: 2 },
  );
  const r = Math.SQRT1_2;
  assertClose(svd.s, [6, 2 * Math.SQRT2], 1e-14);
  assertClose(svd.u, [0, 1, r, 0, r, 0], 1e-14, 'u');
  assertClose(svd.v, [-r, r, r, r], 1e-14, 'v');
});

test('singular values and vectors agree with a dense SVD on random sparse matrices', () => {
  const shapes = [
    [30, 80, 8],
    [80, 30, 8],
    [40, 40, 12],
    [25, 60, 25],
  ] as const;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: shapes.length - 1 }),
      fc.constantFrom('dense', 'sparse' as const),
      fc.boolean(),
      fc.integer({ min: 1, max: 1e6 }),
      (shape, gram, restart, seed) => {
        const [rows, cols, k] = shapes[shape];
        const a = randomDense(rows, cols, 0.25, seed);
        // A basis of k + 2 vectors makes Lanczos restart many times (unless the basis is the whole space).
        const svd = truncatedSvd(csr(a), { k, gram, seed, basisSize: restart ? k + 2 : undefined });
        const reference = new SVD(new Matrix(a), { autoTranspose: true }).diagonal;
        for (let j = 0; j < k; j++) assert.ok(Math.abs(svd.s[j] - reference[j]) <= 1e-8 * reference[j], `s[${j}]`);
        assert.ok(orthonormalityError(svd.u, k) < 1e-10, 'U orthonormal');
        assert.ok(orthonormalityError(svd.v, k) < 1e-10, 'V orthonormal');
        assert.ok(tripletResidual(a, svd) < 1e-9 * svd.s[0], 'A·v = s·u');
      },
    ),
    runs(24),
  );
});

test('the reconstruction error falls as k grows, as much as the dropped singular values say', () => {
  const a = randomDense(20, 50, 0.3, 7);
  const energy = a.flat().reduce((s, x) => s + x * x, 0);
  let previous = Number.POSITIVE_INFINITY;
  for (const k of [1, 2, 5, 10, 20]) {
    const svd = truncatedSvd(csr(a), { k });
    let error = 0;
    for (let r = 0; r < 20; r++) {
      for (let c = 0; c < 50; c++) {
        let x = 0;
        for (let j = 0; j < k; j++) x += svd.u[r * k + j] * svd.s[j] * svd.v[c * k + j];
        error += (a[r][c] - x) ** 2;
      }
    }
    // Eckart–Young: ‖A − A_k‖² = ‖A‖² − Σ_{i≤k} sᵢ², down to 0 at full rank.
    const kept = svd.s.reduce((s, x) => s + x * x, 0);
    assert.ok(Math.abs(error - (energy - kept)) < 1e-9 * energy, `k = ${k}`);
    assert.ok(error < previous);
    previous = error;
  }
  assert.ok(previous < 1e-18 * energy);
});

test('the same seed gives the same bits, another seed the same values to rounding', () => {
  const m = csr(randomDense(30, 60, 0.2, 3));
  const first = truncatedSvd(m, { k: 10, seed: 5 });
  const again = truncatedSvd(m, { k: 10, seed: 5 });
  const other = truncatedSvd(m, { k: 10, seed: 6 });
  assert.deepEqual(again.s, first.s);
  assert.deepEqual(again.u, first.u);
  assert.deepEqual(again.v, first.v);
  for (let j = 0; j < 10; j++) assert.ok(Math.abs(other.s[j] - first.s[j]) < 1e-12 * first.s[0]);
});

test('k must be a whole number from 1 to min(rows, cols)', () => {
  const m = csr(randomDense(4, 6, 0.5, 1));
  for (const k of [0, -1, 2.5, 5, Number.NaN]) {
    assert.throws(
      () => truncatedSvd(m, { k }),
      (error: unknown) => error instanceof UsageError && /from 1 to min\(rows, cols\) = 4/.test(error.message),
      `k = ${k}`,
    );
  }
  assert.throws(() => fitSvd(buildRatingMatrix(table([[1, 1, 4]])), { k: 2 }), UsageError);
});

/** Every cell of a users × movies grid as ratings (userIds 1.., movieIds 10, 20, ...). */
function fullTable(grid: readonly (readonly number[])[]): RatingsTable {
  return table(grid.flatMap((row, u) => row.map((rating, m) => [u + 1, 10 * (m + 1), rating])));
}

test('the user-mean fill rebuilds a rank-1-plus-means matrix exactly at k = 1; the zero fill needs k = 2', () => {
  // r(u, m) = mean_u + a_u·b_m with Σ b_m = 0, so each user's mean rating is mean_u and the deviations are a·bᵀ.
  const means = [3, 3.5, 2.5, 4];
  const a = [0.5, -1, 0.25, 1];
  const b = [1, -0.5, 0, -1, 0.5];
  const grid = means.map((mu, u) => b.map((bm) => mu + a[u] * bm));
  const ratings = fullTable(grid);
  const exact = (model: ReturnType<typeof fitSvd>) =>
    grid.every((row, u) => row.every((r, m) => Math.abs(model.predict(u + 1, 10 * (m + 1)) - r) < 1e-12));
  const userMean = fitSvd(ratings, { k: 1, fill: 'user-mean' });
  assertClose(userMean.userMeans, means, 1e-14);
  assert.ok(exact(userMean));
  assert.ok(!exact(fitSvd(ratings, { k: 1, fill: 'zero' })));
  assert.ok(exact(fitSvd(ratings, { k: 2, fill: 'zero' })));
});

test('the zero fill pulls unrated cells toward 0, the user-mean fill toward the user mean', () => {
  const a = randomDense(40, 100, 0.1, 9);
  const ratings = table(a.flatMap((row, u) => row.flatMap((r, m) => (r > 0 ? [[u + 1, m + 1, r]] : []))));
  for (const fill of ['zero', 'user-mean'] as const) {
    const model = fitSvd(ratings, { k: 5, fill });
    const { matrix } = model;
    let gap = 0;
    let cells = 0;
    for (let row = 0; row < matrix.rows; row++) {
      const scores = model.predictRow(row);
      const rated = new Set(matrix.indices.subarray(matrix.indptr[row], matrix.indptr[row + 1]));
      const anchor = fill === 'zero' ? 0 : model.userMeans[row];
      scores.forEach((s, col) => {
        if (!rated.has(col)) {
          gap += Math.abs(s - anchor);
          cells++;
        }
      });
    }
    assert.ok(
      gap / cells < 0.5,
      `${fill}: unrated cells stay within half a star of ${fill === 'zero' ? 0 : 'the mean'}`,
    );
  }
});

test('predict agrees with predictRow; unknown users, movies and rows are usage errors', () => {
  const model = fitSvd(fullTable(randomDense(6, 8, 1, 2)), { k: 3 });
  const row = model.matrix.rowOf(4);
  assert.equal(model.predict(4, 30), model.predictRow(row)[model.matrix.colOf(30)]);
  assert.throws(() => model.predict(99, 30), UsageError);
  assert.throws(() => model.predict(4, 31), UsageError);
  assert.throws(() => model.predictRow(6), UsageError);
  assert.throws(() => fitSvd(fullTable([[1]]), { k: 1, fill: 'median' as 'zero' }), UsageError);
});

test('recommendations never include a movie the user rated, and come best first', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 40 }), (seed, top) => {
      const a = randomDense(15, 40, 0.3, seed);
      const ratings = table(a.flatMap((row, u) => row.flatMap((r, m) => (r > 0 ? [[u + 1, m + 1, r]] : []))));
      const model = fitSvd(ratings, { k: 4, seed });
      for (const userId of model.matrix.userIds) {
        const recommended = recommendSvd(model, userId, { top });
        const row = model.matrix.rowOf(userId);
        const seen = new Set(model.matrix.indices.subarray(model.matrix.indptr[row], model.matrix.indptr[row + 1]));
        assert.equal(recommended.length, Math.min(top, model.matrix.cols - seen.size));
        for (const { movieId } of recommended) assert.ok(!seen.has(model.matrix.colOf(movieId)));
        for (let i = 1; i < recommended.length; i++) assert.ok(recommended[i - 1].score >= recommended[i].score);
      }
    }),
    runs(15),
  );
});

test('equal scores come in ascending movieId, and exclude none ranks rated movies too', () => {
  // Movies 30 and 10 are rated alike by everyone, so any model scores them alike; user 3 rated neither.
  const model = fitSvd(
    table([
      [1, 30, 5],
      [1, 10, 5],
      [1, 20, 1],
      [2, 30, 4],
      [2, 10, 4],
      [2, 40, 2],
      [3, 20, 3],
      [3, 40, 4],
    ]),
    { k: 2 },
  );
  const [first, second] = recommendSvd(model, 3, { top: 2 });
  assert.equal(first.score, second.score);
  assert.deepEqual([first.movieId, second.movieId], [10, 30]);
  const all = recommendSvd(model, 3, { top: 4, exclude: 'none' });
  assert.deepEqual(all.map((r) => r.movieId).sort(), [10, 20, 30, 40]);
});

test('top must be a whole number ≥ 1 and the user must be in the model', () => {
  const model = fitSvd(fullTable(randomDense(3, 4, 1, 1)), { k: 1 });
  for (const top of [0, 1.5, -2]) assert.throws(() => recommendSvd(model, 1, { top }), UsageError);
  assert.throws(() => recommendSvd(model, 42), UsageError);
  assert.throws(() => recommendSvd(model, 1, { exclude: 'all' as 'none' }), UsageError);
});

const MIRROR = '/work/shared/data/movielens';

describe('the real datasets', { skip: !existsSync(MIRROR) && `no mirror at ${MIRROR}` }, () => {
  test('cleaned ml-latest-small has top singular values 534.412, 231.218, 191.138, 170.403, 154.544', async () => {
    const data = await loadMovieLensDir(`${MIRROR}/ml-latest-small`, 'ml-latest-small');
    const matrix = buildRatingMatrix(dropNoGenres(data.ratings, data.movies).ratings);
    assert.deepEqual([matrix.rows, matrix.cols, matrix.indptr[matrix.rows]], [610, 9690, 100789]);
    const model = fitSvd(matrix, { k: 50 });
    assertClose(model.svd.s.slice(0, 5), [534.412, 231.218, 191.138, 170.403, 154.544], 1e-3);
    assert.ok(orthonormalityError(model.svd.u, 50) < 1e-10);
    assert.ok(orthonormalityError(model.svd.v, 50) < 1e-10);
  });

  test('ml-100k has top singular values 640.634, 244.836, 217.846, 159.154, 158.212 (numpy.linalg.svd)', async () => {
    const data = await loadMovieLensDir(`${MIRROR}/ml-100k`, 'ml-100k');
    const matrix = buildRatingMatrix(data.ratings);
    assert.deepEqual([matrix.rows, matrix.cols], [943, 1682]);
    const svd = truncatedSvd(matrix, { k: 50 });
    assertClose(svd.s.slice(0, 5), [640.634, 244.836, 217.846, 159.154, 158.212], 1e-3);
  });
});
