import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { UsageError } from '../lib/src/errors';
import { readRatingsFile } from '../lib/src/ratings-file';
import { writeRatingsCsv } from '../lib/src/ratings-writer';
import { generateRatings, HALF_STARS, ML_25M_SIZE, ML_LATEST_SMALL_RATING_COUNTS } from '../lib/src/synthetic';
import type { RatingsTable } from '../lib/src/types';

// Sizes from ml-25m's ratios: 200,000 ratings give 1,300 users; the 472 movies are raised to 616 (4 · n / users)
// so that at most a quarter of the cells are rated. The explicit shape is sparser, closer to ml-25m's density.
const table = generateRatings({ ratings: 200_000, seed: 7 });
const sparse = generateRatings({ ratings: 200_000, users: 1_300, movies: 20_000, seed: 7 });

function countsBy(ids: Int32Array): number[] {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.values()].sort((a, b) => b - a);
}

/** Share of all rows held by the top `fraction` of ids, by number of rows. */
function topShare(ids: Int32Array, fraction: number): number {
  const counts = countsBy(ids);
  const top = counts.slice(0, Math.round(counts.length * fraction));
  return top.reduce((a, b) => a + b, 0) / ids.length;
}

function sameTable(a: RatingsTable, b: RatingsTable): boolean {
  const columns = ['userId', 'movieId', 'rating', 'timestamp'] as const;
  return a.length === b.length && columns.every((c) => a[c].every((v, i) => v === b[c][i]));
}

test('the same seed gives the same table and another seed another one', () => {
  const again = generateRatings({ ratings: 200_000, seed: 7 });
  assert.ok(sameTable(table, again));
  const other = generateRatings({ ratings: 200_000, seed: 8 });
  assert.equal(other.length, table.length);
  assert.ok(!sameTable(table, other));
});

test('the table has exactly the requested number of ratings, and users and movies in ml-25m proportion', () => {
  assert.equal(table.length, 200_000);
  for (const column of [table.userId, table.movieId, table.rating, table.timestamp])
    assert.equal(column.length, 200_000);
  const users = countsBy(table.userId).length;
  assert.equal(users, Math.round((200_000 * ML_25M_SIZE.users) / ML_25M_SIZE.ratings));
  const highest = (ids: Int32Array) => ids.reduce((a, b) => Math.max(a, b));
  const lowest = (ids: Int32Array) => ids.reduce((a, b) => Math.min(a, b));
  assert.equal(highest(table.userId), users);
  assert.ok(highest(table.movieId) <= 616 && highest(table.movieId) > 600);
  assert.equal(lowest(table.userId), 1);
  assert.ok(lowest(table.movieId) >= 1);
});

test('no (user, movie) pair is rated twice and rows are sorted by user then movie', () => {
  for (const t of [table, sparse]) {
    for (let i = 1; i < t.length; i++) {
      const ordered =
        t.userId[i] > t.userId[i - 1] || (t.userId[i] === t.userId[i - 1] && t.movieId[i] > t.movieId[i - 1]);
      assert.ok(ordered, `rows ${i - 1} and ${i}`);
    }
  }
});

test('every rating is a half star, in ml-latest-small proportions within 0.1 percentage point', () => {
  const total = ML_LATEST_SMALL_RATING_COUNTS.reduce((a, b) => a + b, 0);
  const counts = new Map<number, number>();
  for (const r of sparse.rating) counts.set(r, (counts.get(r) ?? 0) + 1);
  assert.deepEqual(
    [...counts.keys()].sort((a, b) => a - b),
    HALF_STARS,
  );
  HALF_STARS.forEach((star, k) => {
    const expected = ML_LATEST_SMALL_RATING_COUNTS[k] / total;
    const found = (counts.get(star) ?? 0) / sparse.length;
    assert.ok(Math.abs(found - expected) < 0.001, `${star} stars: ${found} vs ${expected}`);
  });
});

test('ml-latest-small counts sum to its 100,836 ratings, with 4.0 the most common', () => {
  assert.equal(
    ML_LATEST_SMALL_RATING_COUNTS.reduce((a, b) => a + b, 0),
    100_836,
  );
  assert.equal(HALF_STARS[ML_LATEST_SMALL_RATING_COUNTS.indexOf(Math.max(...ML_LATEST_SMALL_RATING_COUNTS))], 4);
});

test('activity and popularity are heavy-tailed: a tenth of users or movies hold far more than a tenth', () => {
  assert.ok(topShare(sparse.userId, 0.1) > 0.4, `users: ${topShare(sparse.userId, 0.1)}`);
  assert.ok(topShare(sparse.movieId, 0.1) > 0.4, `movies: ${topShare(sparse.movieId, 0.1)}`);
  const perUser = countsBy(sparse.userId);
  assert.ok(perUser[perUser.length - 1] >= 20, 'every user has at least 20 ratings, as in MovieLens');
});

test("each user's timestamps are distinct, increase in 'user-time' order, and fall in ml-25m's years", () => {
  const timed = generateRatings({ ratings: 20_000, seed: 3, order: 'user-time' });
  const lo = Date.UTC(1995, 0, 9) / 1000;
  const hi = Date.UTC(2019, 10, 21) / 1000;
  for (let i = 0; i < timed.length; i++) {
    assert.ok(timed.timestamp[i] >= lo && timed.timestamp[i] <= hi);
    if (i > 0 && timed.userId[i] === timed.userId[i - 1]) assert.ok(timed.timestamp[i] > timed.timestamp[i - 1]);
  }
  // The same ratings as in 'user-movie' order, rearranged within each user.
  const sorted = generateRatings({ ratings: 20_000, seed: 3 });
  const key = (t: RatingsTable) =>
    Array.from({ length: t.length }, (_, i) => `${t.userId[i]},${t.movieId[i]},${t.timestamp[i]}`).sort();
  assert.deepEqual(key(timed), key(sorted));
});

test('impossible sizes are usage errors', () => {
  assert.throws(() => generateRatings({ ratings: 0, seed: 1 }), UsageError);
  assert.throws(() => generateRatings({ ratings: 1.5, seed: 1 }), UsageError);
  assert.throws(() => generateRatings({ ratings: 11, users: 2, movies: 5, seed: 1 }), UsageError);
  assert.equal(generateRatings({ ratings: 10, users: 2, movies: 5, seed: 1 }).length, 10);
});

test('a CSV written by writeRatingsCsv reads back through readRatingsFile unchanged', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'synthetic-test-'));
  try {
    const small = generateRatings({ ratings: 5_000, seed: 11 });
    const file = path.join(dir, 'ratings.csv');
    await writeRatingsCsv(small, file, { chunkBytes: 256 });
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines[0], 'userId,movieId,rating,timestamp');
    assert.match(lines[1], /^1,\d+,\d\.[05],\d{9,10}$/);
    assert.equal(lines.length, 5_002, 'header, 5,000 lines, and the empty string after the last line feed');
    assert.ok(sameTable(await readRatingsFile(file, 'csv'), small));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
