import { UsageError } from '../errors';
import type { RatingMatrix } from '../matrix';
import type { RatingsTable } from '../types';

/**
 * "Rated next to each other": MovieLens users rate in sessions, often through the same pages in the same
 * order, so the movies other users rated right after (and just before) a movie are good guesses for what a
 * user who just rated it will rate next. This module turns each user's history into a sequence and counts,
 * for every pair of movies, how often and how closely they follow each other in those sequences.
 */

/** Every user's training ratings in time order: row r's columns are `columns[start[r] .. start[r + 1])`. */
export interface UserSequences {
  /** Length rows + 1. */
  start: Int32Array;
  /** Movie columns, each user's sorted by (timestamp, movieId), the evaluation protocol's order. */
  columns: Int32Array;
  /** Stars of the same ratings (0.5–5). */
  ratings: Float32Array;
  /** Their timestamps, in seconds. */
  times: Float64Array;
}

/** The ratings of `train` grouped by the rows of `matrix` (built from the same table) and sorted in time. */
export function userSequences(train: RatingsTable, matrix: RatingMatrix): UserSequences {
  const { userId, timestamp, movieId } = train;
  const order = Int32Array.from({ length: train.length }, (_, i) => i).sort(
    (a, b) => userId[a] - userId[b] || timestamp[a] - timestamp[b] || movieId[a] - movieId[b],
  );
  const start = new Int32Array(matrix.rows + 1);
  const columns = new Int32Array(train.length);
  const ratings = new Float32Array(train.length);
  const times = new Float64Array(train.length);
  order.forEach((i, k) => {
    start[matrix.rowOf(userId[i]) + 1]++;
    columns[k] = matrix.colOf(movieId[i]);
    ratings[k] = train.rating[i];
    times[k] = timestamp[i];
  });
  for (let r = 0; r < matrix.rows; r++) start[r + 1] += start[r];
  return { start, columns, ratings, times };
}

export interface TransitionOptions {
  /** How many positions ahead a rating still counts as "next" (a whole number ≥ 1). Default 50. */
  window?: number;
  /** Weight lost per extra position of distance, in (0, 1]: a gap of g positions weighs decay^(g-1). Default 0.95. */
  decay?: number;
  /** Weight of "rated just before" relative to "rated just after", in [0, 1]. Default 0.5. */
  backward?: number;
  /**
   * Row i is divided by (ratings of i)^power, in [0, 1]: 0 keeps raw counts (popular movies dominate), 1 gives
   * "what follows i, per rating of i". Default 0.5, between the two.
   */
  power?: number;
}

/** Sparse movie × movie transition weights in CSR form over the training columns. */
export interface Transitions {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/**
 * T[i][j] = Σ over users, over i at position p and j at position q with 0 < q - p ≤ window, of decay^(q-p-1)
 * (and `backward` times that when j comes before i), divided by count_i^power. Built movie by movie with one
 * dense accumulator, so the cost is about ratings × 2 · window steps and nothing is hashed.
 */
export function transitionWeights(seq: UserSequences, cols: number, options: TransitionOptions = {}): Transitions {
  const { window = 50, decay = 0.95, backward = 0.5, power = 0.5 } = options;
  if (!Number.isInteger(window) || window < 1) throw new UsageError(`window must be a whole number ≥ 1, got ${window}`);
  if (!(decay > 0 && decay <= 1)) throw new UsageError(`decay must be in (0, 1], got ${decay}`);
  if (!(backward >= 0 && backward <= 1)) throw new UsageError(`backward must be in [0, 1], got ${backward}`);
  if (!(power >= 0 && power <= 1)) throw new UsageError(`power must be in [0, 1], got ${power}`);
  const n = seq.columns.length;
  // Positions of each column in the sequences, and the row owning each position.
  const owner = new Int32Array(n);
  for (let r = 0; r + 1 < seq.start.length; r++) owner.fill(r, seq.start[r], seq.start[r + 1]);
  const positionsStart = new Int32Array(cols + 1);
  for (const c of seq.columns) positionsStart[c + 1]++;
  for (let c = 0; c < cols; c++) positionsStart[c + 1] += positionsStart[c];
  const positions = new Int32Array(n);
  const fill = positionsStart.slice(0, cols);
  for (let p = 0; p < n; p++) positions[fill[seq.columns[p]]++] = p;

  const gapWeight = Float64Array.from({ length: window }, (_, g) => decay ** g);
  const acc = new Float64Array(cols);
  const touched = new Int32Array(cols);
  const indptr = new Int32Array(cols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < cols; i++) {
    let count = 0;
    const add = (j: number, w: number) => {
      if (acc[j] === 0) touched[count++] = j;
      acc[j] += w;
    };
    for (let t = positionsStart[i]; t < positionsStart[i + 1]; t++) {
      const p = positions[t];
      const first = seq.start[owner[p]];
      const end = seq.start[owner[p] + 1];
      for (let q = p + 1; q < end && q - p <= window; q++) add(seq.columns[q], gapWeight[q - p - 1]);
      if (backward > 0)
        for (let q = p - 1; q >= first && p - q <= window; q--) add(seq.columns[q], backward * gapWeight[p - q - 1]);
    }
    const scale = (positionsStart[i + 1] - positionsStart[i]) ** power;
    const mine = touched.subarray(0, count).sort();
    for (const j of mine) {
      indices.push(j);
      values.push(acc[j] / scale);
      acc[j] = 0;
    }
    indptr[i + 1] = indices.length;
  }
  return { indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}
