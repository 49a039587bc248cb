import { UsageError } from '../errors';

/**
 * Scoring for boosted-trees.ts, kept out of the library's public surface (index.ts does not export it): the
 * trees as grown, and one packed scorer over all of them.
 */

/**
 * A tree as grown, in flat arrays: node i splits on feature[i] at threshold[i] (x ≤ threshold goes to left[i],
 * else to right[i]), or is a leaf (feature[i] = -1) with value[i].
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/**
 * Scoring with every tree stored as a complete binary tree of the forest's depth D, all trees in one set of
 * arrays: tree t's internal nodes (heap order, children of i at 2i+1 and 2i+2) at t·(2^D − 1), its leaves at
 * t·2^D. A leaf grown above depth D is copied to every leaf below it, so the walk takes exactly D steps
 * whichever way it turns, and the step is arithmetic instead of a chase through child links. Same sums, in the
 * same order, as walking the trees as grown. Measured on the 102,393 candidates of ease-rerank's inner split of
 * mls-temporal, 5 forests × 300 trees of depth 3: 5.9 s walking one object per tree, 2.1 s here.
 */
export function packedScorer(
  forests: Tree[][],
  bases: number[],
  depth: number,
): (x: Float32Array, offset: number) => number {
  const all = forests.flat();
  const inner = 2 ** depth - 1;
  const leaves = 2 ** depth;
  const feature = new Int32Array(all.length * inner);
  const threshold = new Float32Array(all.length * inner);
  const value = new Float64Array(all.length * leaves);
  all.forEach((t, k) => {
    // Node `i` of the grown tree sits at heap position `at`, `d` levels down.
    const place = (i: number, at: number, d: number): void => {
      if (d === depth && t.feature[i] >= 0) throw new UsageError(`a tree splits below depth ${depth}`);
      if (t.feature[i] < 0) {
        const span = 2 ** (depth - d);
        const first = at * span + span - 1 - inner; // leftmost leaf below heap position `at`
        value.fill(t.value[i], k * leaves + first, k * leaves + first + span);
        return;
      }
      feature[k * inner + at] = t.feature[i];
      threshold[k * inner + at] = t.threshold[i];
      place(t.left[i], 2 * at + 1, d + 1);
      place(t.right[i], 2 * at + 2, d + 1);
    };
    place(0, 0, 0);
  });
  const firstTree = new Int32Array(forests.length + 1);
  forests.forEach((trees, b) => {
    firstTree[b + 1] = firstTree[b] + trees.length;
  });
  const base = Float64Array.from(bases);
  const bag = forests.length;
  return (x, offset) => {
    // Locals, not the closure's variables, inside the loop: V8 then keeps them in registers (measured 1.5×).
    const D = depth;
    const I = inner;
    const L = leaves;
    const fs = feature;
    const th = threshold;
    const vs = value;
    let sum = 0;
    for (let b = 0; b < bag; b++) {
      let s = base[b];
      const end = firstTree[b + 1];
      for (let t = firstTree[b]; t < end; t++) {
        const nodes = t * I;
        let i = 0;
        // Left is 2i+1, right 2i+2. The comparison turned into a number, not a branch, measured 1.5× faster
        // (3.2 → 2.1 s below): which way a sample turns is close to a coin toss, and a mispredicted branch
        // stalls the CPU.
        for (let d = 0; d < D; d++) i = 2 * i + 2 - +(x[offset + fs[nodes + i]] <= th[nodes + i]);
        s += vs[t * L + i - I];
      }
      sum += s;
    }
    return sum / bag;
  };
}
