/**
 * Exploration of sequence-aware signals on mls-temporal (scratch harness, see explore/harness.ts). Target was
 * test NDCG@10 ≥ 0.1565 (1.5 × svd-zero's 0.1043); NOT reached by these blends, so none went into lib/ as a
 * model. The alignment signal did, later, as one input of ease-rerank's learned ranker (explore-rerank.ts).
 *
 *   GRID=base|a,b,c,d|time|align|gate|gate2|walk [GATE_SECONDS=3600] npx tsx scripts/explore-sequence.ts val|test
 *
 * NDCG@10 (scratch evaluator, 2026-12-04), validation → test; blends are per-user max-normalised sums:
 *   ease-next                                              0.1528 → 0.1413   (P@10 .1009/.1047, R@10 .1464/.1180)
 *   session kNN (recent 30, k 100, what follows matches)   0.1178–0.1315 alone; + ease-next at 0.3: ≤ 0.1548 val
 *   ease-next + 0.3 sknn + 0.2 after-time popularity 180d  0.1582 → 0.1414   (val gain does not transfer)
 *   random walk on transitions, 2–3 steps                  0.1273 alone (slow: 6–15 s), dropped
 *   local alignment ("align": other users' windows of 5 that contain the user's recent items, alpha 3, score the
 *     next 10 positions) alone                             0.1294 → 0.1129
 *   ease-next + 0.3 align                                  0.1595 → 0.1414
 *   ease-next + share·align, share = fraction of the user's training ratings within 1 day of their last one
 *     (near 1: a single ongoing session, so the next ratings likely continue it) w = 1           0.1643 → 0.1446
 *   best on validation: recency-EASE + 0.7 transitions + 1.5·share(1 h)·align                   0.1669 → 0.1467
 *     (P@10 0.1039 → 0.1022, R@10 0.1609 → 0.1222); 1.41 × svd-zero on test, target 1.5 ×.
 * Why test lags: on the validation split 59% of held-out ratings come within an hour of the user's last training
 * rating, on the test split only 49% (56% within a day); sequence signals only help same-session continuations.
 */
import { easeNextModel } from '../lib/src/models/ease-next';
import { transitionWeights, userSequences } from '../lib/src/models/transitions';
import { alignScorer, blend, type Ctx, reporter, type Scorer, splits, timePopScorer } from './explore/harness';

/** ease-next through its own recommend (top 500 scores, rest -inf). */
function easeNextScorer(ctx: Ctx, options = {}): Scorer {
  const fitted = easeNextModel(options).fit(ctx.train, { movies: [] });
  return (row, out) => {
    out.fill(0);
    const list = fitted.recommend(ctx.matrix.userIds[row], { top: 500 });
    // Scores by rank so the blend sees a positive, max-normalisable signal.
    for (const { movieId, score } of list) out[ctx.matrix.colOf(movieId)] = score;
  };
}

interface SknnOpt {
  last: number; // how many recent items of the user form the query
  recency: number; // query weight per position from the end
  neighbours: number; // top-K neighbours by similarity
  alpha: number; // sim exponent
  window: number; // positions after a matched item that count
  decay: number; // per-position decay after the match
  back: number; // weight of positions before the match
  lenNorm: number; // divide sim by (neighbour length)^lenNorm
  tailOnly: boolean; // only the neighbour's items after its last match
}

