import { UsageError } from './errors';
import { checkK, type Predictions, type Truth, topKByUser, truthColumns } from './metric-inputs';
import type { MovieId, UserId } from './types';

/**
 * Ranking metrics: how many of the movies a user really liked appear near the top of their list.
 * Definitions follow Microsoft Recommenders' `python_evaluation` with `relevancy_method='top_k'`:
 *
 * - each user's list is their top `k` predictions by score (ties: movie id ascending, see `topKByUser`);
 * - a hit is a listed movie that is relevant: in the truth and, with `relevance.minRating`, rated at least that;
 * - each metric is computed per user, then averaged with equal weight per user.
 *
 * Which users are averaged over (`users`):
 * - `'truth'` (default): every user with at least one relevant truth movie; a user with no prediction at
 *   all scores 0, so a model cannot look better by skipping hard users. This is MS's `ndcg_at_k` choice
 *   (it averages over every user in `rating_true`).
 * - `'common'`: only those of them that also have at least one prediction. This is MS's choice for
 *   `precision_at_k`, `recall_at_k`, `map` and `map_at_k` (the users present in both data frames).
 * The two agree whenever every truth user gets a prediction, as in MS's fixture.
 */

/** How much a hit is worth in DCG: 1 (MS `'binary'`), its true rating (`'raw'`), or 2^rating - 1 (`'exp'`). */
export type Gain = 'binary' | 'rating' | 'exp';

/** Who is averaged over; see the module comment. */
export type RankingUsers = 'truth' | 'common';

/**
 * What a user's summed precisions at hits are divided by: the number of relevant movies (MS `map`, Spark's
 * meanAveragePrecision) or min(k, that number) (MS's current `map_at_k`, Spark's meanAveragePrecisionAt).
 */
export type MapNormalization = 'relevant' | 'min-k-relevant';

export interface RankingOptions {
  /** List length: a positive integer. Default 10, MS's DEFAULT_K and the length of a typical shown list. */
  k?: number;
  /** Which truth movies count as relevant. Default: every truth movie, as MS's ranking metrics do. */
  relevance?: {
    /** Relevant when the true rating is ≥ this many stars (e.g. 4). Default: no threshold. */
    minRating?: number;
  };
  /** Users averaged over. Default `'truth'`. */
  users?: RankingUsers;
  /** Gain of a hit in nDCG. Default `'binary'`, MS's default. */
  gain?: Gain;
  /** Denominator of average precision. Default `'relevant'` (reproduces MS's map@10 of 0.23613). */
  mapNormalization?: MapNormalization;
}

/** Every ranking metric of one set of lists, each in [0, 1], and how many users were averaged. */
export interface RankingMetrics {
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  hitRate: number;
  users: number;
}

/** Precision@k: hits in the top k divided by k (not by the list length: a list shorter than k cannot reach 1). */
export function precisionAtK(truth: Truth, predictions: Predictions, options?: RankingOptions): number {
  return rankingMetrics(truth, predictions, options).precision;
}

/** Recall@k: hits in the top k divided by the user's number of relevant movies (reaches 1 only if that is ≤ k). */
export function recallAtK(truth: Truth, predictions: Predictions, options?: RankingOptions): number {
  return rankingMetrics(truth, predictions, options).recall;
}

/**
 * nDCG@k: Σ gain / log2(1 + rank) over hits, divided by the same sum for the ideal list (the user's most
 * relevant movies first, at most k). The log base cancels out, so MS's natural log gives the same value.
 * A user whose ideal DCG is 0 (every relevant rating 0 with `gain: 'rating'`) scores 0.
 */
export function ndcgAtK(truth: Truth, predictions: Predictions, options?: RankingOptions): number {
  return rankingMetrics(truth, predictions, options).ndcg;
}

/**
 * MAP@k: per user, the sum over hits of (hits so far / rank), divided as `mapNormalization` says; then the
 * mean over users. Rewards putting hits early: one hit at rank 1 of 1 relevant movie gives 1, at rank 2 gives 0.5.
 */
export function mapAtK(truth: Truth, predictions: Predictions, options?: RankingOptions): number {
  return rankingMetrics(truth, predictions, options).map;
}

