/**
 * Exploration of time-aware top-N signals on mls-temporal (scratch harness; final numbers use evaluateSplit).
 *
 *   npx tsx scripts/explore-ranking.ts val|test     the signals and blends below (scratch evaluator)
 *   npx tsx scripts/explore-ranking.ts final        ease, svd-zero and ease-next through evaluateSplit
 *
 * Every signal is a per-user score over the training columns; blends are tuned on the validation split carved
 * from train by the protocol's own rule, and only then read on test.
 */
import path from 'node:path';
import { invertSpd } from '../lib/src/cholesky';
import { cleanDataset } from '../lib/src/cleaning';
import { evaluateSplit } from '../lib/src/evaluation/evaluate-split';
import { loadMovieLensDir } from '../lib/src/loading';
import { buildRatingMatrix, type RatingMatrix } from '../lib/src/matrix';
import { easeModel } from '../lib/src/models/ease';
import { easeNextModel } from '../lib/src/models/ease-next';
import { svdModel } from '../lib/src/models/svd-model';
import { topIndices } from '../lib/src/models/top-n';
import { chronologicalSplit } from '../lib/src/split';
import type { RatingsTable } from '../lib/src/types';

const DATA = process.env.MOVIELENS_DIR ?? '/work/shared/data/movielens';

