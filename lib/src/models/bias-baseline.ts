import { UsageError } from '../errors';
import { buildRatingMatrix, transpose } from '../matrix';
import type { MovieId, RatingsTable, UserId } from '../types';
import type { FitContext, FittedModel, Model } from './model';
import { clipToScale, columnRecommender, meanRating, ratingRange, type ScaleBounds } from './top-n';

/**
 * The baseline every rating model is measured against: r̂(u, i) = μ + b_u + b_i, a global mean plus how
 * generous user u is plus how well liked movie i is. The biases minimise
 *   Σ (r - μ - b_u - b_i)² + regUser · Σ b_u² + regItem · Σ b_i²
 * by alternating least squares, exactly as Surprise's BaselineOnly with `method: 'als'` (Koren 2010, section
 * 2.1): each epoch first solves every b_i with the b_u fixed, then every b_u with the b_i fixed, each a
 * closed-form shrunk mean: b_i = Σ_u (r - μ - b_u) / (regItem + n_i). ALS rather than SGD because it has no
 * learning rate to choose and converges in a few epochs.
 */

export interface BiasBaselineOptions {
  /** Shrinkage of user biases, in ratings (≥ 0): a user's bias is their mean deviation with this many extra zeros. Default 15 (Surprise's reg_u). */
  regUser?: number;
  /** Shrinkage of movie biases, in ratings (≥ 0). Default 10 (Surprise's reg_i). */
  regItem?: number;
  /** ALS sweeps, a whole number ≥ 1. Default 10 (Surprise's n_epochs). */
  epochs?: number;
  /** Predictions are clipped to this range, in stars. Default: the lowest and highest training rating. */
  ratingScale?: ScaleBounds;
}

/** The fitted baseline, with its parameters readable for notebooks and tests. */
export interface BiasBaselineFit extends FittedModel {
  /** μ, the mean training rating in stars. */
  globalMean: number;
  /** b_u in stars; 0 for a user absent from training. */
  userBias(userId: UserId): number;
  /** b_i in stars; 0 for a movie absent from training. */
  itemBias(movieId: MovieId): number;
}

/** The model, typed so that `fit` gives the biases back. */
export interface BiasBaselineModel extends Model {
  fit(train: RatingsTable, context?: FitContext): BiasBaselineFit;
}

export function biasBaselineModel(options: BiasBaselineOptions = {}): BiasBaselineModel {
  const { regUser = 15, regItem = 10, epochs = 10 } = options;
  if (!(regUser >= 0 && regItem >= 0)) throw new UsageError(`regularisation must be ≥ 0, got ${regUser}, ${regItem}`);
  if (!Number.isInteger(epochs) || epochs < 1) throw new UsageError(`epochs must be a whole number ≥ 1, got ${epochs}`);
  return {
    name: 'bias-baseline',
    description: `global mean + user bias + movie bias (ALS, reg_u ${regUser}, reg_i ${regItem}, ${epochs} epochs)`,
    predictsRatings: true,
    fit(train) {
      const scale = options.ratingScale ?? ratingRange(train);
      const byUser = buildRatingMatrix(train);
      const byItem = transpose(byUser);
      const mu = meanRating(train);
      const bu = new Float64Array(byUser.rows);
      const bi = new Float64Array(byUser.cols);
      for (let epoch = 0; epoch < epochs; epoch++) {
        for (let i = 0; i < byItem.rows; i++) {
          let dev = 0;
          for (let p = byItem.indptr[i]; p < byItem.indptr[i + 1]; p++)
            dev += byItem.values[p] - mu - bu[byItem.indices[p]];
          bi[i] = dev / (regItem + byItem.indptr[i + 1] - byItem.indptr[i]);
        }
        for (let u = 0; u < byUser.rows; u++) {
          let dev = 0;
          for (let p = byUser.indptr[u]; p < byUser.indptr[u + 1]; p++)
            dev += byUser.values[p] - mu - bi[byUser.indices[p]];
          bu[u] = dev / (regUser + byUser.indptr[u + 1] - byUser.indptr[u]);
        }
      }
      const userBias = (userId: UserId) => {
        const u = byUser.rowOf(userId);
        return u < 0 ? 0 : bu[u];
      };
      const itemBias = (movieId: MovieId) => {
        const i = byUser.colOf(movieId);
        return i < 0 ? 0 : bi[i];
      };
      return {
        globalMean: mu,
        userBias,
        itemBias,
        predict: (userId, movieId) => clipToScale(mu + userBias(userId) + itemBias(movieId), scale),
        // Ranked by the unclipped estimate: clipping would tie every movie above the top of the scale and leave
        // their order to movieId.
        recommend: columnRecommender(byUser, (row, out) => {
          const base = mu + (row < 0 ? 0 : bu[row]);
          for (let c = 0; c < out.length; c++) out[c] = base + bi[c];
        }),
      };
    },
  };
}
