/**
 * Summaries of repeated timings. Medians, because this machine's speed drifts by tens of percent within
 * seconds (two cores shared with other work): one slow run moves a mean, not a median.
 */

/** A timing summary in seconds, with the runs it was made from (in the order they ran). */
export interface Timing {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no values');
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Seconds rounded to the microsecond: finer digits are noise and only lengthen the JSON. */
export function roundSeconds(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function timing(seconds: readonly number[]): Timing {
  const samples = seconds.map(roundSeconds);
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
}

/** The largest |ours − theirs| / theirs over the first `ours.length` values (both descending singular values). */
export function maxRelativeDifference(ours: ArrayLike<number>, theirs: ArrayLike<number>): number {
  if (theirs.length < ours.length) throw new Error(`reference has ${theirs.length} values, need ${ours.length}`);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / theirs[i]);
  return worst;
}

/** "40.1 ms" under a second, "1.23 s" from one to a hundred seconds, "123 s" beyond: three significant digits. */
export function formatSeconds(seconds: number): string {
  // Compared after rounding, so that 0.9996 s reads "1.00 s" rather than "1.00e+3 ms".
  const ms = (seconds * 1000).toPrecision(3);
  if (Number(ms) < 1000) return `${ms} ms`;
  if (Number(seconds.toPrecision(3)) < 100) return `${seconds.toPrecision(3)} s`;
  return `${seconds.toFixed(0)} s`;
}
