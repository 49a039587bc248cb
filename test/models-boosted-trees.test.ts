import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../lib/src/errors';
import { type BoostedTreesOptions, fitBoostedTrees, type LabelledSamples } from '../lib/src/models/boosted-trees';
import { createRng } from '../lib/src/random';

/** x0, x1 uniform; x2 pure noise; label = (x0 > 0.5) XOR (x1 > 0.5): no single feature tells anything. */
function xor(n: number, seed: number): LabelledSamples {
  const rng = createRng(seed);
  const X = new Float32Array(n * 3);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < 3; f++) X[i * 3 + f] = rng();
    y[i] = X[i * 3] > 0.5 !== X[i * 3 + 1] > 0.5 ? 1 : 0;
  }
  return { X, features: 3, y };
}

function accuracy(samples: LabelledSamples, options: BoostedTreesOptions): number {
  const trees = fitBoostedTrees(xor(2000, 1), options);
  let right = 0;
  for (let i = 0; i < samples.y.length; i++) {
    right += (trees.score(samples.X, i * 3) > 0 ? 1 : 0) === samples.y[i] ? 1 : 0;
  }
  return right / samples.y.length;
}

const small: BoostedTreesOptions = { trees: 60, rate: 0.3, minLeaf: 10, bag: 1, negativeShare: 1, featureShare: 1 };

test('trees of depth 2 learn an interaction that depth 1 cannot', () => {
  const fresh = xor(1000, 2);
  assert.ok(accuracy(fresh, { ...small, depth: 2 }) > 0.95);
  // Stumps add one feature at a time, and neither feature alone says anything about XOR.
  assert.ok(accuracy(fresh, { ...small, depth: 1 }) < 0.7);
});

test('the noise feature is split on least', () => {
  const { splitsPerFeature } = fitBoostedTrees(xor(2000, 1), { ...small, depth: 2 });
  assert.ok(splitsPerFeature[2] < splitsPerFeature[0] && splitsPerFeature[2] < splitsPerFeature[1]);
});

test('a seed reproduces the scores, and bagging with sampled negatives still learns', () => {
  const data = xor(2000, 1);
  const options = { ...small, depth: 2, bag: 3, negativeShare: 0.5, featureShare: 0.8, seed: 7 };
  const a = fitBoostedTrees(data, options);
  const b = fitBoostedTrees(data, options);
  const c = fitBoostedTrees(data, { ...options, seed: 8 });
  const scores = (t: typeof a) => Array.from({ length: 50 }, (_, i) => t.score(data.X, i * 3));
  assert.deepEqual(scores(a), scores(b));
  assert.notDeepEqual(scores(a), scores(c));
  assert.ok(accuracy(xor(1000, 2), options) > 0.9);
});

test('bad samples and options are usage errors', () => {
  const data = xor(100, 1);
  assert.throws(() => fitBoostedTrees({ ...data, y: new Uint8Array(100) }), UsageError);
  assert.throws(() => fitBoostedTrees({ ...data, X: data.X.subarray(0, 299) }), /expected 100 samples × 3 features/);
  assert.throws(() => fitBoostedTrees({ ...data, y: data.y.map(() => 2) }), /0 or 1/);
  assert.throws(() => fitBoostedTrees(data, { depth: 0 }), /depth/);
  assert.throws(() => fitBoostedTrees(data, { rate: 0 }), /rate/);
  assert.throws(() => fitBoostedTrees(data, { negativeShare: 1.5 }), /negativeShare/);
  assert.throws(() => fitBoostedTrees(data, { bins: 300 }), /bins/);
});
