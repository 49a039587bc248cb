import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DataError, UsageError } from '../lib/src/errors';
import { buildRatingMatrix, denseBlock, rowMeans, subtractFromRows, transpose, valueAt } from '../lib/src/matrix';
import { denseOf as dense, tripleTable as table } from './helpers/tables';

/** Ratings with distinct (user, movie) pairs, user ids 1..30 and movie ids 1..40, in random order. */
const ratingTriples = fc
  .uniqueArray(
    fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 10 })),
    { selector: (t) => `${t[0]},${t[1]}`, maxLength: 120 },
  )
  .map((ts) => ts.map(([u, m, half]) => [u, m, half / 2] as const));

const small = table([
  [7, 20, 4],
  [3, 10, 5],
  [7, 10, 2.5],
  [3, 30, 1],
  [5, 20, 3.5],
]);

test('rows follow ascending userIds and columns ascending movieIds', () => {
  const m = buildRatingMatrix(small);
  assert.deepEqual([...m.userIds], [3, 5, 7]);
  assert.deepEqual([...m.movieIds], [10, 20, 30]);
  assert.deepEqual(dense(m), [
    [5, 0, 1],
    [0, 3.5, 0],
    [2.5, 4, 0],
  ]);
  assert.deepEqual([...m.indptr], [0, 2, 3, 5]);
});

test('rowOf and colOf find ids and return -1 for absent ones', () => {
  const m = buildRatingMatrix(small);
  assert.deepEqual(
    [3, 5, 7, 4, 8, 0].map((id) => m.rowOf(id)),
    [0, 1, 2, -1, -1, -1],
  );
  assert.deepEqual(
    [10, 20, 30, 15, 31].map((id) => m.colOf(id)),
    [0, 1, 2, -1, -1],
  );
});

test('the matrix holds every rating once, with columns sorted within each row', () => {
  fc.assert(
    fc.property(ratingTriples, (triples) => {
      const m = buildRatingMatrix(table(triples));
      assert.equal(m.indptr[m.rows], triples.length);
      for (let r = 0; r < m.rows; r++) {
        for (let p = m.indptr[r] + 1; p < m.indptr[r + 1]; p++) assert.ok(m.indices[p - 1] < m.indices[p]);
      }
      for (const [u, movie, rating] of triples) assert.equal(valueAt(m, m.rowOf(u), m.colOf(movie)), rating);
    }),
  );
});

test('huge or scattered ids take the sorting path and give the same matrix', () => {
  const big = table([
    [2_000_000_000, 1_500_000_000, 3],
    [1, 1_500_000_000, 4],
    [1, -5, 2],
  ]);
  const m = buildRatingMatrix(big);
  assert.deepEqual([...m.userIds], [1, 2_000_000_000]);
  assert.deepEqual([...m.movieIds], [-5, 1_500_000_000]);
  assert.deepEqual(dense(m), [
    [2, 4],
    [0, 3],
  ]);
  assert.equal(m.rowOf(2_000_000_000), 1);
  assert.equal(m.colOf(7), -1);
});

test('movieIds fixes the columns, unrated ones included', () => {
  const m = buildRatingMatrix(small, { movieIds: [40, 10, 20, 30, 10] });
  assert.deepEqual([...m.movieIds], [10, 20, 30, 40]);
  assert.equal(m.cols, 4);
  assert.deepEqual(dense(m)[0], [5, 0, 1, 0]);
});

test('a rating of a movie outside the given movieIds is a usage error', () => {
  assert.throws(() => buildRatingMatrix(small, { movieIds: [10, 20] }), UsageError);
});

test('a repeated (user, movie) pair is a data error naming both', () => {
  assert.throws(
    () =>
      buildRatingMatrix(
        table([
          [1, 2, 3],
          [1, 2, 4],
        ]),
      ),
    (error: unknown) => error instanceof DataError && /user 1 rated movie 2 more than once/.test(error.message),
  );
});

test('an empty table gives a 0 × 0 matrix', () => {
  const m = buildRatingMatrix(table([]));
  assert.equal(m.rows, 0);
  assert.equal(m.cols, 0);
  assert.deepEqual([...m.indptr], [0]);
});

test('denseBlock shows ratings and null for unrated cells and unknown ids', () => {
  const m = buildRatingMatrix(small);
  assert.deepEqual(denseBlock(m, [7, 3, 99], [10, 30, 77]), [
    [2.5, null, null],
    [5, 1, null],
    [null, null, null],
  ]);
});

test('transpose moves every entry across the diagonal and twice gives the matrix back', () => {
  fc.assert(
    fc.property(ratingTriples, (triples) => {
      const m = buildRatingMatrix(table(triples));
      const t = transpose(m);
      const d = dense(m);
      assert.deepEqual(
        dense(t),
        Array.from({ length: m.cols }, (_, c) => d.map((row) => row[c])),
      );
      const back = transpose(t);
      assert.deepEqual([...back.indptr], [...m.indptr]);
      assert.deepEqual([...back.indices], [...m.indices]);
      assert.deepEqual([...back.values], [...m.values]);
    }),
  );
});

test('rowMeans averages the stored entries only, and subtractFromRows centres them', () => {
  const m = buildRatingMatrix(small);
  assert.deepEqual([...rowMeans(m)], [3, 3.5, 3.25]);
  const centred = subtractFromRows(m, rowMeans(m));
  assert.deepEqual(dense(centred), [
    [2, 0, -2],
    [0, 0, 0],
    [-0.75, 0.75, 0],
  ]);
  assert.equal(centred.indptr, m.indptr);
  assert.equal(
    rowMeans({
      rows: 1,
      cols: 1,
      indptr: Int32Array.of(0, 0),
      indices: new Int32Array(0),
      values: new Float64Array(0),
    })[0],
    0,
  );
});
