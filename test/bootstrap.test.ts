import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ndcgRatioInterval } from '../lib/src/evaluation/bootstrap';
import type { FoldResult, ModelResult } from '../lib/src/evaluation/run-protocol';
import { createRng } from '../lib/src/random';

/** A result whose splits carry the given per-user nDCG (the other numbers do not matter here). */
function result(model: string, perFold: number[][]): ModelResult {
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const folds = perFold.map(
    (ndcgByUser, j) => ({ label: `f${j}`, ndcg: mean(ndcgByUser), ndcgByUser }) as unknown as FoldResult,
  );
  return {
    model,
    description: model,
    rmse: null,
    mae: null,
    precisionAt10: null,
    recallAt10: null,
    ndcgAt10: mean(perFold.map(mean)),
    mapAt10: null,
    hitRateAt10: null,
    coverage: null,
    novelty: null,
    fitSeconds: 0,
    recommendSeconds: 0,
    folds,
  };
}

const noisy = (n: number, seed: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng());
};

test('a model twice as good for every user is 2× with no doubt: the draws are paired', () => {
  const b = noisy(300, 1);
  const i = ndcgRatioInterval(result('a', [b.map((x) => 2 * x)]), result('b', [b]));
  assert.ok(i !== null);
  assert.ok(Math.abs(i.ratio - 2) < 1e-12 && Math.abs(i.low - 2) < 1e-12 && Math.abs(i.high - 2) < 1e-12);
  assert.equal(i.users, 300);
});

test('the interval holds the ratio of the table and narrows with more users', () => {
  const width = (n: number) => {
    const a = result('a', [noisy(n, 2)]);
    const b = result('b', [noisy(n, 3)]);
    const i = ndcgRatioInterval(a, b, { seed: 5 });
    assert.ok(i !== null);
    assert.ok(Math.abs(i.ratio - (a.ndcgAt10 as number) / (b.ndcgAt10 as number)) < 1e-12);
    assert.ok(i.low < i.ratio && i.ratio < i.high);
    return i.high - i.low;
  };
  assert.ok(width(2000) < width(100) / 2);
});

test('several splits: the ratio is of the means over splits, as the tables report', () => {
  const a = result('a', [noisy(50, 1), noisy(80, 2)]);
  const b = result('b', [noisy(50, 3), noisy(80, 4)]);
  const i = ndcgRatioInterval(a, b);
  assert.ok(i !== null && Math.abs(i.ratio - (a.ndcgAt10 as number) / (b.ndcgAt10 as number)) < 1e-12);
  assert.equal(i.users, 130);
});

test('results without per-user numbers give null; different users are an error', () => {
  const a = result('a', [noisy(10, 1)]);
  const bare = { ...a, folds: a.folds.map(({ ndcgByUser: _, ...f }) => f) };
  assert.equal(ndcgRatioInterval(bare, a), null);
  assert.throws(() => ndcgRatioInterval(a, result('b', [noisy(11, 1)])), /different users/);
  assert.throws(() => ndcgRatioInterval(a, a, { samples: 10 }), /samples/);
});
