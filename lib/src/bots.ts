import { UsageError } from './errors';
import type { RatingsTable, UserId } from './types';

/**
 * Bot-like activity, read from the gaps between a user's consecutive ratings (sorted by timestamp).
 *
 * Caution: MovieLens asks new users to rate a batch of movies on one page, and a batch is saved with one
 * timestamp, so zero-second gaps are common among real people (about 16% of all gaps in ml-latest-small).
 * The rules below therefore only flag extremes, and cleaning keeps flagged users by default.
 */

/** Thresholds of the rules; a user is flagged by a rule when the value is at or above its threshold. */
export interface BotRules {
  /** Users with fewer ratings are never flagged (too few gaps to judge). Default 10. */
  minRatings: number;
  /** Share of the user's gaps that are 0 s, in [0, 1]. Default 0.9: 9 in 10 ratings saved in the same second. */
  zeroGapShare: number;
  /** Width of the burst window, in seconds. Default 60. */
  burstSeconds: number;
  /** Ratings within one window of `burstSeconds`. Default 50: almost one rating a second for a minute. */
  burstSize: number;
  /**
   * Ratings per minute over the user's whole active span, (ratings − 1) / (span in minutes), the span being
   * at least 1 s. Default 20 (one every 3 s, sustained from the first rating to the last).
   */
  ratingsPerMinute: number;
}

export const DEFAULT_BOT_RULES: Readonly<BotRules> = {
  minRatings: 10,
  zeroGapShare: 0.9,
  burstSeconds: 60,
  burstSize: 50,
  ratingsPerMinute: 20,
};

export type BotRule = 'zero-gaps' | 'burst' | 'rate';

/** The evidence the rules look at, for one user. */
export interface UserActivity {
  userId: UserId;
  ratings: number;
  /** Share of gaps between consecutive ratings that are 0 s, in [0, 1] (0 for a single rating). */
  zeroGapShare: number;
  /** Most ratings within any window of `burstSeconds`. */
  longestBurst: number;
  /** (ratings − 1) per minute over the active span (0 for a single rating). */
  ratingsPerMinute: number;
  /** Seconds from the user's first rating to the last. */
  activeSeconds: number;
}

export interface FlaggedUser extends UserActivity {
  rules: BotRule[];
}

/** Number of gaps in [minSeconds, maxSeconds] (maxSeconds is Infinity for the last bucket). */
export interface GapBucket {
  bucket: string;
  minSeconds: number;
  maxSeconds: number;
  count: number;
}

const GAP_BUCKETS: readonly [string, number, number][] = [
  ['0 s', 0, 0],
  ['1–5 s', 1, 5],
  ['6–60 s', 6, 60],
  ['1–10 min', 61, 600],
  ['10–60 min', 601, 3600],
  ['1–24 h', 3601, 86400],
  ['> 1 day', 86401, Number.POSITIVE_INFINITY],
];

export interface BotDetection {
  rules: BotRules;
  /** Flagged users, ascending by userId. */
  users: FlaggedUser[];
  /** Ratings made by flagged users. */
  flaggedRatings: number;
  /** Gaps between consecutive ratings of every user, per bucket (for a chart). */
  gaps: GapBucket[];
  /** What dropping the flagged users would change. Mean ratings are in stars (NaN when no rating is left). */
  ifDropped: { ratingsRemoved: number; usersRemoved: number; meanBefore: number; meanAfter: number };
}

/** Row indices sorted by user, then timestamp, then row (so equal timestamps keep file order). */
function byUserThenTime(t: RatingsTable): Uint32Array {
  const order = Uint32Array.from({ length: t.length }, (_, i) => i);
  return order.sort((a, b) => t.userId[a] - t.userId[b] || t.timestamp[a] - t.timestamp[b] || a - b);
}

/** Calls `visit` once per user with that user's timestamps, ascending. */
function forEachUser(t: RatingsTable, visit: (userId: number, times: Float64Array) => void): void {
  const order = byUserThenTime(t);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && t.userId[order[end]] === t.userId[order[start]]) end++;
    visit(
      t.userId[order[start]],
      Float64Array.from(order.subarray(start, end), (i) => t.timestamp[i]),
    );
    start = end;
  }
}

