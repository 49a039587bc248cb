import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recordsToTable } from '../lib/src/loading';
import { biasBaselineModel } from '../lib/src/models/bias-baseline';
import type { Rating } from '../lib/src/types';

const r = (userId: number, movieId: number, rating: number): Rating => ({ userId, movieId, rating, timestamp: 0 });
// Three users (1, 2, 3) × three movies (10, 20, 30), two ratings each; μ = 21 / 6 = 3.5.
//        10  20  30
//   1     5   3   .
//   2     4   .   2
//   3     .   4   3
const ratings = recordsToTable([r(1, 10, 5), r(1, 20, 3), r(2, 10, 4), r(2, 30, 2), r(3, 20, 4), r(3, 30, 3)]);
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `expected ${expected}, got ${actual}`);

test('one ALS sweep with both penalties at 1 gives the biases computed by hand', () => {
  const fitted = biasBaselineModel({ regUser: 1, regItem: 1, epochs: 1 }).fit(ratings);
  close(fitted.globalMean, 3.5);
  // Movies first, with every b_u = 0: b_i = Σ (r - μ) / (1 + n_i).
  close(fitted.itemBias(10), (1.5 + 0.5) / 3); // 2/3
  close(fitted.itemBias(20), (-0.5 + 0.5) / 3); // 0
  close(fitted.itemBias(30), (-1.5 - 0.5) / 3); // -2/3
  // Then users, with those b_i: b_u = Σ (r - μ - b_i) / (1 + n_u).
  close(fitted.userBias(1), (5 / 6 - 1 / 2) / 3); // 1/9
  close(fitted.userBias(2), (-1 / 6 - 5 / 6) / 3); // -1/3
  close(fitted.userBias(3), (1 / 2 + 1 / 6) / 3); // 2/9
  close(fitted.predict(1, 30), 3.5 + 1 / 9 - 2 / 3);
  close(fitted.predict(2, 20), 3.5 - 1 / 3);
});

test('unknown users and movies get a zero bias', () => {
  const fitted = biasBaselineModel({ regUser: 1, regItem: 1, epochs: 1 }).fit(ratings);
  assert.equal(fitted.userBias(99), 0);
  assert.equal(fitted.itemBias(99), 0);
  close(fitted.predict(99, 10), 3.5 + 2 / 3);
  close(fitted.predict(99, 99), 3.5);
});

test('predictions are clipped to the rating scale, the training range by default', () => {
  // With no shrinkage the biases fit the data closely, and user 1 on movie 10 lands above 5.
  const free = biasBaselineModel({ regUser: 0, regItem: 0, epochs: 50 }).fit(
    recordsToTable([r(1, 10, 5), r(1, 20, 5), r(2, 10, 5), r(2, 20, 1), r(3, 20, 1)]),
  );
  for (const [u, m] of [
    [1, 10],
    [3, 10],
    [2, 20],
  ]) {
    const p = free.predict(u, m);
    assert.ok(p >= 1 && p <= 5, `predicted ${p}`);
  }
  const narrow = biasBaselineModel({ regUser: 1, regItem: 1, epochs: 1, ratingScale: { min: 3, max: 4 } }).fit(ratings);
  assert.equal(narrow.predict(1, 30), 3); // 2.944 unclipped
  assert.equal(narrow.predict(1, 10), 4); // 4.278 unclipped
});

test('after enough sweeps the biases solve the regularised least-squares problem (each one is optimal given the others)', () => {
  const [regUser, regItem] = [15, 10];
  const fitted = biasBaselineModel({ regUser, regItem, epochs: 200 }).fit(ratings);
  const mu = fitted.globalMean;
  const rows = [
    [1, 10, 5],
    [1, 20, 3],
    [2, 10, 4],
    [2, 30, 2],
    [3, 20, 4],
    [3, 30, 3],
  ];
  for (const movie of [10, 20, 30]) {
    const mine = rows.filter((x) => x[1] === movie);
    const dev = mine.reduce((s, [u, , y]) => s + y - mu - fitted.userBias(u), 0);
    assert.ok(Math.abs(fitted.itemBias(movie) - dev / (regItem + mine.length)) < 1e-9);
  }
  for (const user of [1, 2, 3]) {
    const mine = rows.filter((x) => x[0] === user);
    const dev = mine.reduce((s, [, m, y]) => s + y - mu - fitted.itemBias(m), 0);
    assert.ok(Math.abs(fitted.userBias(user) - dev / (regUser + mine.length)) < 1e-9);
  }
});

test('recommendations follow the movie biases, without the movies the user rated', () => {
  const fitted = biasBaselineModel({ regUser: 1, regItem: 1, epochs: 1 }).fit(ratings);
  assert.deepEqual(
    fitted.recommend(99).map((x) => x.movieId),
    [10, 20, 30],
  );
  assert.deepEqual(
    fitted.recommend(3).map((x) => x.movieId),
    [10],
  );
});
