import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../lib/src/errors';
import { recordsToTable as ratingsTable } from '../lib/src/ratings-columns';
import { chronologicalSplit, leaveLastOut, partition, randomSplit, type Split, timeSplit } from '../lib/src/split';
import type { Rating, RatingsTable } from '../lib/src/types';
import { runs } from './helpers/fast-check';

const r = (userId: number, movieId: number, timestamp: number, rating = 4): Rating => ({
  userId,
  movieId,
  rating,
  timestamp,
});

/**
 * User 1: five ratings, the two latest at the same second (movies 7 and 4, so 7 counts as later).
 * User 2: three ratings. User 3: ten ratings, one a second, listed newest first.
 */
const records: Rating[] = [
  r(1, 10, 100),
  r(1, 7, 500),
  r(1, 3, 300),
  r(1, 4, 500),
  r(1, 5, 200),
  r(2, 1, 150),
  r(2, 2, 250),
  r(2, 3, 350),
  ...Array.from({ length: 10 }, (_, i) => r(3, 20 + i, 1000 - i)),
];
const table = ratingsTable(records);

const keys = (t: RatingsTable) =>
  Array.from({ length: t.length }, (_, i) => `${t.userId[i]}:${t.movieId[i]}:${t.rating[i]}:${t.timestamp[i]}`);
const movies = (t: RatingsTable, user: number) => [...t.movieId].filter((_, i) => t.userId[i] === user);

/** Every row lands on exactly one side, and each side keeps the table's row order. */
function assertPartition(source: RatingsTable, { train, test }: Split): void {
  const all = keys(source);
  const [a, b] = [keys(train), keys(test)];
  assert.deepEqual([...a, ...b].sort(), [...all].sort());
  const position = new Map(all.map((k, i) => [k, i]));
  for (const side of [a, b]) {
    const at = side.map((k) => position.get(k) ?? -1);
    assert.deepEqual(
      at,
      [...at].sort((x, y) => x - y),
    );
  }
}

