import { UsageError } from '../errors';
import { type Progress, silentProgress } from '../progress';
import { createRng, type Rng } from '../random';
import { lowerBound } from '../sorted';
import { packedScorer, type Tree } from './tree-scoring';

/**
 * Gradient-boosted decision trees for a yes/no label (logistic loss), the workhorse of learned re-rankers.
 * Each tree is fitted to the gradient of the loss of the trees before it (Friedman 2001) with second-order
 * leaf values and an L2 penalty on them (as XGBoost and LightGBM do). Splits are found on histograms:
 * every feature is cut once into at most `bins` quantile bins, so choosing a split costs one pass over the
 * node's samples plus one over the bins, and a child's histogram is its parent's minus its sibling's.
 *
 * Several forests can be averaged (`bag`), each on its own seeded sample of the negatives and of the
 * features: with a few hundred users to learn from, the average of five forests varies much less than one.
 */

export interface BoostedTreesOptions {
  /** Trees per forest (whole number ≥ 1). Default 300. */
  trees?: number;
  /** Depth of every tree (whole number 1–10): 3 lets a tree combine three features. Default 3. */
  depth?: number;
  /** Shrinkage of each tree's values, in (0, 1]. Default 0.05. */
  rate?: number;
  /** Samples a leaf must hold at least (whole number ≥ 1). Default 50. */
  minLeaf?: number;
  /** L2 penalty on leaf values (≥ 0). Default 1. */
  lambda?: number;
  /** Quantile bins per feature (whole number 2–256). Default 64. */
  bins?: number;
  /** Share of the features each tree may split on, in (0, 1]. Default 0.8. */
  featureShare?: number;
  /** Share of the negative samples each forest learns from (all positives always), in (0, 1]. Default 0.25. */
  negativeShare?: number;
  /** Forests averaged (whole number ≥ 1). Default 5. */
  bag?: number;
  /** Seed of the samples drawn. Default 42. */
  seed?: number;
}

/** Samples to learn from: `X` is row-major, `features` values per sample; `y` is 1 (yes) or 0 (no). */
export interface LabelledSamples {
  X: Float32Array;
  features: number;
  y: Uint8Array;
}

/** A fitted ensemble: the log-odds of "yes" for one sample, averaged over the forests. */
export interface BoostedTrees {
  /** The log-odds for the sample stored at X[offset .. offset + features). */
  score(X: Float32Array, offset: number): number;
  /** How many splits each feature was used in, over all trees: a rough importance. */
  splitsPerFeature: Int32Array;
}

export function fitBoostedTrees(
  samples: LabelledSamples,
  options: BoostedTreesOptions = {},
  progress: Progress = silentProgress,
): BoostedTrees {
  const o = checkedOptions(options);
  const { X, features, y } = samples;
  const n = y.length;
  if (!Number.isInteger(features) || features < 1) throw new UsageError(`features must be ≥ 1, got ${features}`);
  if (X.length !== n * features) {
    throw new UsageError(`X holds ${X.length} values, expected ${n} samples × ${features} features`);
  }
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] > 1) throw new UsageError(`labels must be 0 or 1, got ${y[i]} at sample ${i}`);
    positives += y[i];
  }
  if (positives === 0 || positives === n) {
    throw new UsageError(`need both labels to learn from, got ${positives} positive of ${n} samples`);
  }
  const rng = createRng(o.seed);
  const forests: Tree[][] = [];
  const bases: number[] = [];
  const splitsPerFeature = new Int32Array(features);
  for (let b = 0; b < o.bag; b++) {
    const chosen = sampleNegatives(y, o.negativeShare, rng);
    const { trees, base } = fitForest(X, features, y, chosen, o, rng, splitsPerFeature, (t) =>
      progress.update('boosting trees', b * o.trees + t, o.bag * o.trees),
    );
    forests.push(trees);
    bases.push(base);
  }
  progress.end();
  return { splitsPerFeature, score: packedScorer(forests, bases, o.depth) };
}

type Checked = Required<BoostedTreesOptions>;

