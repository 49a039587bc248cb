import { UsageError } from './errors';
import type { Rng } from './random';

/**
 * Weighted sampling for the synthetic data generator: splitting a total into integer counts in proportion to
 * weights, and drawing distinct items with probability proportional to weight. Both run in typed arrays, so
 * that 25 million draws cost seconds and no object per draw.
 */

/**
 * Splits `total` into one integer count per weight, each in [`min`, `max`], the part above `min` shared in
 * proportion to the weights. Counts that would pass `max` are held at `max` and their excess shared among the
 * others ("water filling"), so the result always sums to `total`. Rounding keeps each count within 1 of its
 * exact share.
 * @param weights positive numbers, one per count.
 * @throws UsageError when `total` is outside [n·min, n·max].
 */
export function apportion(total: number, weights: ArrayLike<number>, min: number, max: number): Int32Array {
  const n = weights.length;
  if (!(Number.isInteger(total) && total >= n * min && total <= n * max)) {
    throw new UsageError(`cannot split ${total} into ${n} counts each from ${min} to ${max}`);
  }
  const counts = new Int32Array(n).fill(min);
  const room = max - min;
  const full = new Uint8Array(n);
  let left = total - n * min;
  for (let changed = true; changed && left > 0; ) {
    changed = false;
    let sum = 0;
    for (let i = 0; i < n; i++) if (!full[i]) sum += weights[i];
    const perWeight = left / sum;
    for (let i = 0; i < n; i++) {
      if (full[i] || weights[i] * perWeight < room) continue;
      full[i] = 1;
      counts[i] = max;
      left -= room;
      changed = true;
    }
  }
  let sum = 0;
  for (let i = 0; i < n; i++) if (!full[i]) sum += weights[i];
  // Cumulative rounding: each count is its share rounded up or down, and the counts add up to `left`.
  let exact = 0;
  let given = 0;
  for (let i = 0; i < n && left > 0; i++) {
    if (full[i]) continue;
    exact += (left * weights[i]) / sum;
    const share = Math.min(room, Math.round(exact) - given);
    counts[i] += share;
    given += share;
  }
  // Floating-point rounding can leave the total off by one or two; settle it where there is room.
  for (let i = 0; given !== left && i < n; i++) {
    const step = given < left ? 1 : -1;
    if (step > 0 ? counts[i] < max : counts[i] > min) {
      counts[i] += step;
      given += step;
    }
  }
  return counts;
}

/**
 * Draws distinct indices 0..n-1 with probability proportional to weight (successive sampling: each draw
 * chooses among the indices not drawn yet). Small draws use an alias table (Walker/Vose, O(1) a draw) and
 * reject repeats; a draw of a large share of the items, where rejections would pile up, sorts
 * Efraimidis–Spirakis keys instead (the same distribution, O(n log n)).
 */
export class DistinctSampler {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  private readonly weights: Float64Array;
  /** `seen[i] === stamp` marks index i as drawn in the current call: no clearing between calls. */
  private readonly seen: Int32Array;
  private stamp = 0;
  private keys: Float64Array | undefined;

  /** @param weights positive and finite, one per item. */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    this.weights = Float64Array.from(weights);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      if (!(weights[i] > 0 && Number.isFinite(weights[i]))) throw new UsageError('weights must be positive and finite');
      sum += weights[i];
    }
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    this.seen = new Int32Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      this.prob[i] = (weights[i] * n) / sum;
      if (this.prob[i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns];
      const l = large[nl - 1];
      this.alias[s] = l;
      this.prob[l] -= 1 - this.prob[s];
      if (this.prob[l] < 1) {
        nl--;
        small[ns++] = l;
      }
    }
    // Leftovers are 1 up to rounding error.
    while (nl > 0) this.prob[large[--nl]] = 1;
    while (ns > 0) this.prob[small[--ns]] = 1;
  }

  /** Number of items. */
  get size(): number {
    return this.weights.length;
  }

  /** Fills `out` with `out.length` distinct indices, in draw order. */
  draw(out: Int32Array, rng: Rng): Int32Array {
    const count = out.length;
    const n = this.size;
    if (count > n) throw new UsageError(`cannot draw ${count} distinct items out of ${n}`);
    if (4 * count <= n && this.byRejection(out, rng)) return out;
    return this.byKeys(out, rng);
  }

  /** Alias draws, repeats rejected; gives up (false) after a budget of rejections. */
  private byRejection(out: Int32Array, rng: Rng): boolean {
    const { prob, alias, seen } = this;
    const n = prob.length;
    const stamp = ++this.stamp;
    let budget = 4 * out.length + 64;
    for (let k = 0; k < out.length; ) {
      // One uniform gives both the column and the coin: 32 bits leave enough of the fraction for the coin.
      const x = rng() * n;
      const column = Math.floor(x);
      const i = x - column < prob[column] ? column : alias[column];
      if (seen[i] === stamp) {
        if (--budget < 0) return false;
        continue;
      }
      seen[i] = stamp;
      out[k++] = i;
    }
    return true;
  }

  /** Efraimidis–Spirakis: item i gets the key log(u)/w_i; the largest keys, in decreasing order, are the draw. */
  private byKeys(out: Int32Array, rng: Rng): Int32Array {
    const n = this.size;
    this.keys ??= new Float64Array(n);
    const keys = this.keys;
    for (let i = 0; i < n; i++) keys[i] = Math.log(1 - rng()) / this.weights[i];
    const count = out.length;
    if (count === 0) return out;
    const threshold = keys.slice().sort()[n - count];
    let k = 0;
    for (let i = 0; i < n && k < count; i++) if (keys[i] >= threshold) out[k++] = i;
    return out.sort((a, b) => keys[b] - keys[a]);
  }
}