/** The evidence of every user, ascending by userId. `burstSeconds` as in BotRules (default 60). */
export function userActivity(t: RatingsTable, burstSeconds = DEFAULT_BOT_RULES.burstSeconds): UserActivity[] {
  const out: UserActivity[] = [];
  forEachUser(t, (userId, times) => {
    const n = times.length;
    let zeros = 0;
    let longestBurst = 1;
    for (let i = 1, j = 0; i < n; i++) {
      if (times[i] === times[i - 1]) zeros++;
      while (times[i] - times[j] > burstSeconds) j++;
      longestBurst = Math.max(longestBurst, i - j + 1);
    }
    const activeSeconds = times[n - 1] - times[0];
    const ratingsPerMinute = n < 2 ? 0 : (n - 1) / (Math.max(activeSeconds, 1) / 60);
    out.push({
      userId,
      ratings: n,
      zeroGapShare: n < 2 ? 0 : zeros / (n - 1),
      longestBurst,
      ratingsPerMinute,
      activeSeconds,
    });
  });
  return out;
}

/** Gaps between consecutive ratings of each user, counted per bucket: 0 s, 1–5 s, … , > 1 day. */
export function gapHistogram(t: RatingsTable): GapBucket[] {
  const counts = GAP_BUCKETS.map(() => 0);
  forEachUser(t, (_, times) => {
    for (let i = 1; i < times.length; i++) {
      const gap = times[i] - times[i - 1];
      counts[GAP_BUCKETS.findIndex(([, , max]) => gap <= max)]++;
    }
  });
  return GAP_BUCKETS.map(([bucket, minSeconds, maxSeconds], i) => ({
    bucket,
    minSeconds,
    maxSeconds,
    count: counts[i],
  }));
}

/** The rules a user's activity hits under `rules` (empty when the user has fewer than `minRatings`). */
export function rulesHit(a: UserActivity, rules: BotRules): BotRule[] {
  if (a.ratings < rules.minRatings) return [];
  const hit: BotRule[] = [];
  if (a.zeroGapShare >= rules.zeroGapShare) hit.push('zero-gaps');
  if (a.longestBurst >= rules.burstSize) hit.push('burst');
  if (a.ratingsPerMinute >= rules.ratingsPerMinute) hit.push('rate');
  return hit;
}

function checkRules(rules: BotRules): void {
  for (const [key, value] of Object.entries(rules)) {
    if (!Number.isFinite(value) || value < 0)
      throw new UsageError(`bot rule ${key} must be a number ≥ 0, got ${value}`);
  }
  if (rules.zeroGapShare > 1)
    throw new UsageError(`bot rule zeroGapShare is a share in [0, 1], got ${rules.zeroGapShare}`);
}

/** Flags bot-like users under `rules` (missing thresholds take DEFAULT_BOT_RULES) and measures the effect. */
export function detectBots(t: RatingsTable, rules: Partial<BotRules> = {}): BotDetection {
  const all: BotRules = { ...DEFAULT_BOT_RULES, ...rules };
  checkRules(all);
  const users: FlaggedUser[] = [];
  for (const a of userActivity(t, all.burstSeconds)) {
    const hit = rulesHit(a, all);
    if (hit.length > 0) users.push({ ...a, rules: hit });
  }
  const flagged = new Set(users.map((u) => u.userId));
  let sum = 0;
  let keptSum = 0;
  let kept = 0;
  for (let i = 0; i < t.length; i++) {
    sum += t.rating[i];
    if (!flagged.has(t.userId[i])) {
      keptSum += t.rating[i];
      kept++;
    }
  }
  const flaggedRatings = t.length - kept;
  return {
    rules: all,
    users,
    flaggedRatings,
    gaps: gapHistogram(t),
    ifDropped: {
      ratingsRemoved: flaggedRatings,
      usersRemoved: users.length,
      meanBefore: sum / t.length,
      meanAfter: keptSum / kept,
    },
  };
}
