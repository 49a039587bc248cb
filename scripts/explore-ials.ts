/**
 * Do implicit factor models (iALS, BPR) add to ease-next on mls-temporal? A scratch copy of the
 * explore-ranking.ts harness (same validation split, same scratch NDCG@10); nothing here is in the library.
 *
 *   npx tsx scripts/explore-ials.ts val|test base|blend|bpr|bpr-blend|recent-blend '<JSON list of option overrides>' '[blend weights]'
 *
 * Blends add w × (model score / user's max) to ease-next's score. Findings (validation NDCG@10 unless noted;
 * ease-next 0.1528 val / 0.1413 test, svd-zero 0.1035 / 0.1043, EASE 0.1359 / 0.1237):
 *
 * iALS (Hu-Koren-Volinsky confidence, conjugate-gradient solves, 3 CG steps, 8 epochs, seed 1), alone:
 *   64 factors, λ 1, α 10, every rating binary ........................... 0.0832 (3.5 s fit)
 *   32 factors, same ...................................................... 0.0837;  α 2: 0.0966;  α 40: 0.0633
 *   128 factors, λ 5 ...................................................... 0.0770 (13.7 s)
 *   32 f, λ 20 ............................................................ 0.0896
 *   32 f, confidence 1 + α·(0.2 + 0.8·0.95^d), α 20 ........................ 0.0912
 *   32 f, only ratings ≥ 3.5 (α 10) ....................................... 0.1117;  ≥ 4, α 2: 0.1241
 *   32 f, ≥ 3.5, α 2 / α 1 λ 3 / recency-confidence α 4 ................... 0.1195 / 0.1229 / 0.1236
 *   32 f, ≥ 3.5, recency 0.99 floor 0.2, α 3 λ 10 .......................... 0.1248 (best alone, < EASE)
 *   16 / 24 / 64 factors, 15 epochs, λ 0.3: all 0.111–0.122
 *   eALS-style popularity-weighted missing entries (power 0.5, scale 4 / 1) 0.0960 / 0.0859
 * ease-next + w·iALS (w = 0.2 best everywhere; 0.4–0.7 at or below ease-next):
 *   32 f, ≥ 3.5, recency-conf α 4 ......................................... 0.1547
 *   32 f, ≥ 3.5, recency 0.97 floor 0.1 α 10 ............................... 0.1551
 *   48 f, ≥ 3.5, recency 0.99 floor 0.2 α 6 λ 3 (seed 1 / 2 / 3) ........... 0.1558 / 0.1541 / 0.1541
 *   -> chosen on validation, read once on test: 0.1420 (ease-next 0.1413): within noise, ratio 1.36 to svd-zero.
 * iALS item factors with a session fold-in (user = Σ 0.8^d · y of d-th latest movie): alone 0.1205, blended
 *   at 0.2: 0.1509 (below ease-next).
 * BPR-MF (seeded SGD, item bias, uniform negatives, ratings ≥ 3.5), alone: 32 f 30 epochs 0.0894; recency-
 *   weighted positives 0.0868; 60 epochs lr 0.03 0.0916; 64 f 100 epochs reg 0.02 0.1060 (3.8 s). Blended at
 *   0.1 / 0.2: 0.1522–0.1543, no better than iALS.
 * Verdict: neither adds more than ~0.003 on validation (about seed-to-seed spread), so no library model.
 */
import path from 'node:path';
import { cleanDataset } from '../lib/src/cleaning';
import { loadMovieLensDir } from '../lib/src/loading';
import { buildRatingMatrix, type RatingMatrix } from '../lib/src/matrix';
import { easeNextModel } from '../lib/src/models/ease-next';
import { topIndices } from '../lib/src/models/top-n';
import { createRng, normalSampler } from '../lib/src/random';
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

interface IalsOpt {
  factors: number;
  lambda: number;
  alpha: number;
  epochs: number;
  cgSteps: number;
  /** 'binary': c = 1 + alpha; 'rating': c = 1 + alpha·r/5; 'recency': c = 1 + alpha·(floor + (1-floor)·rec^d). */
  conf: 'binary' | 'rating' | 'recency';
  minRating: number;
  recency: number;
  floor: number;
  seed: number;
  /** Weight of a missing entry for item j: (count_j / max count)^missingPower · missingScale (eALS); 0 power = uniform 1. */
  missingPower: number;
  missingScale: number;
}

