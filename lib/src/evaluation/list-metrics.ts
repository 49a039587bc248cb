import { catalogCoverage, novelty } from '../beyond-accuracy';
import type { ScoredTable } from '../metric-inputs';
import { meanRankingScores, rankingScoresByUser } from '../ranking-metrics';
import type { RatingsTable, UserId } from '../types';

/**
 * The metrics of the recommended lists of one split, in Microsoft Recommenders' definitions (see
 * ranking-metrics.ts and beyond-accuracy.ts): ranking metrics against the relevant test ratings, coverage
 * and novelty against train.
 */

export interface ListMetrics {
  /** Precision@k in [0, 1], averaged over `rankedUsers`; null when no test user has a relevant rating. */
  precision: number | null;
  /** Recall@k in [0, 1], same users. */
  recall: number | null;
  /** nDCG@k in [0, 1] with binary gains, same users. */
  ndcg: number | null;
  /** MAP@k in [0, 1], each user's sum of precisions at hits divided by their number of relevant movies (MS `map`). */
  map: number | null;
  /** Share of `rankedUsers` with at least one hit, in [0, 1]. */
  hitRate: number | null;
  /** Users averaged over: test users with at least one relevant test rating. */
  rankedUsers: number;
  /**
   * Each of those users' nDCG@k, by userId ascending (the same users for every model on a split): what a
   * confidence interval over users resamples (bootstrap.ts). Left out of JSON output (see `withoutPerUser`).
   */
  ndcgByUser?: number[];
  /** Distinct recommended movies / distinct train movies, in [0, 1]; null when no list has a movie. */
  coverage: number | null;
  /** Mean novelty of the recommended movies in bits, -log2(share of train ratings); null when no list has a movie. */
  novelty: number | null;
}

export interface ListSettings {
  /** List length, a positive integer. */
  k: number;
  /** A test rating of at least this many stars is relevant. */
  minRating: number;
}

/** Scores each user's list (`lists`, at most k rows per user, higher score first) against `test` and `train`. */
export function listMetrics(
  train: RatingsTable,
  test: RatingsTable,
  lists: ScoredTable,
  { k, minRating }: ListSettings,
): ListMetrics {
  const relevantUsers = new Set<UserId>();
  for (let i = 0; i < test.length; i++) if (test.rating[i] >= minRating) relevantUsers.add(test.userId[i]);
  const perUser =
    relevantUsers.size === 0
      ? undefined
      : // users 'truth': a user with relevant movies but an empty list scores 0 rather than being skipped.
        rankingScoresByUser(test, lists, { k, relevance: { minRating }, users: 'truth' });
  const ranking = perUser && meanRankingScores(perUser);
  const listed = lists.length > 0;
  return {
    precision: ranking?.precision ?? null,
    recall: ranking?.recall ?? null,
    ndcg: ranking?.ndcg ?? null,
    map: ranking?.map ?? null,
    hitRate: ranking?.hitRate ?? null,
    rankedUsers: relevantUsers.size,
    ...(perUser && { ndcgByUser: perUser.map((u) => u.ndcg) }),
    coverage: listed ? catalogCoverage(train, lists, { k }) : null,
    novelty: listed ? novelty(train, lists, { k }) : null,
  };
}
