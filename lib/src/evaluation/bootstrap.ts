import { createRng } from '../random';
import type { ModelResult } from './run-protocol';

/**
 * How sure is "model A's nDCG@10 is 1.5× model B's"? A protocol averages over a few hundred users, and users
 * differ far more than models do, so the ratio of two averages moves when the users change. The paired
 * bootstrap answers with the data at hand: draw the users again with replacement (the same draw for both
 * models, since both ranked the same users), recompute the ratio, and repeat; the middle 95% of the ratios is
 * the interval. With several splits (ml100k's five folds) each split's users are drawn within the split, and
 * the ratio is of the means over splits, as the tables report it.
 */

export interface RatioInterval {
  /** mean nDCG@10 of A / mean nDCG@10 of B: the ratio the tables show. */
  ratio: number;
  /** The interval's ends: the (1 - level)/2 and (1 + level)/2 quantiles of the resampled ratios. */
  low: number;
  high: number;
  /** Share of resampled ratios the interval holds, e.g. 0.95. */
  level: number;
  /** Resamples drawn. */
  samples: number;
  /** Users per resample, summed over splits. */
  users: number;
}

export interface IntervalOptions {
  /** Resamples (whole number ≥ 100). Default 2000. */
  samples?: number;
  /** In (0, 1). Default 0.95. */
  level?: number;
  /** Seed of the draws. Default 42. */
  seed?: number;
}

/**
 * The paired bootstrap interval of `a.ndcgAt10 / b.ndcgAt10`, or null when either result lacks per-user
 * numbers (results read back from JSON do) or B's nDCG@10 is 0.
 * @throws Error when the two results were not computed on the same splits and users.
 */
export function ndcgRatioInterval(a: ModelResult, b: ModelResult, options: IntervalOptions = {}): RatioInterval | null {
  const { samples = 2000, level = 0.95, seed = 42 } = options;
  if (!Number.isInteger(samples) || samples < 100)
    throw new RangeError(`samples must be a whole number ≥ 100, got ${samples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (a.folds.length !== b.folds.length) throw new Error(`${a.model} and ${b.model} were scored on different splits`);
  const pairs: [number[], number[]][] = [];
  for (let j = 0; j < a.folds.length; j++) {
    const x = a.folds[j].ndcgByUser;
    const y = b.folds[j].ndcgByUser;
    if (x === undefined || y === undefined) return null;
    if (a.folds[j].label !== b.folds[j].label || x.length !== y.length) {
      throw new Error(`${a.model} and ${b.model} ranked different users on split ${a.folds[j].label}`);
    }
    pairs.push([x, y]);
  }
  const mean = (xs: readonly number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const ratioOf = (means: [number, number][]) => mean(means.map((m) => m[0])) / mean(means.map((m) => m[1]));
  const ratio = ratioOf(pairs.map(([x, y]) => [mean(x), mean(y)]));
  if (!Number.isFinite(ratio)) return null;
  const rng = createRng(seed);
  const ratios = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    const means = pairs.map(([x, y]): [number, number] => {
      let sx = 0;
      let sy = 0;
      for (let i = 0; i < x.length; i++) {
        const pick = Math.floor(rng() * x.length);
        sx += x[pick];
        sy += y[pick];
      }
      return [sx / x.length, sy / x.length];
    });
    ratios[s] = ratioOf(means);
  }
  ratios.sort();
  const at = (q: number) => ratios[Math.min(samples - 1, Math.max(0, Math.floor(q * samples)))];
  return {
    ratio,
    low: at((1 - level) / 2),
    high: at((1 + level) / 2),
    level,
    samples,
    users: pairs.reduce((n, [x]) => n + x.length, 0),
  };
}

/**
 * The interval in words, as the verdicts and the bench targets print it: "95% bootstrap interval over users:
 * 1.39–1.72×", or with `users` the count: "… over 591 users: …".
 */
export function describeInterval(i: RatioInterval, options: { users?: boolean } = {}): string {
  const over = options.users ? `${i.users} users` : 'users';
  return `${Math.round(i.level * 100)}% bootstrap interval over ${over}: ${i.low.toFixed(2)}–${i.high.toFixed(2)}×`;
}
