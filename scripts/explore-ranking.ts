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
import { easeModel } from '../lib/src/models/ease';
import { easeNextModel } from '../lib/src/models/ease-next';
import { svdModel } from '../lib/src/models/svd-model';
import { chronologicalSplit } from '../lib/src/split';
import { blend, type Ctx, DATA, reporter, type Scorer, splits, timePopScorer } from './explore/harness';

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
  const report = reporter(ctx, 60);
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
