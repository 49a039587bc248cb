import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_BOT_RULES, detectBots, gapHistogram, userActivity } from '../lib/src/bots';
import { UsageError } from '../lib/src/errors';
import { recordsToTable } from '../lib/src/loading';
import type { Rating } from '../lib/src/types';

/** `n` ratings of `userId`, all `stars`, at `start`, `start + step`, ... (movie ids 1..n). */
function user(userId: number, n: number, stars: number, start: number, step: number): Rating[] {
  return Array.from({ length: n }, (_, i) => ({ userId, movieId: i + 1, rating: stars, timestamp: start + i * step }));
}

// 1: a person rating once a day; 2: a batch of 12 saved in one second; 3: a batch too small to judge (5 < 10);
// 4: sixty ratings one second apart. Listed out of time order on purpose: the rules must sort by timestamp.
const people = [
  ...user(1, 12, 4, 0, 86400).reverse(),
  ...user(2, 12, 1, 5000, 0),
  ...user(3, 5, 3, 7000, 0),
  ...user(4, 60, 5, 9000, 1),
];
const table = recordsToTable(people);

test('the evidence of each user is computed from gaps sorted by time', () => {
  const byUser = new Map(userActivity(table).map((a) => [a.userId, a]));
  assert.deepEqual(byUser.get(1), {
    userId: 1,
    ratings: 12,
    zeroGapShare: 0,
    longestBurst: 1,
    ratingsPerMinute: 11 / ((11 * 86400) / 60),
    activeSeconds: 11 * 86400,
  });
  assert.equal(byUser.get(2)?.zeroGapShare, 1);
  assert.equal(byUser.get(2)?.longestBurst, 12);
  // A span of 0 s counts as 1 s, so the rate stays finite: 11 gaps in 1/60 minute.
  assert.equal(byUser.get(2)?.ratingsPerMinute, 660);
  assert.equal(byUser.get(4)?.longestBurst, 60);
  assert.equal(byUser.get(4)?.ratingsPerMinute, 60);
});

test('a burst counts the ratings whose times lie within one window, ends included', () => {
  const times = [0, 30, 60, 61, 200];
  const t = recordsToTable(times.map((timestamp, i) => ({ userId: 1, movieId: i, rating: 3, timestamp })));
  assert.equal(userActivity(t, 60)[0].longestBurst, 3);
  assert.equal(userActivity(t, 61)[0].longestBurst, 4);
  assert.equal(userActivity(t, 0)[0].longestBurst, 1);
});

test('the default rules flag the batch and the one-per-second user, not the person or the small batch', () => {
  const d = detectBots(table);
  assert.deepEqual(
    d.users.map((u) => [u.userId, u.rules]),
    [
      [2, ['zero-gaps', 'rate']],
      [4, ['burst', 'rate']],
    ],
  );
  assert.equal(d.flaggedRatings, 72);
  assert.deepEqual(d.rules, DEFAULT_BOT_RULES);
  assert.equal(d.ifDropped.ratingsRemoved, 72);
  assert.equal(d.ifDropped.usersRemoved, 2);
  assert.ok(Math.abs(d.ifDropped.meanBefore - 375 / 89) < 1e-12);
  assert.ok(Math.abs(d.ifDropped.meanAfter - 63 / 17) < 1e-12);
});

test('a threshold is hit at its value, raising it clears the user, and minRatings decides who is judged', () => {
  assert.deepEqual(
    detectBots(table, { burstSize: 60, ratingsPerMinute: 1000 }).users.map((u) => u.userId),
    [2, 4],
  );
  assert.deepEqual(
    detectBots(table, { burstSize: 61, ratingsPerMinute: 1000 }).users.map((u) => u.userId),
    [2],
  );
  // Lowering minRatings to 5 brings the small batch (user 3) within reach of the zero-gap rule.
  const lenient = detectBots(table, { minRatings: 5, ratingsPerMinute: 1000, burstSize: 1000 });
  assert.deepEqual(
    lenient.users.map((u) => u.userId),
    [2, 3],
  );
});

test('the gap histogram puts each gap in one bucket, bounds included', () => {
  const counts = Object.fromEntries(gapHistogram(table).map((b) => [b.bucket, b.count]));
  assert.deepEqual(counts, {
    '0 s': 11 + 4,
    '1–5 s': 59,
    '6–60 s': 0,
    '1–10 min': 0,
    '10–60 min': 0,
    '1–24 h': 11, // exactly 86,400 s is still "1–24 h"
    '> 1 day': 0,
  });
});

test('bad thresholds are refused with a UsageError', () => {
  assert.throws(() => detectBots(table, { zeroGapShare: 1.5 }), UsageError);
  assert.throws(() => detectBots(table, { burstSeconds: -1 }), UsageError);
  assert.throws(() => detectBots(table, { ratingsPerMinute: Number.NaN }), UsageError);
});

test('on any ratings, the histogram counts every gap once and flagged ratings are the flagged users’ ratings', () => {
  const arb = fc.array(
    fc.record({
      userId: fc.integer({ min: 1, max: 5 }),
      movieId: fc.integer({ min: 1, max: 50 }),
      rating: fc.constant(3),
      timestamp: fc.integer({ min: 0, max: 200000 }),
    }),
    { minLength: 1, maxLength: 80 },
  );
  fc.assert(
    fc.property(arb, (rs) => {
      const t = recordsToTable(rs);
      const d = detectBots(t, { minRatings: 2 });
      const users = new Set(rs.map((r) => r.userId)).size;
      assert.equal(
        d.gaps.reduce((n, b) => n + b.count, 0),
        rs.length - users,
      );
      assert.equal(
        d.flaggedRatings,
        d.users.reduce((n, u) => n + u.ratings, 0),
      );
      for (const u of d.users) assert.ok(u.rules.length > 0 && u.zeroGapShare >= 0 && u.zeroGapShare <= 1);
    }),
  );
});