interface Ctx {
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

function context(train: RatingsTable, test: RatingsTable): Ctx {
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

type Scorer = (row: number, out: Float64Array) => void;

/** NDCG, precision, recall @10 of a scorer, averaged over users with a relevant test rating. */
function evaluate(ctx: Ctx, score: Scorer): { ndcg: number; precision: number; recall: number } {
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
const relevantCount = new Map<Ctx, Float64Array>();

async function splits() {
  const ds = await loadMovieLensDir(path.join(DATA, 'ml-latest-small'), 'ml-latest-small');
  const { data } = cleanDataset(ds);
  const outer = chronologicalSplit(data.ratings, { testFraction: 0.2 });
  const inner = chronologicalSplit(outer.train, { testFraction: 0.2 });
  const make = (s: { train: RatingsTable; test: RatingsTable }) => {
    const ctx = context(s.train, s.test);
    const counts = new Float64Array(ctx.matrix.rows);
    for (let i = 0; i < s.test.length; i++) {
      if (s.test.rating[i] >= 4) counts[ctx.matrix.rowOf(s.test.userId[i])]++;
    }
    relevantCount.set(ctx, counts);
    return ctx;
  };
  return { movies: data.movies, val: make(inner), test: make(outer) };
}

// ---------------------------------------------------------------- signals

/** EASE via the existing model: its recommend gives only top lists, so refit here with the same math. */
function easeScorer(ctx: Ctx): Scorer {
  const fitted = easeModel().fit(ctx.train, { movies: [] });
  return (row, out) => {
    out.fill(Number.NEGATIVE_INFINITY);
    const list = fitted.recommend(ctx.matrix.userIds[row], { top: 400 });
    for (const { movieId, score } of list) out[ctx.matrix.colOf(movieId)] = score;
  };
}

function popularityScorer(ctx: Ctx): Scorer {
  return (_row, out) => out.set(ctx.counts);
}

/** Ratings of each movie by anyone within `window` seconds of the user's last training rating. */
function timePopScorer(ctx: Ctx, window: number, after = false): Scorer {
  const n = ctx.seqCol.length;
  const byTime = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => ctx.seqTime[a] - ctx.seqTime[b]);
  const times = Float64Array.from(byTime, (i) => ctx.seqTime[i]);
  const lower = (t: number) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (row, out) => {
    out.fill(0);
    const last = ctx.seqTime[ctx.seqStart[row + 1] - 1];
    const a = lower(after ? last : last - window);
    const b = lower(last + window);
    for (let k = a; k < b; k++) out[ctx.seqCol[byTime[k]]] += 1;
    for (let c = 0; c < out.length; c++) out[c] += ctx.counts[c] * 1e-4;
  };
}

/**
 * Transition counts: T[i][j] += decay^(gap-1) when j is rated `gap` ≤ window positions after i in some user's
 * sequence (both directions weighted by `back`). A user's score is Σ over their last `last` items, weighted by
 * recency^(distance from end), of T[item].
 */
function transitionScorer(
  ctx: Ctx,
  opt: { window: number; decay: number; back: number; last: number; recency: number; minRating: number; norm: number },
): Scorer {
  const cols = ctx.matrix.cols;
  const rowsOf: Map<number, number>[] = Array.from({ length: cols }, () => new Map());
  for (let r = 0; r < ctx.matrix.rows; r++) {
    for (let p = ctx.seqStart[r]; p < ctx.seqStart[r + 1]; p++) {
      if (ctx.seqRating[p] < opt.minRating) continue;
      for (let q = p + 1; q < Math.min(ctx.seqStart[r + 1], p + 1 + opt.window); q++) {
        const w = opt.decay ** (q - p - 1);
        const i = ctx.seqCol[p];
        const j = ctx.seqCol[q];
        const mi = rowsOf[i];
        mi.set(j, (mi.get(j) ?? 0) + w);
        if (opt.back > 0 && ctx.seqRating[q] >= opt.minRating) {
          const mj = rowsOf[j];
          mj.set(i, (mj.get(i) ?? 0) + w * opt.back);
        }
      }
    }
  }
  const idx: Int32Array[] = [];
  const val: Float64Array[] = [];
  for (let i = 0; i < cols; i++) {
    const m = rowsOf[i];
    idx.push(Int32Array.from(m.keys()));
    const v = Float64Array.from(m.values());
    // Normalise the row by its item's popularity^norm (0: raw counts, 1: conditional probability).
    const s = (ctx.counts[i] || 1) ** opt.norm;
    for (let t = 0; t < v.length; t++) v[t] /= s;
    val.push(v);
  }
  return (row, out) => {
    out.fill(0);
    const end = ctx.seqStart[row + 1];
    const start = Math.max(ctx.seqStart[row], end - opt.last);
    for (let p = end - 1, d = 0; p >= start; p--, d++) {
      if (ctx.seqRating[p] < opt.minRating) continue;
      const w = opt.recency ** d;
      const i = ctx.seqCol[p];
      const ix = idx[i];
      const v = val[i];
      for (let t = 0; t < ix.length; t++) out[ix[t]] += w * v[t];
    }
    for (let c = 0; c < cols; c++) out[c] += ctx.counts[c] * 1e-6;
  };
}

/**
 * EASE whose user row weights each watched movie by recency^(distance from the end of the history), with
 * ratings below minRating dropped; B fitted on the same binary liked matrix as ease.ts.
 */
function easeWeighted(
  ctx: Ctx,
  opt: { lambda: number; minCount: number; minRating: number; recency: number; floor: number },
): Scorer {
  const cols = ctx.matrix.cols;
  const liked = new Float64Array(cols);
  for (let p = 0; p < ctx.seqCol.length; p++) if (ctx.seqRating[p] >= opt.minRating) liked[ctx.seqCol[p]]++;
  const slot = new Int32Array(cols).fill(-1);
  const kept: number[] = [];
  for (let c = 0; c < cols; c++) if (liked[c] >= opt.minCount) slot[c] = kept.push(c) - 1;
  const n = kept.length;
  const g = new Float64Array(n * n);
  const mine = new Int32Array(n);
  for (let r = 0; r < ctx.matrix.rows; r++) {
    let k = 0;
    for (let p = ctx.seqStart[r]; p < ctx.seqStart[r + 1]; p++) {
      const s = slot[ctx.seqCol[p]];
      if (s >= 0 && ctx.seqRating[p] >= opt.minRating) mine[k++] = s;
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) g[mine[a] * n + mine[b]]++;
  }
  for (let i = 0; i < n; i++) g[i * n + i] += opt.lambda;
  const b = invertSpd(g, n);
  const d = Float64Array.from({ length: n }, (_, j) => b[j * n + j]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i * n + j] = i === j ? 0 : -b[i * n + j] / d[j];
  const sc = new Float64Array(n);
  return (row, out) => {
    sc.fill(0);
    const end = ctx.seqStart[row + 1];
    for (let p = end - 1, dist = 0; p >= ctx.seqStart[row]; p--, dist++) {
      const s = slot[ctx.seqCol[p]];
      if (s < 0 || ctx.seqRating[p] < opt.minRating) continue;
      const w = opt.floor + (1 - opt.floor) * opt.recency ** dist;
      const base = s * n;
      for (let j = 0; j < n; j++) sc[j] += w * b[base + j];
    }
    out.fill(0);
    for (let j = 0; j < n; j++) out[kept[j]] = sc[j];
  };
}

/** Max-normalised weighted sum of scorers (scores below 0 or -inf clipped to 0). */
function blend(parts: [Scorer, number][], cols: number): Scorer {
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

function fmt(x: number) {
  return x.toFixed(4);
}

/** The final numbers through the project's own evaluation: validation (inner split) and test (outer split). */
async function final() {
  const ds = await loadMovieLensDir(path.join(DATA, 'ml-latest-small'), 'ml-latest-small');
  const { data } = cleanDataset(ds);
  const outer = chronologicalSplit(data.ratings, { testFraction: 0.2 });
  const inner = chronologicalSplit(outer.train, { testFraction: 0.2 });
  for (const [name, split] of [
    ['validation', inner],
    ['test', outer],
  ] as const) {
    for (const model of [svdModel({ fill: 'zero' }), easeModel(), easeNextModel()]) {
      const m = evaluateSplit(model, split, data.movies, { k: 10, minRating: 4 });
      const cells = [m.ndcg, m.precision, m.recall].map((x) => (x ?? 0).toFixed(4)).join('  ');
      console.log(
        `${name.padEnd(11)} ${model.name.padEnd(10)} ndcg/p/r@10 ${cells}  fit ${m.fitSeconds.toFixed(2)} s  recommend ${m.recommendSeconds.toFixed(2)} s`,
      );
    }
  }
}

async function main() {
  const which = process.argv[2] ?? 'val';
  if (which === 'final') return final();
  const { val, test } = await splits();
  const ctx = which === 'test' ? test : val;
  const report = (name: string, s: Scorer) => {
    const m = evaluate(ctx, s);
    console.log(`${name.padEnd(60)} ndcg ${fmt(m.ndcg)} p ${fmt(m.precision)} r ${fmt(m.recall)}`);
  };
  const cols = ctx.matrix.cols;
  const ease = easeScorer(ctx);
  const easeW = easeWeighted(ctx, { lambda: 200, minCount: 20, minRating: 3.5, recency: 0.9, floor: 0.2 });
  const tr = transitionScorer(ctx, {
    window: 50,
    decay: 0.95,
    back: 0.5,
    last: 1000,
    recency: 0.75,
    minRating: 0,
    norm: 0.5,
  });
  const tp = timePopScorer(ctx, 180 * 86400, true);
  report('popularity', popularityScorer(ctx));
  report('ease', ease);
  report('easeW', easeW);
  report(
    'ease + 0.7 trans',
    blend(
      [
        [ease, 1],
        [tr, 0.7],
      ],
      cols,
    ),
  );
  for (const w of [0.5, 0.7, 1])
    report(
      `easeW + ${w} trans`,
      blend(
        [
          [easeW, 1],
          [tr, w],
        ],
        cols,
      ),
    );
  for (const w of [0.1, 0.2, 0.4])
    report(
      `easeW + 0.7 trans + ${w} timepop`,
      blend(
        [
          [easeW, 1],
          [tr, 0.7],
          [tp, w],
        ],
        cols,
      ),
    );
}

main();