/** Hit rate@k: the share of users with at least one hit in their top k (not in MS's python_evaluation). */
export function hitRateAtK(truth: Truth, predictions: Predictions, options?: RankingOptions): number {
  return rankingMetrics(truth, predictions, options).hitRate;
}

/** One averaged user's numbers: the summands of every metric in `rankingMetrics`. */
export interface UserRankingScores {
  userId: UserId;
  precision: number;
  recall: number;
  ndcg: number;
  map: number;
  hitRate: number;
}

/**
 * All ranking metrics in one pass over the same lists.
 * @throws UsageError on a bad `k`, a (user, movie) pair twice in the truth, or when no user is left to average.
 */
export function rankingMetrics(truth: Truth, predictions: Predictions, options: RankingOptions = {}): RankingMetrics {
  return meanRankingScores(rankingScoresByUser(truth, predictions, options));
}

/** The equal-weight mean of per-user numbers (at least one user), as `rankingMetrics` reports them. */
export function meanRankingScores(perUser: readonly UserRankingScores[]): RankingMetrics {
  const sum = { precision: 0, recall: 0, ndcg: 0, map: 0, hitRate: 0 };
  for (const u of perUser) {
    sum.precision += u.precision;
    sum.recall += u.recall;
    sum.ndcg += u.ndcg;
    sum.map += u.map;
    sum.hitRate += u.hitRate;
  }
  const n = perUser.length;
  return {
    precision: sum.precision / n,
    recall: sum.recall / n,
    ndcg: sum.ndcg / n,
    map: sum.map / n,
    hitRate: sum.hitRate / n,
    users: n,
  };
}

/**
 * The per-user numbers `rankingMetrics` averages, one entry per averaged user, by userId ascending: what a
 * confidence interval over users (evaluation/bootstrap.ts) resamples.
 * @throws UsageError as `rankingMetrics`.
 */
export function rankingScoresByUser(
  truth: Truth,
  predictions: Predictions,
  options: RankingOptions = {},
): UserRankingScores[] {
  const { k = 10, relevance = {}, users = 'truth', gain = 'binary', mapNormalization = 'relevant' } = options;
  checkK(k);
  const minRating = relevance.minRating ?? Number.NEGATIVE_INFINITY;
  const t = truthColumns(truth);
  // Nested maps keyed by small integers: about twice as fast as one map keyed by a packed (user, movie) number.
  const relevantOf = new Map<UserId, Map<MovieId, number>>();
  for (let i = 0; i < t.length; i++) {
    const [user, movie, stars] = [t.userId[i], t.movieId[i], t.value[i]];
    if (!(stars >= minRating)) continue;
    let relevant = relevantOf.get(user);
    if (relevant === undefined) {
      relevant = new Map();
      relevantOf.set(user, relevant);
    }
    if (relevant.has(movie)) throw new UsageError(`user ${user} rated movie ${movie} twice in the truth`);
    relevant.set(movie, gain === 'binary' ? 1 : gain === 'rating' ? stars : 2 ** stars - 1);
  }
  const top = topKByUser(predictions, k);
  const out: UserRankingScores[] = [];
  for (const [user, relevant] of relevantOf) {
    const list = top.get(user);
    if (list === undefined && users === 'common') continue;
    let hits = 0;
    let precisionSum = 0;
    let dcg = 0;
    (list ?? []).forEach((movie, r) => {
      const g = relevant.get(movie);
      if (g === undefined) return;
      hits++;
      precisionSum += hits / (r + 1);
      dcg += g / Math.log2(r + 2);
    });
    const idealGains = [...relevant.values()].sort((a, b) => b - a).slice(0, k);
    const idcg = idealGains.reduce((s, g, r) => s + g / Math.log2(r + 2), 0);
    out.push({
      userId: user,
      precision: hits / k,
      recall: hits / relevant.size,
      ndcg: idcg > 0 ? dcg / idcg : 0,
      map: precisionSum / (mapNormalization === 'relevant' ? relevant.size : Math.min(k, relevant.size)),
      hitRate: hits > 0 ? 1 : 0,
    });
  }
  if (out.length === 0)
    throw new UsageError(`no user has a relevant truth movie${users === 'common' ? ' and a prediction' : ''}`);
  return out.sort((a, b) => a.userId - b.userId);
}
