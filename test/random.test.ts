import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, normalSampler, shuffleInPlace } from '../lib/src/random';

test('the same seed gives the same sequence, and another seed another one', () => {
  const a = createRng(42);
  const b = createRng(42);
  const c = createRng(43);
  const xs = Array.from({ length: 5 }, a);
  assert.deepEqual(xs, Array.from({ length: 5 }, b));
  assert.notDeepEqual(xs, Array.from({ length: 5 }, c));
  for (const x of xs) assert.ok(x >= 0 && x < 1);
});

test('normal samples have mean near 0 and variance near 1', () => {
  const next = normalSampler(createRng(7));
  const n = 20000;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const x = next();
    sum += x;
    sq += x * x;
  }
  assert.ok(Math.abs(sum / n) < 0.03);
  assert.ok(Math.abs(sq / n - 1) < 0.05);
});

test('a shuffle is a permutation and depends only on the seed', () => {
  const a = shuffleInPlace(
    Int32Array.from({ length: 50 }, (_, i) => i),
    createRng(1),
  );
  const b = shuffleInPlace(
    Int32Array.from({ length: 50 }, (_, i) => i),
    createRng(1),
  );
  assert.deepEqual(a, b);
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    Array.from({ length: 50 }, (_, i) => i),
  );
});