function checkedOptions(options: BoostedTreesOptions): Checked {
  const o: Checked = {
    trees: 300,
    depth: 3,
    rate: 0.05,
    minLeaf: 50,
    lambda: 1,
    bins: 64,
    featureShare: 0.8,
    negativeShare: 0.25,
    bag: 5,
    seed: 42,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  const whole = (name: string, x: number, lo: number, hi: number) => {
    if (!Number.isInteger(x) || x < lo || x > hi)
      throw new UsageError(`${name} must be a whole number ${lo}–${hi}, got ${x}`);
  };
  whole('trees', o.trees, 1, 100_000);
  whole('depth', o.depth, 1, 10);
  whole('minLeaf', o.minLeaf, 1, Number.MAX_SAFE_INTEGER);
  whole('bins', o.bins, 2, 256);
  whole('bag', o.bag, 1, 1000);
  for (const [name, x] of [
    ['rate', o.rate],
    ['featureShare', o.featureShare],
    ['negativeShare', o.negativeShare],
  ] as const) {
    if (!(x > 0 && x <= 1)) throw new UsageError(`${name} must be in (0, 1], got ${x}`);
  }
  if (!(o.lambda >= 0)) throw new UsageError(`lambda must be ≥ 0, got ${o.lambda}`);
  return o;
}

/** Every positive sample and a `share` of the negatives, in sample order. */
function sampleNegatives(y: Uint8Array, share: number, rng: Rng): Int32Array {
  const chosen: number[] = [];
  for (let i = 0; i < y.length; i++) if (y[i] === 1 || rng() < share) chosen.push(i);
  return Int32Array.from(chosen);
}

/**
 * Sums of gradient and hessian (interleaved in `gh`) and sample counts per feature and bin over the samples
 * idx[a..b), for the features in used[0..U). `binned` is row-major (sample i's bins at i·F), so one sample's
 * gradient, hessian and bins are read once for all its features (LightGBM's row-wise histograms): fitting
 * ease-rerank's trees on mls-temporal took 8.0 s with a pass per feature, 7.0 s so. Even and odd positions
 * add into two copies (`spare`, same layout, twice as long) summed at the end. That came from the pass per
 * feature, where it measured 1.8× (consecutive samples often share a bin, and two adds in a row to one memory
 * cell make the CPU wait for the first); it stays because it keeps every sum, and so every tree, bit for bit
 * what it was.
 */
function histogram(
  binned: Uint8Array,
  F: number,
  B: number,
  used: Int32Array,
  U: number,
  idx: Int32Array,
  a: number,
  b: number,
  g: Float64Array,
  h: Float64Array,
  gh: Float64Array,
  count: Int32Array,
  spare: Float64Array,
): void {
  const size = F * B;
  const odd = 3 * size;
  spare.fill(0);
  let k = a;
  for (; k + 1 < b; k += 2) {
    const i = idx[k];
    const j = idx[k + 1];
    const gi = g[i];
    const hi = h[i];
    const gj = g[j];
    const hj = h[j];
    const ri = i * F;
    const rj = j * F;
    for (let u = 0; u < U; u++) {
      const f = used[u];
      const x = 3 * (f * B + binned[ri + f]);
      const y = odd + 3 * (f * B + binned[rj + f]);
      spare[x] += gi;
      spare[x + 1] += hi;
      spare[x + 2]++;
      spare[y] += gj;
      spare[y + 1] += hj;
      spare[y + 2]++;
    }
  }
  if (k < b) {
    const i = idx[k];
    for (let u = 0; u < U; u++) {
      const f = used[u];
      const x = 3 * (f * B + binned[i * F + f]);
      spare[x] += g[i];
      spare[x + 1] += h[i];
      spare[x + 2]++;
    }
  }
  for (let at = 0; at < size; at++) {
    gh[2 * at] = spare[3 * at] + spare[odd + 3 * at];
    gh[2 * at + 1] = spare[3 * at + 1] + spare[odd + 3 * at + 1];
    count[at] = spare[3 * at + 2] + spare[odd + 3 * at + 2];
  }
}

/** Upper edges of up to `bins` quantile bins of `values`, strictly increasing; the last bin is open-ended. */
function quantileEdges(values: Float32Array, bins: number): Float32Array {
  const sorted = Float32Array.from(values).sort();
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = sorted[Math.floor((b * sorted.length) / bins)];
    if (edges.length === 0 || v > edges[edges.length - 1]) edges.push(v);
  }
  return Float32Array.from(edges);
}