/** Implicit ALS (Hu, Koren, Volinsky 2008) with conjugate-gradient solves (Takács et al. 2011). */
function ialsFactors(ctx: Ctx, o: IalsOpt) {
  const rows = ctx.matrix.rows;
  const cols = ctx.matrix.cols;
  const k = o.factors;
  // user-major observed (col, conf-1)
  const uStart = new Int32Array(rows + 1);
  const uCol: number[] = [];
  const uW: number[] = [];
  for (let r = 0; r < rows; r++) {
    const end = ctx.seqStart[r + 1];
    for (let p = end - 1, d = 0; p >= ctx.seqStart[r]; p--, d++) {
      if (ctx.seqRating[p] < o.minRating) continue;
      const w =
        o.conf === 'binary' ? 1 : o.conf === 'rating' ? ctx.seqRating[p] / 5 : o.floor + (1 - o.floor) * o.recency ** d;
      uCol.push(ctx.seqCol[p]);
      uW.push(o.alpha * w);
    }
    uStart[r + 1] = uCol.length;
  }
  const nnz = uCol.length;
  const iStart = new Int32Array(cols + 1);
  for (const c of uCol) iStart[c + 1]++;
  for (let c = 0; c < cols; c++) iStart[c + 1] += iStart[c];
  const fill = iStart.slice(0, cols);
  const iRow = new Int32Array(nnz);
  const iW = new Float64Array(nnz);
  for (let r = 0; r < rows; r++)
    for (let p = uStart[r]; p < uStart[r + 1]; p++) {
      const q = fill[uCol[p]]++;
      iRow[q] = r;
      iW[q] = uW[p];
    }
  const miss = new Float64Array(cols);
  let maxc = 0;
  for (let c = 0; c < cols; c++) maxc = Math.max(maxc, iStart[c + 1] - iStart[c]);
  for (let c = 0; c < cols; c++)
    miss[c] = o.missingPower === 0 ? 1 : o.missingScale * ((iStart[c + 1] - iStart[c]) / maxc) ** o.missingPower;
  const uColA = Int32Array.from(uCol);
  const uWA = Float64Array.from(uW);
  const rng = createRng(o.seed);
  const normal = normalSampler(rng);
  const X = Float64Array.from({ length: rows * k }, () => normal() * 0.01);
  const Y = Float64Array.from({ length: cols * k }, () => normal() * 0.01);
  const G = new Float64Array(k * k);
  const rv = new Float64Array(k);
  const pv = new Float64Array(k);
  const ap = new Float64Array(k);
  const step = (
    F: Float64Array,
    n: number,
    O: Float64Array,
    start: Int32Array,
    idx: Int32Array,
    w: Float64Array,
    rowMiss: Float64Array | null,
    colMiss: Float64Array | null,
  ) => {
    // G = OᵀO + λI
    G.fill(0);
    const m = O.length / k;
    for (let j = 0; j < m; j++) {
      const b = j * k;
      const mj = colMiss ? colMiss[j] : 1;
      for (let a = 0; a < k; a++) {
        const oa = O[b + a] * mj;
        if (oa === 0) continue;
        for (let c = 0; c < k; c++) G[a * k + c] += oa * O[b + c];
      }
    }
    const mul = (u: number, v: Float64Array, out: Float64Array) => {
      const mu = rowMiss ? rowMiss[u] : 1;
      for (let a = 0; a < k; a++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += G[a * k + c] * v[c];
        out[a] = mu * s + o.lambda * v[a];
      }
      for (let p = start[u]; p < start[u + 1]; p++) {
        const b = idx[p] * k;
        let dot = 0;
        for (let a = 0; a < k; a++) dot += O[b + a] * v[a];
        dot *= w[p];
        for (let a = 0; a < k; a++) out[a] += dot * O[b + a];
      }
    };
    const x = new Float64Array(k);
    for (let u = 0; u < n; u++) {
      const fb = u * k;
      for (let a = 0; a < k; a++) x[a] = F[fb + a];
      mul(u, x, ap);
      // r = b - A x, b = Σ (1 + w) o
      for (let a = 0; a < k; a++) rv[a] = -ap[a];
      for (let p = start[u]; p < start[u + 1]; p++) {
        const b = idx[p] * k;
        const c = (rowMiss ? rowMiss[u] : colMiss ? colMiss[idx[p]] : 1) + w[p];
        for (let a = 0; a < k; a++) rv[a] += c * O[b + a];
      }
      pv.set(rv);
      let rs = 0;
      for (let a = 0; a < k; a++) rs += rv[a] * rv[a];
      for (let it = 0; it < o.cgSteps && rs > 1e-20; it++) {
        mul(u, pv, ap);
        let pap = 0;
        for (let a = 0; a < k; a++) pap += pv[a] * ap[a];
        const al = rs / pap;
        let rs2 = 0;
        for (let a = 0; a < k; a++) {
          x[a] += al * pv[a];
          rv[a] -= al * ap[a];
          rs2 += rv[a] * rv[a];
        }
        const beta = rs2 / rs;
        rs = rs2;
        for (let a = 0; a < k; a++) pv[a] = rv[a] + beta * pv[a];
      }
      for (let a = 0; a < k; a++) F[fb + a] = x[a];
    }
  };
  for (let e = 0; e < o.epochs; e++) {
    step(X, rows, Y, uStart, uColA, uWA, null, miss);
    step(Y, cols, X, iStart, iRow, iW, miss, null);
  }
  return { X, Y, k };
}

