/**
 * The scratch harness shared by the ranking explorations (explore-ranking.ts, explore-ials.ts): the mls-temporal
 * split and a validation split carved from its train by the same rule, a fast NDCG/precision/recall@10 over
 * per-user score rows (checked against evaluateSplit), and score blending. Nothing here is in the library.
 */
import path from 'node:path';
import { cleanDataset } from '../../lib/src/cleaning';
import { loadMovieLensDir } from '../../lib/src/loading';
import { buildRatingMatrix, type RatingMatrix } from '../../lib/src/matrix';
import { type AlignmentOptions, alignmentScores } from '../../lib/src/models/alignment';
import { topIndices } from '../../lib/src/models/top-n';
import { lowerBound } from '../../lib/src/sorted';
import { chronologicalSplit } from '../../lib/src/split';
import type { RatingsTable } from '../../lib/src/types';

export const DATA = process.env.MOVIELENS_DIR ?? '/work/shared/data/movielens';

export interface Ctx {
  train: RatingsTable;
  matrix: RatingMatrix;
  /** Per row, columns in chronological order (timestamp, movieId), with their timestamps and ratings. */
  seqStart: Int32Array;
  seqCol: Int32Array;
  seqTime: Float64Array;
  seqRating: Float64Array;
  counts: Float64Array;
  /** test: per row, relevant columns. */
  relevant: Int32Array[];
}

export function context(train: RatingsTable, test: RatingsTable): Ctx {
  const matrix = buildRatingMatrix(train);
  const n = train.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) =>
      train.userId[a] - train.userId[b] ||
      train.timestamp[a] - train.timestamp[b] ||
      train.movieId[a] - train.movieId[b],
  );
  const seqStart = new Int32Array(matrix.rows + 1);
  const seqCol = new Int32Array(n);
  const seqTime = new Float64Array(n);
  const seqRating = new Float64Array(n);
  const counts = new Float64Array(matrix.cols);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const r = matrix.rowOf(train.userId[i]);
    seqStart[r + 1]++;
    seqCol[k] = matrix.colOf(train.movieId[i]);
    seqTime[k] = train.timestamp[i];
    seqRating[k] = train.rating[i];
    counts[seqCol[k]]++;
  }
  for (let r = 0; r < matrix.rows; r++) seqStart[r + 1] += seqStart[r];
  const rel: number[][] = Array.from({ length: matrix.rows }, () => []);
  for (let i = 0; i < test.length; i++) {
    if (test.rating[i] < 4) continue;
    const r = matrix.rowOf(test.userId[i]);
    const c = matrix.colOf(test.movieId[i]);
    if (r >= 0 && c >= 0) rel[r].push(c);
  }
  // Users with a relevant test rating but whose relevant movies are all outside train still count (score 0).
  const relevantUsers = new Set<number>();
  for (let i = 0; i < test.length; i++) if (test.rating[i] >= 4) relevantUsers.add(matrix.rowOf(test.userId[i]));
  const relevant = rel.map((list, r) => (relevantUsers.has(r) ? Int32Array.from(list) : new Int32Array(0)));
  for (let r = 0; r < matrix.rows; r++) if (!relevantUsers.has(r)) relevant[r] = new Int32Array([-1]);
  return { train, matrix, seqStart, seqCol, seqTime, seqRating, counts, relevant };
}

export type Scorer = (row: number, out: Float64Array) => void;

/** NDCG, precision, recall @10 of a scorer, averaged over users with a relevant test rating. */
export function evaluate(ctx: Ctx, score: Scorer): { ndcg: number; precision: number; recall: number } {
  const { matrix } = ctx;
  const out = new Float64Array(matrix.cols);
  let users = 0;
  let ndcg = 0;
  let precision = 0;
  let recall = 0;
  const rel = new Uint8Array(matrix.cols);
  for (let r = 0; r < matrix.rows; r++) {
    const relevant = ctx.relevant[r];
    if (relevant.length === 1 && relevant[0] === -1) continue;
    users++;
    // Relevant count includes relevant test movies absent from train (ideal DCG uses all of them).
    const nRel = relevantCount.get(ctx)?.[r] ?? relevant.length;
    if (relevant.length === 0) continue;
    score(r, out);
    for (let p = matrix.indptr[r]; p < matrix.indptr[r + 1]; p++) out[matrix.indices[p]] = Number.NEGATIVE_INFINITY;
    const top = topIndices(out, 10);
    for (const c of relevant) rel[c] = 1;
    let dcg = 0;
    let hits = 0;
    top.forEach((c, i) => {
      if (rel[c]) {
        hits++;
        dcg += 1 / Math.log2(i + 2);
      }
    });
    let idcg = 0;
    for (let i = 0; i < Math.min(10, nRel); i++) idcg += 1 / Math.log2(i + 2);
    for (const c of relevant) rel[c] = 0;
    ndcg += dcg / idcg;
    precision += hits / 10;
    recall += hits / nRel;
  }
  return { ndcg: ndcg / users, precision: precision / users, recall: recall / users };
}
export const relevantCount = new Map<Ctx, Float64Array>();

