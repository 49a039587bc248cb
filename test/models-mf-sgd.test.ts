import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../lib/src/errors';
import { recordsToTable } from '../lib/src/loading';
import { mfSgdModel } from '../lib/src/models/mf-sgd';
import type { Progress } from '../lib/src/progress';
import { createRng, normalSampler } from '../lib/src/random';
import { generateRatings } from '../lib/src/synthetic';
import type { Rating } from '../lib/src/types';

const ratings = generateRatings({ ratings: 2000, users: 40, movies: 80, seed: 3 });

test('the training error falls from one epoch to the next', () => {
  const { trainingRmse } = mfSgdModel({ factors: 10, epochs: 15, learningRate: 0.01 }).fit(ratings);
  assert.equal(trainingRmse.length, 15);
  for (let e = 1; e < trainingRmse.length; e++) {
    assert.ok(trainingRmse[e] < trainingRmse[e - 1], `epoch ${e}: ${trainingRmse[e]} ≥ ${trainingRmse[e - 1]}`);
  }
  assert.ok(trainingRmse[14] < 0.8 * trainingRmse[0]);
});

test('the same seed gives the same model, another seed another one', () => {
  const fit = (seed: number) => mfSgdModel({ factors: 5, epochs: 3, seed }).fit(ratings);
  const [a, b, c] = [fit(7), fit(7), fit(8)];
  const pairs = [
    [1, 1],
    [2, 30],
    [17, 44],
  ];
  for (const [u, m] of pairs) assert.equal(a.predict(u, m), b.predict(u, m));
  assert.deepEqual(a.trainingRmse, b.trainingRmse);
  assert.ok(pairs.some(([u, m]) => a.predict(u, m) !== c.predict(u, m)));
});

test('a rank-2 rating matrix is recovered from half of its cells', () => {
  // r(u, i) = 3 + p_u · q_i with p, q ~ N(0, 0.8²): 50% of the 40 × 50 cells train, 10% test.
  const rng = createRng(5);
  const normal = normalSampler(rng);
  const p = Array.from({ length: 80 }, () => 0.8 * normal());
  const q = Array.from({ length: 100 }, () => 0.8 * normal());
  const train: Rating[] = [];
  const held: Rating[] = [];
  for (let u = 0; u < 40; u++) {
    for (let i = 0; i < 50; i++) {
      const x = rng();
      const rating = 3 + p[2 * u] * q[2 * i] + p[2 * u + 1] * q[2 * i + 1];
      if (x < 0.5) train.push({ userId: u + 1, movieId: i + 1, rating, timestamp: 0 });
      else if (x < 0.6) held.push({ userId: u + 1, movieId: i + 1, rating, timestamp: 0 });
    }
  }
  const model = mfSgdModel({
    factors: 2,
    epochs: 200,
    learningRate: 0.02,
    regularization: 0,
    ratingScale: { min: -10, max: 20 },
  });
  const fitted = model.fit(recordsToTable(train));
  const rmse = (rows: Rating[], f: (r: Rating) => number) =>
    Math.sqrt(rows.reduce((s, r) => s + (f(r) - r.rating) ** 2, 0) / rows.length);
  const mean = train.reduce((s, r) => s + r.rating, 0) / train.length;
  assert.ok(rmse(held, () => mean) > 0.5, 'the test cells vary');
  assert.ok(rmse(held, (r) => fitted.predict(r.userId, r.movieId)) < 0.01);
});

test('progress is reported once per epoch, then ended', () => {
  const calls: string[] = [];
  const progress: Progress = {
    update: (label, done, total) => calls.push(`${label} ${done}/${total}`),
    end: () => calls.push('end'),
  };
  mfSgdModel({ factors: 2, epochs: 3 }).fit(ratings, { movies: [], progress });
  assert.deepEqual(calls, ['mf-sgd epoch 1/3', 'mf-sgd epoch 2/3', 'mf-sgd epoch 3/3', 'end']);
});

test('the unbiased variant predicts p_u · q_i alone: 0 for a user it never saw', () => {
  const fitted = mfSgdModel({ factors: 3, epochs: 2, biased: false, ratingScale: { min: -5, max: 5 } }).fit(ratings);
  assert.equal(fitted.predict(12345, 1), 0);
  const biased = mfSgdModel({ factors: 3, epochs: 2 }).fit(ratings);
  assert.ok(biased.predict(12345, 1) > 1);
});

test('a factor count that is not a multiple of four gives the same model as the plain update rule would', () => {
  // One rating, one epoch: μ = r, so err = -p·q; each factor moves by p ← p + lr(err q - reg p) (and q alike),
  // and each bias, starting at 0, by lr·err. The factors are drawn from the seed, p before q.
  const one = recordsToTable([{ userId: 1, movieId: 1, rating: 4, timestamp: 0 }]);
  for (const factors of [1, 3, 4, 5, 7]) {
    const lr = 0.1;
    const reg = 0.5;
    const normal = normalSampler(createRng(9));
    const p0 = Array.from({ length: factors }, () => 0.1 * normal());
    const q0 = Array.from({ length: factors }, () => 0.1 * normal());
    const dot0 = p0.reduce((s, x, f) => s + x * q0[f], 0);
    const err = -dot0;
    const p1 = p0.map((x, f) => x + lr * (err * q0[f] - reg * x));
    const q1 = q0.map((x, f) => x + lr * (err * p0[f] - reg * x));
    const expected = 4 + 2 * lr * err + p1.reduce((s, x, f) => s + x * q1[f], 0);
    const options = {
      factors,
      epochs: 1,
      learningRate: lr,
      regularization: reg,
      seed: 9,
      ratingScale: { min: 0, max: 10 },
    };
    const fitted = mfSgdModel(options).fit(one);
    assert.ok(Math.abs(fitted.predict(1, 1) - expected) < 1e-12, `factors ${factors}`);
  }
});

test('bad options are usage errors', () => {
  assert.throws(() => mfSgdModel({ factors: 0 }), UsageError);
  assert.throws(() => mfSgdModel({ epochs: 1.5 }), UsageError);
  assert.throws(() => mfSgdModel({ learningRate: 0 }), UsageError);
  assert.throws(() => mfSgdModel({ regularization: -1 }), UsageError);
});