/** Tables of distinct (user, movie) pairs with few distinct timestamps, so that ties are common. */
const tables = fc
  .uniqueArray(
    fc.record({
      userId: fc.integer({ min: 1, max: 6 }),
      movieId: fc.integer({ min: 1, max: 30 }),
      rating: fc.constantFrom(0.5, 3, 4.5),
      timestamp: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 80, selector: (x) => `${x.userId}:${x.movieId}` },
  )
  .map(ratingsTable);

/** Is row i of `a` at or after row j of `b` by (timestamp, movieId)? */
const notBefore = (a: RatingsTable, i: number, b: RatingsTable, j: number) =>
  a.timestamp[i] > b.timestamp[j] || (a.timestamp[i] === b.timestamp[j] && a.movieId[i] > b.movieId[j]);

describe('chronological split per user', () => {
  test('each user keeps the last floor(0.2 n) ratings by (timestamp, movieId) for testing', () => {
    const { train, test } = chronologicalSplit(table);
    assert.deepEqual(movies(test, 1), [7]); // 5 ratings: 1 held out; movie 7 wins the tie at t = 500
    assert.deepEqual(movies(test, 2), []); // 3 ratings: floor(0.6) = 0
    assert.deepEqual(movies(test, 3), [20, 21]); // 10 ratings: the two newest
    assert.equal(train.length, 15);
  });

  test('the per-user rule holds on any table: counts, order, ties, completeness', () => {
    fc.assert(
      fc.property(tables, fc.constantFrom(0.2, 0.25, 0.5), (t, testFraction) => {
        const split = chronologicalSplit(t, { testFraction });
        assertPartition(t, split);
        for (const user of new Set(t.userId)) {
          const n = movies(t, user).length;
          assert.equal(movies(split.test, user).length, Math.floor(testFraction * n + 1e-9));
          for (let i = 0; i < split.test.length; i++) {
            if (split.test.userId[i] !== user) continue;
            for (let j = 0; j < split.train.length; j++) {
              if (split.train.userId[j] === user) assert.ok(notBefore(split.test, i, split.train, j));
            }
          }
        }
      }),
      runs(100),
    );
  });

  test('a fraction outside (0, 1) is a usage error', () => {
    for (const testFraction of [0, 1, -0.2, 1.5, Number.NaN]) {
      assert.throws(() => chronologicalSplit(table, { testFraction }), UsageError);
    }
  });
});

describe('leave last n out', () => {
  test('each user with more than n ratings leaves exactly their last n', () => {
    assert.deepEqual([...leaveLastOut(table).test.movieId], [7, 3, 20]);
    const { test } = leaveLastOut(table, { n: 3 });
    assert.deepEqual(movies(test, 1), [7, 3, 4]);
    assert.deepEqual(movies(test, 2), []); // exactly 3 ratings: all stay in train
    assert.deepEqual(movies(test, 3), [20, 21, 22]);
  });

  test('n must be a positive integer', () => {
    for (const n of [0, -1, 1.5]) assert.throws(() => leaveLastOut(table, { n }), UsageError);
  });
});

describe('random split', () => {
  const big = ratingsTable(Array.from({ length: 100 }, (_, i) => r(1 + (i % 7), i, i)));

  test('it draws floor(fraction × n) rows, 29 of 100 at 0.29 despite floating point', () => {
    assert.equal(randomSplit(big, { seed: 1 }).test.length, 20);
    assert.equal(randomSplit(big, { seed: 1, testFraction: 0.29 }).test.length, 29);
    assertPartition(big, randomSplit(big, { seed: 1, testFraction: 0.29 }));
  });

  test('the same seed gives the same split, another seed another one', () => {
    const a = randomSplit(big, { seed: 42 });
    assert.deepEqual(randomSplit(big, { seed: 42 }), a);
    assert.notDeepEqual(randomSplit(big, { seed: 43 }).test.movieId, a.test.movieId);
  });

  test('it is a partition of any table', () => {
    fc.assert(
      fc.property(tables, fc.integer(), (t, seed) => assertPartition(t, randomSplit(t, { seed }))),
      runs(50),
    );
  });

  test('a fraction outside (0, 1) is a usage error', () => {
    for (const testFraction of [0, 1, 2, Number.NaN]) {
      assert.throws(() => randomSplit(big, { seed: 1, testFraction }), UsageError);
    }
  });
});

describe('global time split', () => {
  test('a cut at time t sends every rating at or after t to test', () => {
    const { train, test } = timeSplit(table, { at: 500 });
    assert.deepEqual([...test.movieId], [7, 4, ...Array.from({ length: 10 }, (_, i) => 20 + i)]);
    assert.ok([...train.timestamp].every((t) => t < 500));
  });

  test('a fraction sends the latest floor(fraction × n) ratings to test, ties broken by user then movie', () => {
    const { test } = timeSplit(table, { testFraction: 0.2 }); // 18 ratings: the latest 3
    assert.deepEqual([...test.movieId], [20, 21, 22]);
    fc.assert(
      fc.property(tables, (t) => {
        const split = timeSplit(t, { testFraction: 0.5 });
        assertPartition(t, split);
        assert.equal(split.test.length, Math.floor(t.length / 2));
        const latestTrain = Math.max(...split.train.timestamp);
        assert.ok(split.test.timestamp.every((ts) => ts >= latestTrain));
      }),
      runs(100),
    );
  });

  test('a bad fraction or time is a usage error', () => {
    assert.throws(() => timeSplit(table, { testFraction: 1 }), UsageError);
    assert.throws(() => timeSplit(table, { at: Number.NaN }), UsageError);
  });
});

test('partition needs one flag per row', () => {
  assert.throws(() => partition(table, new Uint8Array(3)), UsageError);
  const { train, test } = partition(table, new Uint8Array(table.length).fill(1));
  assert.equal(train.length, 0);
  assert.equal(test.length, table.length);
});
