import { UsageError } from '../errors';
import type { RatingMatrix } from '../matrix';
import type { RatingsTable } from '../types';
import { easeWeights } from './ease';
import { implicitMatrix, watchedRule } from './implicit';
import type { FittedModel, Model } from './model';
import { columnRecommender } from './top-n';
import { type TransitionOptions, transitionWeights, type UserSequences, userSequences } from './transitions';

/**
 * EASE made aware of time, for "what will this user rate next?" (the mls-temporal protocol holds out each
 * user's latest ratings). Two signals, each scaled so that the user's best movie scores 1, then added:
 *
 * 1. EASE (ease.ts) fed a recency-weighted row: the movie rated d ratings before the user's last one counts
 *    floor + (1 - floor) · recency^d instead of 1, so recent tastes weigh more without forgetting old ones;
 * 2. "rated next to each other" (transitions.ts): what other users rated within `window` positions after (and,
 *    less, before) the movies this user rated last, the d-th most recent weighing transitionRecency^d.
 *
 * Negative scores count as 0 in the sum; a tiny share of each movie's rating count breaks the remaining ties
 * toward popular movies, and is all a user without history gets.
 *
 * Defaults were chosen on a validation split carved from the mls-temporal train by the protocol's own rule
 * (`npx tsx scripts/explore-ranking.ts val`): NDCG@10 0.153 there, against 0.136 for plain EASE.
 */

export interface EaseNextOptions extends TransitionOptions {
  /** EASE's L2 penalty λ, in watchers (> 0). Default 200, as ease.ts. */
  lambda?: number;
  /** EASE only learns weights for movies with at least this many watchers (whole number ≥ 1). Default 20. */
  minCount?: number;
  /** Ratings below this many stars (0.5–5) are not fed to EASE (0 keeps all). Default 3.5, as ease.ts. */
  minRating?: number;
  /** Per rating of distance from the user's last, the share of a movie's EASE weight kept, in (0, 1]. Default 0.9. */
  recency?: number;
  /** The EASE weight no movie goes below however old, in [0, 1]. Default 0.2. */
  floor?: number;
  /** Per rating of distance from the user's last, the weight of its transitions, in (0, 1]. Default 0.75. */
  transitionRecency?: number;
  /** Weight of the transition signal against EASE's 1 (≥ 0). Default 0.7 (0.5 to 1 score alike). */
  transitionWeight?: number;
}

/** Transition weights below this share of the most recent movie's are not worth a pass over its row. */
const NEGLIGIBLE = 1e-4;

/** The options with their defaults filled in, checked. @throws UsageError for a value out of range. */
function easeNextSettings(options: EaseNextOptions): Required<Omit<EaseNextOptions, keyof TransitionOptions>> {
  const {
    lambda = 200,
    minCount = 20,
    minRating = 3.5,
    recency = 0.9,
    floor = 0.2,
    transitionRecency = 0.75,
    transitionWeight = 0.7,
  } = options;
  if (!(lambda > 0)) throw new UsageError(`lambda must be > 0, got ${lambda}`);
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new UsageError(`minCount must be a whole number ≥ 1, got ${minCount}`);
  }
  for (const [name, x] of [
    ['recency', recency],
    ['transitionRecency', transitionRecency],
  ] as const) {
    if (!(x > 0 && x <= 1)) throw new UsageError(`${name} must be in (0, 1], got ${x}`);
  }
  if (!(floor >= 0 && floor <= 1)) throw new UsageError(`floor must be in [0, 1], got ${floor}`);
  if (!(transitionWeight >= 0)) throw new UsageError(`transitionWeight must be ≥ 0, got ${transitionWeight}`);
  return { lambda, minCount, minRating, recency, floor, transitionRecency, transitionWeight };
}

