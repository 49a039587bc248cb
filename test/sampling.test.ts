import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../lib/src/errors';
import { createRng } from '../lib/src/random';
import { apportion, DistinctSampler } from '../lib/src/sampling';

test('apportion splits the part above the minimum in proportion to the weights', () => {
  // 100 = 3 · 10 + 70 shared 1 : 2 : 4 → 10, 20, 40 above the minimum.
  assert.deepEqual([...apportion(100, [1, 2, 4], 10, 1000)], [20, 30, 50]);
});

test('apportion holds counts at the maximum and shares their excess among the others', () => {
  // Shares of 90 by 8 : 1 : 1 would be 72, 9, 9; the first is held at 30 and the other two split 60.
  assert.deepEqual([...apportion(90, [8, 1, 1], 0, 30)], [30, 30, 30]);
  assert.deepEqual([...apportion(70, [8, 1, 1], 0, 30)], [30, 20, 20]);
});

test('apportion always sums to the total with every count in range and within 1 of the unbounded share', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
      fc.nat(1000),
      (weights, extra) => {
        const min = 2;
        const total = weights.length * min + extra;
        const counts = apportion(total, weights, min, total);
        assert.equal(
          counts.reduce((a, b) => a + b, 0),
          total,
        );
        const sum = weights.reduce((a, b) => a + b, 0);
        counts.forEach((c, i) => {
          assert.ok(Math.abs(c - min - (extra * weights[i]) / sum) < 1 + 1e-9);
        });
      },
    ),
  );
});

test('apportion rejects a total that cannot fit the bounds', () => {
  assert.throws(() => apportion(5, [1, 1], 3, 10), UsageError);
  assert.throws(() => apportion(21, [1, 1], 0, 10), UsageError);
});

test('a distinct draw never repeats an item, whether by rejection or by keys', () => {
  const sampler = new DistinctSampler(Array.from({ length: 100 }, (_, i) => 1 / (i + 1)));
  const rng = createRng(5);
  for (const count of [0, 1, 10, 25, 60, 100]) {
    const out = sampler.draw(new Int32Array(count), rng);
    assert.equal(new Set(out).size, count);
    for (const i of out) assert.ok(i >= 0 && i < 100);
  }
  assert.throws(() => sampler.draw(new Int32Array(101), rng), UsageError);
});

test('single draws follow the weights: an item of weight 3 comes up three times as often as one of weight 1', () => {
  const sampler = new DistinctSampler([1, 3, 1, 3]);
  const rng = createRng(9);
  const hits = [0, 0, 0, 0];
  const out = new Int32Array(1);
  for (let k = 0; k < 40_000; k++) hits[sampler.draw(out, rng)[0]]++;
  assert.deepEqual(
    hits.map((h) => Math.round((h / 40_000) * 8)),
    [1, 3, 1, 3],
  );
});

test('heavier items tend to come earlier in a draw of all items (successive sampling)', () => {
  const sampler = new DistinctSampler([100, 1, 1, 1]);
  const rng = createRng(2);
  let first = 0;
  for (let k = 0; k < 1000; k++) if (sampler.draw(new Int32Array(4), rng)[0] === 0) first++;
  // P(item 0 first) = 100 / 103.
  assert.ok(Math.abs(first / 1000 - 100 / 103) < 0.03, `${first}`);
});
