import { invertSpd } from '../cholesky';
import { UsageError } from '../errors';
import type { CsrMatrix } from '../matrix';
import { implicitMatrix, watchedRule } from './implicit';
import type { FittedModel, Model } from './model';
import { columnRecommender } from './top-n';

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): a movie × movie weight matrix B
 * that rebuilds each user's watched row from the other movies they watched, X ≈ X B, with B's diagonal forced
 * to 0 (a movie may not predict itself) and an L2 penalty λ. It has a closed form:
 *   P = (XᵀX + λI)⁻¹,   B_ij = -P_ij / P_jj (i ≠ j),   B_jj = 0,
 * and a user's scores are their watched row times B: the sum of the rows of B of the movies they watched.
 *
 * The inverse is dense: n × n for n movies, n³/2 multiply-adds. ml-latest-small has 9,700 movies (about
 * 450 billion steps, minutes in JS), so only movies with at least `minCount` watchers take part: they are the
 * ones a top-10 list can usefully hold, and the rest could not get a reliable weight anyway. Other movies
 * are never recommended. A user with nothing watched among them gets the most watched movies.
 *
 * Defaults were chosen on a validation split carved from the mls-temporal train by the protocol's own rule
 * (`npx tsx scripts/explore-models.ts tune-ranking`): NDCG@10 0.136 there, against 0.112 for the best item-kNN.
 */

export interface EaseOptions {
  /** L2 penalty λ on B, in watchers (> 0). Default 200. */
  lambda?: number;
  /**
   * Movies with fewer watchers (a whole number ≥ 1) are left out. Default 20: 635 movies of the
   * mls-temporal train, a 0.3 s fit; lower thresholds cost up to 8 s and scored no better on validation.
   */
  minCount?: number;
  /**
   * Ratings below this many stars (0.5–5) do not count as watched (0 keeps every rating). Default 3.5: learning
   * from the movies users liked beat learning from every movie they rated by a fifth on validation.
   */
  minRating?: number;
}

export function easeModel(options: EaseOptions = {}): Model {
  const { lambda = 200, minCount = 20, minRating = 3.5 } = options;
  if (!(lambda > 0)) throw new UsageError(`lambda must be > 0, got ${lambda}`);
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new UsageError(`minCount must be a whole number ≥ 1, got ${minCount}`);
  }
  return {
    name: 'ease',
    description: `EASE linear autoencoder (λ = ${lambda}) over movies with at least ${minCount} watchers${watchedRule(minRating)}`,
    predictsRatings: false,
    fit(train): FittedModel {
      const { ratings, watched, columnCounts } = implicitMatrix(train, minRating);
      const { kept, slot, weights: b } = easeWeights(watched, columnCounts, { lambda, minCount });
      const n = kept.length;
      const scores = new Float64Array(n);
      return {
        predict: () => Number.NaN,
        recommend: columnRecommender(ratings, (row, out) => {
          scores.fill(0);
          let any = false;
          if (row >= 0) {
            for (let p = watched.indptr[row]; p < watched.indptr[row + 1]; p++) {
              const s = slot[watched.indices[p]];
              if (s < 0) continue;
              any = true;
              const base = s * n;
              for (let j = 0; j < n; j++) scores[j] += b[base + j];
            }
          }
          if (!any) {
            out.set(columnCounts);
            return;
          }
          out.fill(Number.NEGATIVE_INFINITY);
          for (let j = 0; j < n; j++) out[kept[j]] = scores[j];
        }),
      };
    },
  };
}

/** EASE's learnt weights over the movies it keeps. */
export interface EaseWeights {
  /** The kept columns, ascending. */
  kept: Int32Array;
  /** slot[c]: the position of column c among `kept`, or -1. */
  slot: Int32Array;
  /** B, kept.length × kept.length row-major: row s holds what kept movie s adds to every kept movie. */
  weights: Float64Array;
}

/**
 * B = I - P·diag(1 / P_jj) with P = (XᵀX + λI)⁻¹, over the columns of `watched` with at least `minCount`
 * entries. Exported for models that feed B other user rows (ease-next weights them by recency).
 * @throws UsageError when no column has `minCount` entries.
 */
export function easeWeights(
  watched: CsrMatrix,
  columnCounts: Float64Array,
  { lambda, minCount }: { lambda: number; minCount: number },
): EaseWeights {
  const slot = new Int32Array(watched.cols).fill(-1);
  const keptList: number[] = [];
  for (let c = 0; c < watched.cols; c++) if (columnCounts[c] >= minCount) slot[c] = keptList.push(c) - 1;
  const n = keptList.length;
  if (n === 0) throw new UsageError(`no movie has ${minCount} watchers or more`);
  const gram = new Float64Array(n * n);
  const mine = new Int32Array(n);
  for (let u = 0; u < watched.rows; u++) {
    let count = 0;
    for (let p = watched.indptr[u]; p < watched.indptr[u + 1]; p++) {
      const s = slot[watched.indices[p]];
      if (s >= 0) mine[count++] = s;
    }
    for (let a = 0; a < count; a++) {
      const row = mine[a] * n;
      for (let b = 0; b < count; b++) gram[row + mine[b]]++;
    }
  }
  for (let i = 0; i < n; i++) gram[i * n + i] += lambda;
  const b = invertSpd(gram, n);
  const diagonal = Float64Array.from({ length: n }, (_, j) => b[j * n + j]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) b[i * n + j] = i === j ? 0 : -b[i * n + j] / diagonal[j];
  }
  return { kept: Int32Array.from(keptList), slot, weights: b };
}
