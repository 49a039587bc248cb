import { UsageError } from '../errors';
import { buildRatingMatrix } from '../matrix';
import { createRng, normalSampler, type Rng } from '../random';
import type { RatingsTable } from '../types';
import type { FitContext, FittedModel, Model } from './model';
import { type SgdState, sgdEpoch } from './sgd-epoch';
import { clipToScale, columnRecommender, meanRating, ratingRange, type ScaleBounds } from './top-n';

/**
 * Matrix factorisation trained by stochastic gradient descent, the "Funk SVD" of the Netflix Prize, as
 * Surprise's `SVD` implements it (same defaults, same update rule):
 *   r̂(u, i) = μ + b_u + b_i + p_u · q_i
 * For each training rating in turn, with err = r - r̂(u, i):
 *   b_u += lr (err - reg b_u)          b_i += lr (err - reg b_i)
 *   p_u += lr (err q_i - reg p_u)      q_i += lr (err p_u - reg q_i)   (both from the old p_u, q_i)
 * Unlike the truncated SVD of part 1, it fits the known ratings only, so a missing rating is not read as 0
 * stars. One difference from Surprise: the ratings are visited in a new seeded random order each epoch
 * (Surprise walks them user by user), the usual SGD practice.
 *
 * Speed: all state is in typed arrays and the inner loop (sgd-epoch.ts) touches no object: one fit on an
 * ml-100k fold (80,000 ratings, 100 factors, 20 epochs) takes 0.34–0.4 s here, Surprise's Cython 0.31 s.
 */

export interface MfSgdOptions {
  /** The model's name in tables and `--model`. Default 'mf-sgd'. */
  name?: string;
  /** Latent factors per user and movie, a whole number ≥ 1. Default 100 (Surprise's n_factors). */
  factors?: number;
  /** Passes over the training ratings, a whole number ≥ 1. Default 20 (Surprise's n_epochs). */
  epochs?: number;
  /** SGD step size, > 0. Default 0.005 (Surprise's lr_all). */
  learningRate?: number;
  /** L2 penalty on biases and factors, ≥ 0. Default 0.02 (Surprise's reg_all). */
  regularization?: number;
  /** Standard deviation of the N(0, σ²) start of every factor, ≥ 0. Default 0.1 (Surprise's init_std_dev). */
  initStd?: number;
  /** With biases μ + b_u + b_i (default true, Surprise's `biased`); false gives plain p_u · q_i. */
  biased?: boolean;
  /** Seed of the factor initialisation and of the per-epoch shuffles. Default 1. */
  seed?: number;
  /** Predictions are clipped to this range, in stars. Default: the lowest and highest training rating. */
  ratingScale?: ScaleBounds;
}

/**
 * Settings chosen on validation data, not Surprise's: the lowest mean validation RMSE of a 36-point grid
 * (factors 20–100, epochs 20–60, learning rate 0.005–0.01, regularisation 0.02–0.2), where each ml-100k
 * fold's .base was split again, a seeded random 20% held out for validation (`npx tsx
 * scripts/explore-models.ts tune-mf`, stages 1 and 2): validation RMSE 0.9205 against 0.9461 for Surprise's
 * defaults. Five times the regularisation, twice the step and twice the epochs; half the factors, so the
 * cost is the same (50 factors × 40 epochs = 100 × 20).
 */
export const MF_SGD_TUNED: Readonly<MfSgdOptions> = {
  name: 'mf-sgd-tuned',
  factors: 50,
  epochs: 40,
  learningRate: 0.01,
  regularization: 0.1,
};

/** The fitted factorisation, with its training curve. */
export interface MfSgdFit extends FittedModel {
  /**
   * Per epoch, the root mean squared error of the ratings as they were visited (each error measured just
   * before its own update), in stars: a training loss that costs nothing to record.
   */
  trainingRmse: Float64Array;
}

/** The model, typed so that `fit` gives the training curve back. */
export interface MfSgdModel extends Model {
  fit(train: RatingsTable, context?: FitContext): MfSgdFit;
}