/** Session kNN: neighbours whose sequences contain the user's recent items; score what follows the matches. */
function sknnScorer(ctx: Ctx, o: SknnOpt): Scorer {
  const rows = ctx.matrix.rows;
  const cols = ctx.matrix.cols;
  const q = new Float64Array(cols);
  const sim = new Float64Array(rows);
  const contrib = new Float64Array(cols);
  return (row, out) => {
    out.fill(0);
    q.fill(0);
    const end = ctx.seqStart[row + 1];
    const start = Math.max(ctx.seqStart[row], end - o.last);
    for (let p = end - 1, d = 0; p >= start; p--, d++) q[ctx.seqCol[p]] += o.recency ** d;
    for (let v = 0; v < rows; v++) {
      sim[v] = 0;
      if (v === row) continue;
      let s = 0;
      for (let p = ctx.seqStart[v]; p < ctx.seqStart[v + 1]; p++) s += q[ctx.seqCol[p]];
      sim[v] = s / (ctx.seqStart[v + 1] - ctx.seqStart[v]) ** o.lenNorm;
    }
    const order = Int32Array.from({ length: rows }, (_, i) => i).sort((a, b) => sim[b] - sim[a]);
    for (let k = 0; k < Math.min(o.neighbours, rows); k++) {
      const v = order[k];
      if (sim[v] <= 0) break;
      const sv = sim[v] ** o.alpha;
      const a = ctx.seqStart[v];
      const b = ctx.seqStart[v + 1];
      contrib.fill(0, 0, 0);
      if (o.tailOnly) {
        let lastMatch = -1;
        for (let p = a; p < b; p++) if (q[ctx.seqCol[p]] > 0) lastMatch = p;
        for (let p = lastMatch + 1, g = 0; p < b && g < o.window; p++, g++) out[ctx.seqCol[p]] += sv * o.decay ** g;
        continue;
      }
      for (let p = a; p < b; p++) {
        const w = q[ctx.seqCol[p]];
        if (w <= 0) continue;
        for (let t = p + 1; t < b && t - p <= o.window; t++) out[ctx.seqCol[t]] += sv * w * o.decay ** (t - p - 1);
        if (o.back > 0)
          for (let t = p - 1; t >= a && p - t <= o.window; t--)
            out[ctx.seqCol[t]] += sv * o.back * w * o.decay ** (p - t - 1);
      }
    }
    for (let c = 0; c < cols; c++) out[c] += ctx.counts[c] * 1e-9;
  };
}

/** Random walk on the transition graph from the user's recent items: Σ_k beta^k (s0 P^k), k = 1..steps. */
function walkScorer(ctx: Ctx, o: { steps: number; beta: number; recency: number; last: number }): Scorer {
  const seq = userSequences(ctx.train, ctx.matrix);
  const t = transitionWeights(seq, ctx.matrix.cols, {});
  const cols = ctx.matrix.cols;
  // Row-normalise so a step is a probability.
  const vals = Float64Array.from(t.values);
  for (let i = 0; i < cols; i++) {
    let s = 0;
    for (let k = t.indptr[i]; k < t.indptr[i + 1]; k++) s += vals[k];
    if (s > 0) for (let k = t.indptr[i]; k < t.indptr[i + 1]; k++) vals[k] /= s;
  }
  const cur = new Float64Array(cols);
  const nxt = new Float64Array(cols);
  return (row, out) => {
    out.fill(0);
    cur.fill(0);
    const end = ctx.seqStart[row + 1];
    const start = Math.max(ctx.seqStart[row], end - o.last);
    for (let p = end - 1, d = 0; p >= start; p--, d++) cur[ctx.seqCol[p]] += o.recency ** d;
    let f = 1;
    for (let s = 0; s < o.steps; s++) {
      nxt.fill(0);
      for (let i = 0; i < cols; i++) {
        const x = cur[i];
        if (x < 1e-9) continue;
        for (let k = t.indptr[i]; k < t.indptr[i + 1]; k++) nxt[t.indices[k]] += x * vals[k];
      }
      f *= o.beta;
      for (let c = 0; c < cols; c++) out[c] += f * nxt[c];
      cur.set(nxt);
    }
    for (let c = 0; c < cols; c++) out[c] += ctx.counts[c] * 1e-9;
  };
}

const GATE_SECONDS = Number(process.env.GATE_SECONDS ?? 86400);

