import { UsageError } from './errors';
import { type Predictions, pairKey, predictionColumns, type Truth, truthColumns } from './metric-inputs';

/**
 * Rating metrics: how close predicted ratings are to held-out true ratings. Definitions follow Microsoft
 * Recommenders' `python_evaluation` (rmse, mae, rsquared, exp_var, which call scikit-learn): every metric
 * is computed on the (user, movie) pairs present in both the truth and the predictions; a truth rating
 * without a prediction, or a prediction without a truth rating, is left out.
 *
 * Ranking metrics are in ranking-metrics.ts, coverage and novelty in beyond-accuracy.ts; all take
 * `(truth, predictions, options?)`.
 */

/** True and predicted ratings of the matched pairs, in the order of the truth rows. */
export interface MatchedRatings {
  truth: Float64Array;
  predicted: Float64Array;
}

/**
 * Pairs each truth rating with the prediction for the same (user, movie), in truth row order.
 * @throws UsageError when a (user, movie) pair is predicted twice, or when no pair matches.
 */
export function matchPredictions(truth: Truth, predictions: Predictions): MatchedRatings {
  const p = predictionColumns(predictions);
  const predicted = new Map<number, number>();
  for (let i = 0; i < p.length; i++) {
    const key = pairKey(p.userId[i], p.movieId[i]);
    if (predicted.has(key)) throw new UsageError(`user ${p.userId[i]}, movie ${p.movieId[i]} is predicted twice`);
    predicted.set(key, p.value[i]);
  }
  const t = truthColumns(truth);
  const trueValues: number[] = [];
  const predictedValues: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const score = predicted.get(pairKey(t.userId[i], t.movieId[i]));
    if (score === undefined) continue;
    trueValues.push(t.value[i]);
    predictedValues.push(score);
  }
  if (trueValues.length === 0) throw new UsageError('no prediction matches a (user, movie) pair of the truth');
  return { truth: Float64Array.from(trueValues), predicted: Float64Array.from(predictedValues) };
}

/** All four rating metrics at once, matching the pairs once; `pairs` is how many pairs were compared. */
export interface RatingMetrics {
  rmse: number;
  mae: number;
  rsquared: number;
  expVar: number;
  pairs: number;
}

/** rmse, mae, rsquared and expVar of the same predictions (see each function for its definition). */
export function ratingMetrics(truth: Truth, predictions: Predictions): RatingMetrics {
  const m = matchPredictions(truth, predictions);
  return { rmse: rmseOf(m), mae: maeOf(m), rsquared: rsquaredOf(m), expVar: expVarOf(m), pairs: m.truth.length };
}

/** Root mean squared error, in stars: sqrt(mean((y - ŷ)²)), ≥ 0, 0 for perfect predictions. */
export function rmse(truth: Truth, predictions: Predictions): number {
  return rmseOf(matchPredictions(truth, predictions));
}

/** Mean absolute error, in stars: mean(|y - ŷ|), ≥ 0, 0 for perfect predictions. */
export function mae(truth: Truth, predictions: Predictions): number {
  return maeOf(matchPredictions(truth, predictions));
}

/**
 * Coefficient of determination R² = 1 - Σ(y - ŷ)² / Σ(y - ȳ)²: 1 for perfect predictions, 0 for always
 * predicting the mean true rating, negative (unbounded) for worse. As scikit-learn's r2_score: when every true
 * rating is equal it is 1 for perfect predictions and 0 otherwise.
 */
export function rsquared(truth: Truth, predictions: Predictions): number {
  return rsquaredOf(matchPredictions(truth, predictions));
}

/**
 * Explained variance 1 - Var(y - ŷ) / Var(y) (population variances): like R² but blind to a constant bias,
 * so a model off by +1 star everywhere still scores 1. Same convention as R² when Var(y) is 0.
 */
export function expVar(truth: Truth, predictions: Predictions): number {
  return expVarOf(matchPredictions(truth, predictions));
}

function rmseOf({ truth, predicted }: MatchedRatings): number {
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += (truth[i] - predicted[i]) ** 2;
  return Math.sqrt(sum / truth.length);
}

function maeOf({ truth, predicted }: MatchedRatings): number {
  let sum = 0;
  for (let i = 0; i < truth.length; i++) sum += Math.abs(truth[i] - predicted[i]);
  return sum / truth.length;
}

function rsquaredOf({ truth, predicted }: MatchedRatings): number {
  const mean = meanOf(truth);
  let residual = 0;
  let total = 0;
  for (let i = 0; i < truth.length; i++) {
    residual += (truth[i] - predicted[i]) ** 2;
    total += (truth[i] - mean) ** 2;
  }
  return oneMinusRatio(residual, total);
}

function expVarOf({ truth, predicted }: MatchedRatings): number {
  const errors = truth.map((y, i) => y - predicted[i]);
  return oneMinusRatio(varianceOf(errors), varianceOf(truth));
}

/** 1 - a / b, with scikit-learn's finite answer when b is 0. */
function oneMinusRatio(a: number, b: number): number {
  if (b === 0) return a === 0 ? 1 : 0;
  return 1 - a / b;
}

function meanOf(xs: Float64Array): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

function varianceOf(xs: Float64Array): number {
  const mean = meanOf(xs);
  let sum = 0;
  for (const x of xs) sum += (x - mean) ** 2;
  return sum / xs.length;
}
