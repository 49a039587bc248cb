import { UsageError } from '../errors';
import { transpose } from '../matrix';
import { implicitMatrix, watchedRule } from './implicit';
import type { FittedModel, Model } from './model';
import { columnRecommender, topIndices } from './top-n';

/**
 * Item-based top-N recommendation (Deshpande & Karypis 2004): "people who watched this also watched".
 * Two movies are similar when the same users watched both, by the cosine of their columns in the implicit
 * user × movie matrix: sim(i, j) = |U_i ∩ U_j| / √(|U_i| · |U_j|), where U_i is the set of users who watched i.
 * Each movie keeps only its `neighbours` most similar movies. A user's score for movie j is the sum of
 * sim(i, j) over the movies i they watched that have j among their neighbours.
 *
 * A user with nothing watched (absent from training, or no rating at `minRating`) gets the most watched movies.
 *
 * Defaults were chosen on a validation split carved from the mls-temporal train by the protocol's own rule
 * (`npx tsx scripts/explore-models.ts tune-ranking`): NDCG@10 0.112 there, against 0.094 with every rating
 * counted as watched and 50 neighbours.
 */

export interface ItemKnnOptions {
  /** Neighbours kept per movie, a whole number ≥ 1. Default 20. */
  neighbours?: number;
  /**
   * Ratings below this many stars (0.5–5) do not count as watched (0 keeps every rating). Default 3.5: the
   * movies a user liked say more about what they will like next than every movie they rated.
   */
  minRating?: number;
}

/** Per movie, its neighbours (columns, most similar first, -1 past the end) and their similarities. */
export interface Neighbours {
  /** Neighbours per movie: row c of the two arrays below has this length. */
  k: number;
  columns: Int32Array;
  similarities: Float64Array;
}

/**
 * The `k` most similar columns of every column of the implicit matrix `watched` (users × movies), by cosine.
 * Co-counts come from the users' rows, so the cost is Σ_u |I_u|² (about 40 million steps on ml-latest-small),
 * with one dense counter reused across movies.
 */
export function cosineNeighbours(
  watched: { rows: number; cols: number; indptr: Int32Array; indices: Int32Array; values: Float64Array },
  columnCounts: Float64Array,
  k: number,
): Neighbours {
  const byItem = transpose(watched);
  const cols = watched.cols;
  const columns = new Int32Array(cols * k).fill(-1);
  const similarities = new Float64Array(cols * k);
  const score = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
  const touched = new Int32Array(cols);
  for (let i = 0; i < cols; i++) {
    let count = 0;
    for (let p = byItem.indptr[i]; p < byItem.indptr[i + 1]; p++) {
      const u = byItem.indices[p];
      for (let q = watched.indptr[u]; q < watched.indptr[u + 1]; q++) {
        const j = watched.indices[q];
        if (j === i) continue;
        if (score[j] === Number.NEGATIVE_INFINITY) {
          score[j] = 0;
          touched[count++] = j;
        }
        score[j]++;
      }
    }
    for (let t = 0; t < count; t++) {
      const j = touched[t];
      score[j] /= Math.sqrt(columnCounts[i] * columnCounts[j]);
    }
    const best = topIndices(score, k, touched, count);
    for (let t = 0; t < best.length; t++) {
      columns[i * k + t] = best[t];
      similarities[i * k + t] = score[best[t]];
    }
    for (let t = 0; t < count; t++) score[touched[t]] = Number.NEGATIVE_INFINITY;
  }
  return { k, columns, similarities };
}

export function itemKnnModel(options: ItemKnnOptions = {}): Model {
  const { neighbours = 20, minRating = 3.5 } = options;
  if (!Number.isInteger(neighbours) || neighbours < 1) {
    throw new UsageError(`neighbours must be a whole number ≥ 1, got ${neighbours}`);
  }
  return {
    name: 'item-knn',
    description: `item-based top-N, cosine on who watched what${watchedRule(minRating)}, ${neighbours} neighbours per movie`,
    predictsRatings: false,
    fit(train): FittedModel {
      const { ratings, watched, columnCounts } = implicitMatrix(train, minRating);
      const { k, columns, similarities } = cosineNeighbours(watched, columnCounts, neighbours);
      return {
        predict: () => Number.NaN,
        recommend: columnRecommender(ratings, (row, out) => {
          if (row < 0 || watched.indptr[row] === watched.indptr[row + 1]) {
            out.set(columnCounts);
            return;
          }
          out.fill(0);
          for (let p = watched.indptr[row]; p < watched.indptr[row + 1]; p++) {
            const i = watched.indices[p];
            for (let t = i * k; t < (i + 1) * k && columns[t] >= 0; t++) out[columns[t]] += similarities[t];
          }
        }),
      };
    },
  };
}
