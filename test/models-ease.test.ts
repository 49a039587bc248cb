import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../lib/src/errors';
import { recordsToTable } from '../lib/src/loading';
import { easeModel } from '../lib/src/models/ease';
import type { Rating } from '../lib/src/types';

const watch = (pairs: [number, number][]): Rating[] =>
  pairs.map(([userId, movieId]) => ({ userId, movieId, rating: 5, timestamp: 0 }));
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `expected ${b}, got ${a}`);

test('with two movies, B is the ridge regression of one movie on the other: c / (n + λ)', () => {
  // Movie 1 watched by users 1, 2, 3; movie 2 by users 1, 2, 4. XᵀX = [[3, 2], [2, 3]]; with λ = 1,
  // P = (XᵀX + I)⁻¹ = [[4, -2], [-2, 4]] / 12 and B_12 = -P_12 / P_22 = 2 / 4 = c / (n_1 + λ).
  const ratings = recordsToTable(
    watch([
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
      [3, 1],
      [4, 2],
    ]),
  );
  const fitted = easeModel({ lambda: 1, minCount: 1, minRating: 0 }).fit(ratings, { movies: [] });
  const [best] = fitted.recommend(3);
  assert.equal(best.movieId, 2);
  close(best.score, 2 / 4);
  close(fitted.recommend(4)[0].score, 2 / 4);
});

test('movies under minCount watchers are never recommended; a user without history gets the most watched', () => {
  const ratings = recordsToTable(
    watch([
      [1, 1],
      [1, 2],
      [2, 1],
      [2, 2],
      [3, 1],
      [3, 3],
      [4, 2],
    ]),
  );
  const fitted = easeModel({ lambda: 1, minCount: 2, minRating: 0 }).fit(ratings, { movies: [] });
  assert.deepEqual(
    fitted.recommend(4, { top: 5 }).map((r) => r.movieId),
    [1],
  );
  assert.deepEqual(
    fitted.recommend(99, { top: 5 }).map((r) => r.movieId),
    [1, 2, 3],
  );
  assert.throws(() => easeModel({ minCount: 5 }).fit(ratings, { movies: [] }), UsageError);
});

test('the learnt weights satisfy the closed form: (XᵀX + λI)(I - B) is diagonal', () => {
  // B = I - P·diag(1 / P_jj) with P = (XᵀX + λI)⁻¹, so (XᵀX + λI)(I - B) = diag(1 / P_jj). Users 101..105
  // each watched one movie i only, so their scores read off row i of B: B_ij for every j ≠ i.
  const n = 5;
  const lambda = 2;
  const pairs: [number, number][] = [];
  for (let u = 1; u <= 12; u++) for (let m = 1; m <= n; m++) if ((u * m + u) % 3 !== 0) pairs.push([u, m]);
  for (let m = 1; m <= n; m++) pairs.push([100 + m, m]);
  const fitted = easeModel({ lambda, minCount: 1, minRating: 0 }).fit(recordsToTable(watch(pairs)), { movies: [] });
  const b = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const list = fitted.recommend(101 + i, { top: n });
    assert.equal(list.length, n - 1);
    for (const { movieId, score } of list) b[i][movieId - 1] = score;
  }
  const g = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j): number => (i === j ? lambda : 0)));
  const byUser = new Map<number, number[]>();
  for (const [u, m] of pairs) byUser.set(u, [...(byUser.get(u) ?? []), m - 1]);
  for (const items of byUser.values()) for (const i of items) for (const j of items) g[i][j]++;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const entry = g[i].reduce((sum, gik, k) => sum + gik * ((k === j ? 1 : 0) - b[k][j]), 0);
      if (i === j) assert.ok(entry > 0);
      else assert.ok(Math.abs(entry) < 1e-12, `(${i}, ${j}): ${entry}`);
    }
  }
});