export async function splits() {
  const ds = await loadMovieLensDir(path.join(DATA, 'ml-latest-small'), 'ml-latest-small');
  const { data } = cleanDataset(ds);
  const outer = chronologicalSplit(data.ratings, { testFraction: 0.2 });
  const inner = chronologicalSplit(outer.train, { testFraction: 0.2 });
  return { movies: data.movies, val: makeContext(inner), test: makeContext(outer) };
}

/** The context of one split, with its per-user relevant counts registered for `evaluate`. */
export function makeContext(s: { train: RatingsTable; test: RatingsTable }): Ctx {
  const ctx = context(s.train, s.test);
  const counts = new Float64Array(ctx.matrix.rows);
  for (let i = 0; i < s.test.length; i++) {
    if (s.test.rating[i] >= 4) counts[ctx.matrix.rowOf(s.test.userId[i])]++;
  }
  relevantCount.set(ctx, counts);
  return ctx;
}

/** Max-normalised weighted sum of scorers (scores below 0 or -inf clipped to 0). */
export function blend(parts: [Scorer, number][], cols: number): Scorer {
  const tmp = new Float64Array(cols);
  return (row, out) => {
    out.fill(0);
    for (const [s, w] of parts) {
      s(row, tmp);
      let max = 0;
      for (let c = 0; c < cols; c++) if (tmp[c] > max) max = tmp[c];
      if (max <= 0) continue;
      for (let c = 0; c < cols; c++) if (tmp[c] > 0) out[c] += (w * tmp[c]) / max;
    }
  };
}

export function fmt(x: number) {
  return x.toFixed(4);
}

/**
 * Prints a scorer's NDCG, precision and recall @10 on `ctx` after its name (padded to `width`), and with `timed`
 * the seconds the scoring took.
 */
export function reporter(ctx: Ctx, width: number, timed = false): (name: string, s: Scorer) => void {
  return (name, s) => {
    const t0 = Date.now();
    const m = evaluate(ctx, s);
    const seconds = timed ? `  ${((Date.now() - t0) / 1000).toFixed(1)}s` : '';
    console.log(`${name.padEnd(width)} ndcg ${fmt(m.ndcg)} p ${fmt(m.precision)} r ${fmt(m.recall)}${seconds}`);
  };
}

/**
 * Ratings of each movie by anyone within `window` seconds of the user's last training rating (with `after`, only
 * in the `window` seconds after it), plus a tiny share of overall popularity to break ties.
 */
export function timePopScorer(ctx: Ctx, window: number, after = false): Scorer {
  const n = ctx.seqCol.length;
  const byTime = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => ctx.seqTime[a] - ctx.seqTime[b]);
  const times = Float64Array.from(byTime, (i) => ctx.seqTime[i]);
  const lower = (t: number) => lowerBound(times, t);
  return (row, out) => {
    out.fill(0);
    const last = ctx.seqTime[ctx.seqStart[row + 1] - 1];
    const a = lower(after ? last : last - window);
    const b = lower(last + window);
    for (let k = a; k < b; k++) out[ctx.seqCol[byTime[k]]] += 1;
    for (let c = 0; c < out.length; c++) out[c] += ctx.counts[c] * 1e-4;
  };
}

/** The alignment signal of lib/src/models/alignment.ts over the context's sequences, ties broken by popularity. */
export function alignScorer(ctx: Ctx, o: AlignmentOptions): Scorer {
  const seq = {
    start: ctx.seqStart,
    columns: ctx.seqCol,
    ratings: Float32Array.from(ctx.seqRating),
    times: ctx.seqTime,
  };
  const query = new Float64Array(ctx.matrix.cols);
  return (row, out) => {
    alignmentScores(seq, row, out, query, o);
    for (let c = 0; c < out.length; c++) out[c] += ctx.counts[c] * 1e-9;
  };
}