async function main() {
  const which = process.argv[2] ?? 'val';
  const { val, test } = await splits();
  const ctx = which === 'test' ? test : val;
  const cols = ctx.matrix.cols;
  const report = reporter(ctx, 70, true);
  const en = easeNextScorer(ctx);
  report('ease-next', en);
  /** The signal alone, then ease-next plus w × the signal for each weight. */
  const reportWithEaseNext = (name: string, s: Scorer, weights: readonly number[]) => {
    report(name, s);
    for (const w of weights)
      report(
        `  ease-next + ${w} ${name}`,
        blend(
          [
            [en, 1],
            [s, w],
          ],
          cols,
        ),
      );
  };
  const base: SknnOpt = {
    last: 30,
    recency: 0.9,
    neighbours: 100,
    alpha: 1,
    window: 20,
    decay: 0.9,
    back: 0.3,
    lenNorm: 0.5,
    tailOnly: false,
  };
  const grid = (process.env.GRID ?? 'base').split(',');
  const variants: [string, Partial<SknnOpt>][] = [];
  if (grid.includes('base')) variants.push(['base', {}]);
  if (grid.includes('a'))
    for (const last of [10, 20, 50])
      for (const neighbours of [50, 200]) variants.push([`last ${last} k ${neighbours}`, { last, neighbours }]);
  if (grid.includes('b'))
    for (const alpha of [0, 2])
      for (const lenNorm of [0, 1]) variants.push([`alpha ${alpha} lenNorm ${lenNorm}`, { alpha, lenNorm }]);
  if (grid.includes('c'))
    for (const window of [10, 50])
      for (const decay of [0.8, 0.97]) variants.push([`win ${window} decay ${decay}`, { window, decay }]);
  if (grid.includes('d'))
    variants.push(['tail', { tailOnly: true, window: 30 }], ['back 0', { back: 0 }], ['back 1', { back: 1 }]);
  for (const [name, v] of variants)
    reportWithEaseNext(`sknn ${name}`, sknnScorer(ctx, { ...base, ...v }), [0.3, 0.6, 1]);
  if (grid.includes('time')) {
    const sk = sknnScorer(ctx, { ...base, alpha: 2, lenNorm: 0, window: 50, decay: 0.97 });
    report('sknn best-guess', sk);
    for (const days of [30, 180, 730]) {
      const tp = timePopScorer(ctx, days * 86400, true);
      report(`timepop after ${days}d`, tp);
      for (const w of [0.1, 0.2, 0.4]) {
        report(
          `  ease-next + ${w} timepop ${days}d`,
          blend(
            [
              [en, 1],
              [tp, w],
            ],
            cols,
          ),
        );
        report(
          `  ease-next + 0.3 sknn + ${w} timepop ${days}d`,
          blend(
            [
              [en, 1],
              [sk, 0.3],
              [tp, w],
            ],
            cols,
          ),
        );
      }
    }
  }
  if (grid.includes('align')) {
    const ab = { last: 30, recency: 0.9, match: 5, ahead: 10, decay: 0.9, alpha: 2 };
    const vs: [string, Partial<typeof ab>][] = [
      ['base', {}],
      ['alpha 1', { alpha: 1 }],
      ['alpha 3', { alpha: 3 }],
      ['match 2', { match: 2 }],
      ['match 10', { match: 10 }],
      ['ahead 30 decay 0.95', { ahead: 30, decay: 0.95 }],
      ['last 10', { last: 10 }],
      ['recency 0.7', { recency: 0.7 }],
    ];
    for (const [name, v] of vs) reportWithEaseNext(`align ${name}`, alignScorer(ctx, { ...ab, ...v }), [0.3, 0.6, 1]);
  }
  if (grid.includes('gate')) {
    // Share of the user's training ratings within a day of their last one: near 1 means one long session so far.
    const share = new Float64Array(ctx.matrix.rows);
    for (let r = 0; r < ctx.matrix.rows; r++) {
      const a = ctx.seqStart[r];
      const b = ctx.seqStart[r + 1];
      let k = 0;
      for (let p = a; p < b; p++) if (ctx.seqTime[b - 1] - ctx.seqTime[p] < 86400) k++;
      share[r] = k / (b - a);
    }
    const al = alignScorer(ctx, { last: 30, recency: 0.9, match: 5, ahead: 10, decay: 0.9, alpha: 3 });
    const tmp = new Float64Array(cols);
    for (const gamma of [0, 1, 2])
      for (const w of [0.3, 0.6, 1]) {
        const b = blend([[en, 1]], cols);
        report(`  ease-next + ${w} share^${gamma} align`, (row, out) => {
          b(row, out);
          al(row, tmp);
          let max = 0;
          for (let c = 0; c < cols; c++) if (tmp[c] > max) max = tmp[c];
          const ww = (w * share[row] ** gamma) / (max || 1);
          for (let c = 0; c < cols; c++) out[c] += ww * tmp[c];
        });
      }
  }
  if (grid.includes('gate2')) {
    const share = new Float64Array(ctx.matrix.rows);
    for (let r = 0; r < ctx.matrix.rows; r++) {
      const a = ctx.seqStart[r];
      const b = ctx.seqStart[r + 1];
      let k = 0;
      for (let p = a; p < b; p++) if (ctx.seqTime[b - 1] - ctx.seqTime[p] < GATE_SECONDS) k++;
      share[r] = k / (b - a);
    }
    const E = easeNextScorer(ctx, { transitionWeight: 0 });
    const T = easeNextScorer(ctx, { transitionWeight: 1e4 });
    const A = alignScorer(ctx, { last: 30, recency: 0.9, match: 5, ahead: 10, decay: 0.9, alpha: 3 });
    const P = timePopScorer(ctx, 730 * 86400, true);
    const parts = [E, T, A, P];
    const tmp = new Float64Array(cols);
    const gated =
      (fixed: number[], gate: number[]): Scorer =>
      (row, out) => {
        out.fill(0);
        parts.forEach((s, k) => {
          const w = fixed[k] + gate[k] * share[row];
          if (w === 0) return;
          s(row, tmp);
          let max = 0;
          for (let c = 0; c < cols; c++) if (tmp[c] > max) max = tmp[c];
          if (max <= 0) return;
          for (let c = 0; c < cols; c++) if (tmp[c] > 0) out[c] += (w * tmp[c]) / max;
        });
      };
    const configs: [number[], number[]][] = [
      [
        [1, 0.7, 0, 0],
        [0, 0, 0, 0],
      ],
      [
        [1, 0.7, 0, 0],
        [0, 0, 1, 0],
      ],
      [
        [1, 0.3, 0, 0],
        [0, 0.6, 1, 0],
      ],
      [
        [1, 0, 0, 0],
        [0, 1, 1, 0],
      ],
      [
        [1, 0, 0, 0],
        [0, 1.5, 1.5, 0],
      ],
      [
        [1, 0.3, 0, 0],
        [0, 1, 1, 0],
      ],
      [
        [1, 0.3, 0, 0],
        [0, 1, 1.5, 0],
      ],
      [
        [1, 0.7, 0, 0],
        [0, 0, 1.5, 0],
      ],
      [
        [1, 0.7, 0, 0],
        [0, 0, 2, 0],
      ],
      [
        [1, 0.7, 0, 0.1],
        [0, 0, 1, 0],
      ],
      [
        [1, 0.7, 0, 0.2],
        [0, 0, 1, -0.2],
      ],
      [
        [1, 0.7, 0, 0.3],
        [0, 0, 1, -0.3],
      ],
      [
        [0.7, 0.7, 0, 0],
        [0.3, 0, 1, 0],
      ],
      [
        [1, 0.7, 0, 0],
        [-0.5, 0, 1, 0],
      ],
    ];
    for (const [f, g] of configs) report(`  fixed ${f.join('/')} gate ${g.join('/')}`, gated(f, g));
  }
  if (grid.includes('walk')) {
    for (const steps of [2, 3]) {
      const s = walkScorer(ctx, { steps, beta: 0.5, recency: 0.75, last: 30 });
      report(`walk steps ${steps}`, s);
      for (const w of [0.3, 0.6])
        report(
          `  ease-next + ${w} walk ${steps}`,
          blend(
            [
              [en, 1],
              [s, w],
            ],
            cols,
          ),
        );
    }
  }
}

main();
