import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { moviesFrame, ratingsFrame, recordsFrame } from '../lib/src/frames';
import { loadMovieLensDir } from '../lib/src/loading';

const FIXTURE = path.join(__dirname, 'fixtures', 'loading', 'latest-small');
const danfoLoaded = () =>
  Object.keys(require.cache).some((file) => file.includes(`${path.sep}danfojs-node${path.sep}`));

test('importing frames does not load danfojs until a frame is made', () => {
  assert.equal(danfoLoaded(), false);
  recordsFrame([{ a: 1 }]);
  assert.equal(danfoLoaded(), true);
});

test('danfojs does not print the tfjs-node hint', async (t) => {
  const warn = t.mock.method(console, 'warn', () => {});
  const log = t.mock.method(console, 'log', () => {});
  const frame = ratingsFrame((await loadMovieLensDir(FIXTURE, 'ml-latest-small')).ratings);
  frame.tensor.dispose(); // the first tensor is when tfjs would print it
  const printed = [...warn.mock.calls, ...log.mock.calls].map((call) => String(call.arguments[0]));
  assert.deepEqual(
    printed.filter((text) => text.includes('tfjs-node')),
    [],
  );
});

test('a ratings frame has one row per rating and the four columns', async () => {
  const { ratings } = await loadMovieLensDir(FIXTURE, 'ml-latest-small');
  const frame = ratingsFrame(ratings);
  assert.deepEqual(frame.shape, [7, 4]);
  assert.deepEqual(frame.columns, ['userId', 'movieId', 'rating', 'timestamp']);
  assert.deepEqual(frame.values[1], [1, 3, 4.5, 964981247]);
  assert.equal(frame.dtypes[2], 'float32');
  assert.ok(Math.abs(frame.rating.mean() - 22.5 / 7) < 1e-12);
  assert.deepEqual(ratingsFrame(ratings, { limit: 2 }).shape, [2, 4]);
  assert.deepEqual(ratingsFrame(ratings, { limit: 0 }).shape, [0, 4]);
  assert.throws(() => ratingsFrame(ratings, { limit: -1 }), /limit must be a whole number/);
});

test('a movies frame joins genres with | and leaves unknown years null', async () => {
  const { movies } = await loadMovieLensDir(FIXTURE, 'ml-latest-small');
  const frame = moviesFrame(movies);
  assert.deepEqual(frame.shape, [5, 4]);
  assert.deepEqual(frame.columns, ['movieId', 'title', 'year', 'genres']);
  assert.deepEqual(frame.values[0], [1, 'Toy Story (1995)', 1995, 'Adventure|Animation|Children|Comedy|Fantasy']);
  assert.deepEqual(frame.values[4], [7, 'Black Mirror', null, '']);
});

test('a records frame has a column per key, nulls for missing values and joined arrays', () => {
  const frame = recordsFrame<{ a: number; b?: string[]; c?: boolean }>([
    { a: 1, b: ['x', 'y'] },
    { a: 2.5, c: true },
  ]);
  assert.deepEqual(frame.columns, ['a', 'b', 'c']);
  assert.deepEqual(frame.values, [
    [1, 'x|y', null],
    [2.5, null, true],
  ]);
  assert.deepEqual(frame.dtypes, ['float32', 'string', 'boolean']);
  assert.deepEqual(recordsFrame([]).shape, [0, 0]);
});
