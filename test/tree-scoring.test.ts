import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { UsageError } from '../lib/src/errors';
import { packedScorer, type Tree } from '../lib/src/models/tree-scoring';

const FEATURES = 4;

/** The definition: follow the child links from the root until a leaf. */
function walk(tree: Tree, x: Float32Array, offset: number): number {
  let i = 0;
  while (tree.feature[i] >= 0) i = x[offset + tree.feature[i]] <= tree.threshold[i] ? tree.left[i] : tree.right[i];
  return tree.value[i];
}

interface Shape {
  split: boolean;
  feature: number;
  threshold: number;
  value: number;
  left?: Shape;
  right?: Shape;
}

/** A grown tree of at most `depth` levels, leaves anywhere above it, nodes in the order grow() makes them. */
function shapeArb(depth: number): fc.Arbitrary<Shape> {
  const node = fc.record({
    split: depth > 0 ? fc.boolean() : fc.constant(false),
    feature: fc.integer({ min: 0, max: FEATURES - 1 }),
    threshold: fc.constantFrom(-1, 0, 0.5, 1, 2),
    value: fc.double({ min: -1, max: 1, noNaN: true }),
  });
  if (depth === 0) return node;
  return fc.record({ n: node, left: shapeArb(depth - 1), right: shapeArb(depth - 1) }).map(({ n, left, right }) => ({
    ...n,
    left,
    right,
  }));
}

function toTree(shape: Shape): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const add = (s: Shape): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(s.threshold);
    left.push(-1);
    right.push(-1);
    value.push(s.value);
    if (s.split && s.left !== undefined && s.right !== undefined) {
      feature[id] = s.feature;
      left[id] = add(s.left);
      right[id] = add(s.right);
    }
    return id;
  };
  add(shape);
  return {
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

test('the packed scorer gives the sums of walking the grown trees, leaves above full depth, NaN and ties included', () => {
  const depth = 3;
  const sample = fc.array(fc.constantFrom(-2, -1, 0, 0.5, 1, 3, Number.NaN), {
    minLength: FEATURES,
    maxLength: FEATURES,
  });
  const forests = fc.array(fc.array(shapeArb(depth).map(toTree), { minLength: 1, maxLength: 6 }), {
    minLength: 1,
    maxLength: 3,
  });
  fc.assert(
    fc.property(forests, fc.array(sample, { minLength: 1, maxLength: 8 }), (trees, rows) => {
      const bases = trees.map((_, b) => b / 10);
      const score = packedScorer(trees, bases, depth);
      const X = Float32Array.from(rows.flat());
      rows.forEach((_, r) => {
        let sum = 0;
        trees.forEach((forest, b) => {
          let s = bases[b];
          for (const t of forest) s += walk(t, X, r * FEATURES);
          sum += s;
        });
        assert.equal(score(X, r * FEATURES), sum / trees.length);
      });
    }),
  );
});

test('a tree deeper than the depth it is packed for is refused', () => {
  const deep = toTree({
    split: true,
    feature: 0,
    threshold: 0,
    value: 0,
    left: { split: true, feature: 1, threshold: 0, value: 0, left: leaf(1), right: leaf(2) },
    right: leaf(3),
  });
  assert.throws(() => packedScorer([[deep]], [0], 1), UsageError);
  assert.equal(packedScorer([[deep]], [0], 2)(Float32Array.of(-1, 1, 0, 0), 0), 2);
});

function leaf(value: number): Shape {
  return { split: false, feature: 0, threshold: 0, value };
}
