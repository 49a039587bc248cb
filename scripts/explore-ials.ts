import { easeNextModel } from '../lib/src/models/ease-next';
import { createRng, normalSampler } from '../lib/src/random';
import { lowerBound } from '../lib/src/sorted';
import { blend, type Ctx, reporter, type Scorer, splits } from './explore/harness';

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
  const pick = () => Math.min(lowerBound(cum, rng() * acc), n - 1);
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
  const report = reporter(ctx, 70);
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