export function mfSgdModel(options: MfSgdOptions = {}): MfSgdModel {
  const { factors = 100, epochs = 20, learningRate = 0.005, regularization = 0.02 } = options;
  const { initStd = 0.1, biased = true, seed = 1, name = 'mf-sgd' } = options;
  for (const [name, value] of [
    ['factors', factors],
    ['epochs', epochs],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`${name} must be a whole number ≥ 1, got ${value}`);
  }
  if (!(learningRate > 0)) throw new UsageError(`learningRate must be > 0, got ${learningRate}`);
  if (!(regularization >= 0 && initStd >= 0)) throw new UsageError('regularization and initStd must be ≥ 0');
  return {
    name,
    description: `biased matrix factorisation by SGD (${factors} factors, ${epochs} epochs, lr ${learningRate}, reg ${regularization})`,
    predictsRatings: true,
    fit(train, context = { movies: [] }) {
      const scale = options.ratingScale ?? ratingRange(train);
      const m = buildRatingMatrix(train);
      const n = m.indptr[m.rows];
      const k = factors;
      const mu = biased ? meanRating(train) : 0;
      const rng = createRng(seed);
      const normal = normalSampler(rng);
      // Users' factors first, then movies' (p before q, as Surprise draws them), in one array: see sgd-epoch.ts.
      const w = new Float64Array((m.rows + m.cols) * k);
      for (let j = 0; j < w.length; j++) w[j] = initStd * normal();
      // The ratings are shuffled in place, all three columns together, so that each pass reads them in order.
      const state: SgdState = {
        userOf: new Int32Array(n),
        itemOf: Int32Array.from(m.indices),
        stars: Float64Array.from(m.values),
        factors: w,
        movieOffset: m.rows * k,
        k,
        bu: new Float64Array(m.rows),
        bi: new Float64Array(m.cols),
        mu,
        biased,
      };
      for (let u = 0; u < m.rows; u++) state.userOf.fill(u, m.indptr[u], m.indptr[u + 1]);
      const trainingRmse = new Float64Array(epochs);
      for (let epoch = 0; epoch < epochs; epoch++) {
        shuffleRatings(state, rng);
        trainingRmse[epoch] = sgdEpoch(state, learningRate, regularization);
        context.progress?.update('mf-sgd epoch', epoch + 1, epochs);
      }
      context.progress?.end();
      // An unknown user or movie has zero biases and factors: the estimate falls back to μ plus the known bias.
      const { bu, bi, movieOffset } = state;
      const estimate = (u: number, i: number) => {
        let e = mu + (u < 0 ? 0 : bu[u]) + (i < 0 ? 0 : bi[i]);
        if (u < 0 || i < 0) return e;
        for (let f = 0; f < k; f++) e += w[u * k + f] * w[movieOffset + i * k + f];
        return e;
      };
      return {
        trainingRmse,
        predict: (userId, movieId) => clipToScale(estimate(m.rowOf(userId), m.colOf(movieId)), scale),
        // Ranked by the unclipped estimate, which keeps the order among movies predicted above the scale.
        recommend: columnRecommender(m, (row, out) => {
          const base = mu + (row < 0 ? 0 : bu[row]);
          for (let c = 0; c < m.cols; c++) out[c] = base + bi[c];
          if (row >= 0) addDots(w, row * k, movieOffset, k, out);
        }),
      };
    },
  };
}

/**
 * Fisher–Yates on the three rating columns at once. Starting from the previous epoch's order changes nothing:
 * Fisher–Yates gives every order with the same chance whatever it starts from.
 */
function shuffleRatings({ userOf, itemOf, stars }: SgdState, rng: Rng): void {
  for (let j = stars.length - 1; j > 0; j--) {
    const r = Math.floor(rng() * (j + 1));
    const u = userOf[j];
    userOf[j] = userOf[r];
    userOf[r] = u;
    const i = itemOf[j];
    itemOf[j] = itemOf[r];
    itemOf[r] = i;
    const x = stars[j];
    stars[j] = stars[r];
    stars[r] = x;
  }
}

/** out[c] += p · q_c for every movie c, with p = w[userAt .. userAt + k) and q_c at movieOffset + c·k. */
function addDots(w: Float64Array, userAt: number, movieOffset: number, k: number, out: Float64Array): void {
  for (let c = 0; c < out.length; c++) {
    const q = movieOffset + c * k;
    let dot = 0;
    for (let f = 0; f < k; f++) dot += w[userAt + f] * w[q + f];
    out[c] += dot;
  }
}
