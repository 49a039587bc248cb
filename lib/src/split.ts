import { UsageError } from './errors';
import { createRng, shuffleInPlace } from './random';
import { takeRows } from './ratings-columns';
import type { RatingsTable } from './types';

/**
 * Train/test splits of a ratings table. Every splitter puts each row in exactly one side, keeps the table's
 * row order within each side, and is deterministic: the random one through its seed, the others by breaking
 * timestamp ties by movie id (then by row, for exact duplicates). Sizes are rounded down:
 * floor(fraction × n) test rows, computed with a relative slack of 1e-12 so that 0.29 × 100 counts as 29,
 * not 28.
 */

export interface Split {
  train: RatingsTable;
  test: RatingsTable;
}

/** A test share: a number strictly between 0 and 1 (0.2 keeps one rating in five for testing). */
export type TestFraction = number;

/**
 * Rows whose flag is non-zero go to test, the others to train, in table order.
 * @param isTest one flag per row of `table`.
 */
export function partition(table: RatingsTable, isTest: Uint8Array): Split {
  if (isTest.length !== table.length) {
    throw new UsageError(`isTest has ${isTest.length} flags for a table of ${table.length} rows`);
  }
  let nTest = 0;
  for (const flag of isTest) if (flag) nTest++;
  const train = new Int32Array(table.length - nTest);
  const test = new Int32Array(nTest);
  for (let i = 0, a = 0, b = 0; i < table.length; i++) {
    if (isTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train: takeRows(table, train), test: takeRows(table, test) };
}

export interface RandomSplitOptions {
  /** Share of all ratings drawn for test, in (0, 1). Default 0.2. */
  testFraction?: TestFraction;
  /** Seed of the shuffle; required so that every random split is reproducible. */
  seed: number;
}

/** floor(testFraction × n) ratings drawn uniformly at random, without regard to user or time. */
export function randomSplit(table: RatingsTable, options: RandomSplitOptions): Split {
  const nTest = testCount(options.testFraction ?? 0.2, table.length);
  const order = shuffleInPlace(
    Int32Array.from({ length: table.length }, (_, i) => i),
    createRng(options.seed),
  );
  const isTest = new Uint8Array(table.length);
  for (let i = 0; i < nTest; i++) isTest[order[i]] = 1;
  return partition(table, isTest);
}

export interface ChronologicalSplitOptions {
  /** Share of each user's ratings held out, in (0, 1). Default 0.2. */
  testFraction?: TestFraction;
}

/**
 * Per user, the latest ratings go to test: each user's ratings sorted by (timestamp, movieId), the last
 * floor(testFraction × n) of them. This is the evaluation protocol's rule. A user with fewer than
 * 1 / testFraction ratings (under 5 at 0.2) keeps them all in train; every user keeps at least one.
 */
export function chronologicalSplit(table: RatingsTable, options: ChronologicalSplitOptions = {}): Split {
  const fraction = options.testFraction ?? 0.2;
  testCount(fraction, 1);
  return lastPerUser(table, (n) => testCount(fraction, n));
}

export interface LeaveLastOutOptions {
  /** Ratings held out per user: a positive integer. Default 1 (leave-one-out). */
  n?: number;
}

/**
 * Per user, the last `n` ratings by (timestamp, movieId) go to test. A user with `n` ratings or fewer keeps
 * them all in train, so every test user has training history.
 */
export function leaveLastOut(table: RatingsTable, options: LeaveLastOutOptions = {}): Split {
  const n = options.n ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`n must be a positive integer, got ${n}`);
  return lastPerUser(table, (count) => (count > n ? n : 0));
}

/** Where a global time cut falls: at a time (seconds since 1970-01-01 UTC), or at a share of all ratings. */
export type TimeSplitOptions = { at: number; testFraction?: never } | { testFraction: TestFraction; at?: never };

/**
 * A global cut in time, the same for every user: either every rating at or after `at` goes to test, or the
 * latest floor(testFraction × n) ratings of the whole table (ties in time broken by userId, then movieId).
 * Users who only rated after the cut are absent from train.
 */
export function timeSplit(table: RatingsTable, options: TimeSplitOptions): Split {
  const isTest = new Uint8Array(table.length);
  if (options.at !== undefined) {
    if (!Number.isFinite(options.at)) throw new UsageError(`at must be a time in seconds, got ${options.at}`);
    for (let i = 0; i < table.length; i++) if (table.timestamp[i] >= options.at) isTest[i] = 1;
  } else {
    const nTest = testCount(options.testFraction, table.length);
    const { timestamp: t, userId: u, movieId: m } = table;
    const order = rowsSortedBy(table.length, (a, b) => t[a] - t[b] || u[a] - u[b] || m[a] - m[b] || a - b);
    for (let i = table.length - nTest; i < table.length; i++) isTest[order[i]] = 1;
  }
  return partition(table, isTest);
}

/** Sends each user's last `held(count)` ratings, by (timestamp, movieId), to test. */
function lastPerUser(table: RatingsTable, held: (count: number) => number): Split {
  const { userId: u, timestamp: t, movieId: m } = table;
  const order = rowsSortedBy(table.length, (a, b) => u[a] - u[b] || t[a] - t[b] || m[a] - m[b] || a - b);
  const isTest = new Uint8Array(table.length);
  for (let start = 0, end = 0; start < order.length; start = end) {
    while (end < order.length && u[order[end]] === u[order[start]]) end++;
    for (let i = end - held(end - start); i < end; i++) isTest[order[i]] = 1;
  }
  return partition(table, isTest);
}

function rowsSortedBy(length: number, compare: (a: number, b: number) => number): Int32Array {
  return Int32Array.from({ length }, (_, i) => i).sort(compare);
}

/**
 * floor(fraction × n), with slack against rounding (0.29 × 100 is 28.999999999999996 in floating point).
 * @throws UsageError unless 0 < fraction < 1.
 */
function testCount(fraction: number | undefined, n: number): number {
  if (fraction === undefined || !(fraction > 0 && fraction < 1)) {
    throw new UsageError(`testFraction must be strictly between 0 and 1, got ${fraction}`);
  }
  return Math.floor(fraction * n * (1 + 1e-12));
}