function fitForest(
  Xall: Float32Array,
  F: number,
  yall: Uint8Array,
  chosen: Int32Array,
  o: Checked,
  rng: Rng,
  splitsPerFeature: Int32Array,
  onTree: (t: number) => void,
): { trees: Tree[]; base: number } {
  const n = chosen.length;
  const B = o.bins;
  // Row-major bins: bin b of feature f holds values in (edges[b-1], edges[b]].
  const edges: Float32Array[] = [];
  const binned = new Uint8Array(n * F);
  const column = new Float32Array(n);
  for (let f = 0; f < F; f++) {
    for (let k = 0; k < n; k++) column[k] = Xall[chosen[k] * F + f];
    const e = quantileEdges(column, B);
    edges.push(e);
    for (let k = 0; k < n; k++) binned[k * F + f] = lowerBound(e, column[k]);
  }
  const y = Uint8Array.from(chosen, (i) => yall[i]);
  let positives = 0;
  for (const v of y) positives += v;
  // Start from the log-odds of the sample; clamp for a bag that drew a single label.
  const p0 = Math.min(Math.max(positives / n, 1e-6), 1 - 1e-6);
  const base = Math.log(p0 / (1 - p0));
  const score = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const idx = new Int32Array(n);
  const spill = new Int32Array(n);
  // Per feature and bin: gradient and hessian sums (interleaved) and sample counts.
  const histSize = F * B;
  const spare = new Float64Array(6 * histSize);
  const levels = Array.from({ length: o.depth + 1 }, () => ({
    smallGh: new Float64Array(2 * histSize),
    smallCount: new Int32Array(histSize),
    largeGh: new Float64Array(2 * histSize),
    largeCount: new Int32Array(histSize),
  }));
  const useFeature = new Uint8Array(F);
  const used = new Int32Array(F);
  const trees: Tree[] = [];
  // The settings the loops read, as plain locals.
  const { rate, lambda, minLeaf, depth: maxDepth, featureShare } = o;
  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-score[i]));
      g[i] = p - y[i];
      h[i] = Math.max(p * (1 - p), 1e-6);
    }
    let any = 0;
    for (let f = 0; f < F; f++) any += useFeature[f] = rng() < featureShare ? 1 : 0;
    if (any === 0) useFeature[Math.floor(rng() * F)] = 1;
    let U = 0;
    for (let f = 0; f < F; f++) if (useFeature[f]) used[U++] = f;
    for (let i = 0; i < n; i++) idx[i] = i;
    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const value: number[] = [];

    const fillHistogram = (a: number, b: number, gh: Float64Array, count: Int32Array) =>
      histogram(binned, F, B, used, U, idx, a, b, g, h, gh, count, spare);

    /**
     * Grows the node over idx[a..b), whose histogram is (gh, count) and whose gradient and hessian sums are G
     * and H (summed in idx order); returns its id.
     */
    const grow = (
      a: number,
      b: number,
      depth: number,
      gh: Float64Array,
      count: Int32Array,
      G: number,
      H: number,
    ): number => {
      const id = feature.length;
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      value.push((-rate * G) / (H + lambda));
      if (depth >= maxDepth || b - a < 2 * minLeaf) {
        for (let k = a; k < b; k++) score[idx[k]] += value[id];
        return id;
      }
      const parent = (G * G) / (H + lambda);
      let best = 1e-12;
      let bestF = -1;
      let bestBin = -1;
      for (let f = 0; f < F; f++) {
        if (!useFeature[f]) continue;
        let gl = 0;
        let hl = 0;
        let nl = 0;
        const last = edges[f].length;
        for (let bin = 0; bin < last; bin++) {
          const at = f * B + bin;
          gl += gh[2 * at];
          hl += gh[2 * at + 1];
          nl += count[at];
          if (nl < minLeaf) continue;
          if (b - a - nl < minLeaf) break;
          const gr = G - gl;
          const hr = H - hl;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
          if (gain > best) {
            best = gain;
            bestF = f;
            bestBin = bin;
          }
        }
      }
      if (bestF < 0) {
        for (let k = a; k < b; k++) score[idx[k]] += value[id];
        return id;
      }
      splitsPerFeature[bestF]++;
      // The partition keeps each side in idx order, so the children's sums, taken on the way, are the sums
      // a pass over each child would make.
      let l = a;
      let r = 0;
      let gLeft = 0;
      let hLeft = 0;
      let gRight = 0;
      let hRight = 0;
      for (let k = a; k < b; k++) {
        const i = idx[k];
        if (binned[i * F + bestF] <= bestBin) {
          idx[l++] = i;
          gLeft += g[i];
          hLeft += h[i];
        } else {
          spill[r++] = i;
          gRight += g[i];
          hRight += h[i];
        }
      }
      idx.set(spill.subarray(0, r), l);
      // The smaller child's histogram is counted, the larger's is the parent's minus it. Both live in the next
      // level's buffers: growing the first child only writes deeper levels, so the second's stays intact.
      // Children too deep or too small to split become leaves, which need no histogram (8.8 → 8.0 s for the fit
      // measured above).
      const leftSmaller = l - a <= b - l;
      const { smallGh, smallCount, largeGh, largeCount } = levels[depth + 1];
      if (depth + 1 < maxDepth && Math.max(l - a, b - l) >= 2 * minLeaf) {
        if (leftSmaller) fillHistogram(a, l, smallGh, smallCount);
        else fillHistogram(l, b, smallGh, smallCount);
        for (let j = 0; j < 2 * histSize; j++) largeGh[j] = gh[j] - smallGh[j];
        for (let j = 0; j < histSize; j++) largeCount[j] = count[j] - smallCount[j];
      }
      threshold[id] = edges[bestF][bestBin];
      feature[id] = bestF;
      left[id] = grow(
        a,
        l,
        depth + 1,
        leftSmaller ? smallGh : largeGh,
        leftSmaller ? smallCount : largeCount,
        gLeft,
        hLeft,
      );
      right[id] = grow(
        l,
        b,
        depth + 1,
        leftSmaller ? largeGh : smallGh,
        leftSmaller ? largeCount : smallCount,
        gRight,
        hRight,
      );
      return id;
    };
    const root = levels[0];
    fillHistogram(0, n, root.smallGh, root.smallCount);
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      G += g[i];
      H += h[i];
    }
    grow(0, n, 0, root.smallGh, root.smallCount, G, H);
    trees.push({
      feature: Int32Array.from(feature),
      threshold: Float32Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: Float64Array.from(value),
    });
    onTree(t + 1);
  }
  return { trees, base };
}