export function easeNextModel(options: EaseNextOptions = {}): Model {
  const { lambda, minCount, minRating, transitionWeight } = easeNextSettings(options);
  return {
    name: 'ease-next',
    description: `EASE (λ = ${lambda}, ≥ ${minCount} watchers${watchedRule(minRating)}) weighted toward recent ratings, plus ${transitionWeight} × "rated next" transitions`,
    predictsRatings: false,
    fit(train): FittedModel {
      const scorer = easeNextScorer(train, options);
      return {
        predict: () => Number.NaN,
        recommend: columnRecommender(scorer.ratings, (row, out) => scorer.score(row, out)),
      };
    },
  };
}

/** ease-next fitted: its training matrix and sequences, and its scores with their two parts. */
export interface EaseNextScorer {
  ratings: RatingMatrix;
  sequences: UserSequences;
  /**
   * Fills `out` (one score per column) with ease-next's score for training row `row` (-1: a user without
   * history, who gets popularity). With `parts`, also fills `parts.ease` and `parts.next` with the two
   * signals, each scaled so the user's best movie scores 1 (0 where negative or absent).
   */
  score(row: number, out: Float64Array, parts?: { ease: Float64Array; next: Float64Array }): void;
}

/** Fits the pieces of ease-next. @throws UsageError as `easeNextModel`. */
export function easeNextScorer(train: RatingsTable, options: EaseNextOptions = {}): EaseNextScorer {
  const { lambda, minCount, minRating, recency, floor, transitionRecency, transitionWeight } =
    easeNextSettings(options);
  const { ratings, watched, columnCounts } = implicitMatrix(train, minRating);
  const { kept, slot, weights: b } = easeWeights(watched, columnCounts, { lambda, minCount });
  const n = kept.length;
  const seq = userSequences(train, ratings);
  const next = transitionWeights(seq, ratings.cols, options);
  const counts = new Float64Array(ratings.cols);
  for (const c of seq.columns) counts[c]++;
  let maxCount = 0;
  for (const c of counts) maxCount = Math.max(maxCount, c);
  const easeScores = new Float64Array(n);
  const nextScores = new Float64Array(ratings.cols);
  const easeParts = new Float64Array(ratings.cols);
  const nextParts = new Float64Array(ratings.cols);
  return {
    ratings,
    sequences: seq,
    score(row, out, parts) {
      for (let c = 0; c < out.length; c++) out[c] = (1e-6 * counts[c]) / maxCount;
      parts?.ease.fill(0);
      parts?.next.fill(0);
      if (row < 0) return;
      easeScores.fill(0);
      nextScores.fill(0);
      const end = seq.start[row + 1];
      for (let p = end - 1, d = 0; p >= seq.start[row]; p--, d++) {
        const s = slot[seq.columns[p]];
        if (s >= 0 && seq.ratings[p] >= minRating) {
          const w = floor + (1 - floor) * recency ** d;
          for (let j = 0, base = s * n; j < n; j++) easeScores[j] += w * b[base + j];
        }
        const w = transitionRecency ** d;
        if (w < NEGLIGIBLE) continue;
        const i = seq.columns[p];
        for (let t = next.indptr[i]; t < next.indptr[i + 1]; t++) nextScores[next.indices[t]] += w * next.values[t];
      }
      easeParts.fill(0);
      nextParts.fill(0);
      addScaled(easeParts, easeScores, 1, kept);
      addScaled(nextParts, nextScores, 1);
      for (let c = 0; c < out.length; c++) out[c] += easeParts[c] + transitionWeight * nextParts[c];
      parts?.ease.set(easeParts);
      parts?.next.set(nextParts);
    },
  };
}

/** out[at[j]] += weight · max(scores[j], 0) / max(scores) (at = identity when absent); nothing if no score > 0. */
function addScaled(out: Float64Array, scores: Float64Array, weight: number, at?: Int32Array): void {
  let max = 0;
  for (const x of scores) if (x > max) max = x;
  if (max <= 0) return;
  for (let j = 0; j < scores.length; j++) {
    if (scores[j] > 0) out[at === undefined ? j : at[j]] += (weight * scores[j]) / max;
  }
}