function ialsScorer(ctx: Ctx, o: IalsOpt): Scorer {
  const { X, Y, k } = ialsFactors(ctx, o);
  const cols = ctx.matrix.cols;
  return (row, out) => {
    const xb = row * k;
    for (let c = 0; c < cols; c++) {
      let s = 0;
      const b = c * k;
      for (let a = 0; a < k; a++) s += X[xb + a] * Y[b + a];
      out[c] = s;
    }
  };
}

/** Item embeddings only: the user vector is Σ_d recency^d · y(d-th latest movie), a session-style fold-in. */
function ialsRecentScorer(ctx: Ctx, o: IalsOpt, recency: number): Scorer {
  const { Y, k } = ialsFactors(ctx, o);
  const cols = ctx.matrix.cols;
  const x = new Float64Array(k);
  return (row, out) => {
    x.fill(0);
    const end = ctx.seqStart[row + 1];
    for (let p = end - 1, d = 0; p >= ctx.seqStart[row]; p--, d++) {
      const w = recency ** d;
      if (w < 1e-4) break;
      const b = ctx.seqCol[p] * k;
      for (let a = 0; a < k; a++) x[a] += w * Y[b + a];
    }
    for (let c = 0; c < cols; c++) {
      let s = 0;
      const b = c * k;
      for (let a = 0; a < k; a++) s += x[a] * Y[b + a];
      out[c] = s;
    }
  };
}

function easeNextScorer(ctx: Ctx): Scorer {
  const fitted = easeNextModel().fit(ctx.train, { movies: [] });
  return (row, out) => {
    out.fill(0);
    const list = fitted.recommend(ctx.matrix.userIds[row], { top: 300 });
    for (const { movieId, score } of list) out[ctx.matrix.colOf(movieId)] = score;
  };
}

const BASE: IalsOpt = {
  factors: 64,
  lambda: 1,
  alpha: 10,
  epochs: 8,
  cgSteps: 3,
  conf: 'binary',
  minRating: 0,
  recency: 0.95,
  floor: 0.2,
  seed: 1,
  missingPower: 0,
  missingScale: 1,
};

interface BprOpt {
  factors: number;
  lr: number;
  reg: number;
  epochs: number;
  minRating: number;
  /** Positive (user, movie) pairs are drawn with probability ∝ recency^d (d: distance from the user's last). */
  recency: number;
  seed: number;
}

/** BPR-MF (Rendle et al. 2009), seeded SGD, item bias; negatives uniform over training movies. */
function bprScorer(ctx: Ctx, o: BprOpt): Scorer {
  const rows = ctx.matrix.rows;
  const cols = ctx.matrix.cols;
  const k = o.factors;
  const pu: number[] = [];
  const pi: number[] = [];
  const pw: number[] = [];
  for (let r = 0; r < rows; r++) {
    const end = ctx.seqStart[r + 1];
    for (let p = end - 1, d = 0; p >= ctx.seqStart[r]; p--, d++) {
      if (ctx.seqRating[p] < o.minRating) continue;
      pu.push(r);
      pi.push(ctx.seqCol[p]);
      pw.push(o.recency ** d);
    }
  }
  const n = pu.length;
  const cum = new Float64Array(n);
  let acc = 0;
  for (let t = 0; t < n; t++) cum[t] = acc += pw[t];
  const rng = createRng(o.seed);
  const normal = normalSampler(rng);
  const X = Float64Array.from({ length: rows * k }, () => normal() * 0.1);
  const Y = Float64Array.from({ length: cols * k }, () => normal() * 0.1);
  const bias = new Float64Array(cols);
  const seen = new Set<number>();
  for (let r = 0; r < rows; r++)
    for (let p = ctx.matrix.indptr[r]; p < ctx.matrix.indptr[r + 1]; p++) seen.add(r * cols + ctx.matrix.indices[p]);
  const pick = () => {
    const x = rng() * acc;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cum[m] < x) lo = m + 1;
      else hi = m;
    }
    return lo;
  };
  for (let e = 0; e < o.epochs; e++) {
    for (let s = 0; s < n; s++) {
      const t = pick();
      const u = pu[t];
      const i = pi[t];
      let j = Math.floor(rng() * cols);
      while (seen.has(u * cols + j)) j = Math.floor(rng() * cols);
      const ub = u * k;
      const ib = i * k;
      const jb = j * k;
      let x = bias[i] - bias[j];
      for (let a = 0; a < k; a++) x += X[ub + a] * (Y[ib + a] - Y[jb + a]);
      const g = 1 / (1 + Math.exp(x));
      bias[i] += o.lr * (g - o.reg * bias[i]);
      bias[j] += o.lr * (-g - o.reg * bias[j]);
      for (let a = 0; a < k; a++) {
        const xu = X[ub + a];
        const yi = Y[ib + a];
        const yj = Y[jb + a];
        X[ub + a] += o.lr * (g * (yi - yj) - o.reg * xu);
        Y[ib + a] += o.lr * (g * xu - o.reg * yi);
        Y[jb + a] += o.lr * (-g * xu - o.reg * yj);
      }
    }
  }
  return (row, out) => {
    const xb = row * k;
    for (let c = 0; c < cols; c++) {
      let s = bias[c];
      const b = c * k;
      for (let a = 0; a < k; a++) s += X[xb + a] * Y[b + a];
      out[c] = s;
    }
  };
}

const BPR: BprOpt = { factors: 32, lr: 0.05, reg: 0.01, epochs: 30, minRating: 3.5, recency: 1, seed: 1 };

async function main() {
  const which = process.argv[2] ?? 'val';
  const grid = process.argv[3] ?? 'base';
  const { val, test } = await splits();
  const ctx = which === 'test' ? test : val;
  const report = (name: string, s: Scorer) => {
    const m = evaluate(ctx, s);
    console.log(`${name.padEnd(70)} ndcg ${fmt(m.ndcg)} p ${fmt(m.precision)} r ${fmt(m.recall)}`);
  };
  const cols = ctx.matrix.cols;
  const variants: Partial<IalsOpt & BprOpt & { foldRecency: number }>[] = JSON.parse(process.argv[4] ?? '[{}]');
  const en = grid.endsWith('blend') ? easeNextScorer(ctx) : undefined;
  const weights: number[] = JSON.parse(process.argv[5] ?? '[0.3,0.5,1]');
  if (en) report('ease-next', en);
  for (const v of variants) {
    const o = { ...BASE, ...v };
    const t0 = performance.now();
    const s = grid.startsWith('recent')
      ? ialsRecentScorer(ctx, o, (v as { foldRecency?: number }).foldRecency ?? 0.9)
      : grid.startsWith('bpr')
        ? bprScorer(ctx, { ...BPR, ...(v as Partial<BprOpt>) })
        : ialsScorer(ctx, o);
    const t = ((performance.now() - t0) / 1000).toFixed(2);
    report(`${grid} ${JSON.stringify(v)} (${t} s)`, s);
    if (en)
      for (const w of weights)
        report(
          `  ease-next + ${w} × above`,
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

main();

function fmt(x: number) {
  return x.toFixed(4);
}
