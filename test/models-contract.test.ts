import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { biasBaselineModel } from '../lib/src/models/bias-baseline';
import { easeModel } from '../lib/src/models/ease';
import { easeNextModel } from '../lib/src/models/ease-next';
import { easeRerankModel } from '../lib/src/models/ease-rerank';
import { genrePopularityModel } from '../lib/src/models/genre-popularity';
import { itemKnnModel } from '../lib/src/models/item-knn';
import { mfSgdModel } from '../lib/src/models/mf-sgd';
import type { Model } from '../lib/src/models/model';
import { popularityModel } from '../lib/src/models/popularity';
import { svdModel } from '../lib/src/models/svd-model';
import { generateRatings } from '../lib/src/synthetic';
import type { Movie } from '../lib/src/types';

// A seeded MovieLens-like table small enough to run every model in milliseconds: 20 users, 60 movies.
const train = generateRatings({ ratings: 600, users: 20, movies: 60, seed: 11 });
const GENRES = ['Action', 'Comedy', 'Drama', 'Horror'];
const movies: Movie[] = Array.from({ length: 60 }, (_, i) => ({
  movieId: i + 1,
  title: `Movie ${i + 1}`,
  genres: [GENRES[i % 4], ...(i % 3 === 0 ? [GENRES[(i + 1) % 4]] : [])],
}));
const users = [...new Set(train.userId)].sort((a, b) => a - b);
const seenBy = new Map<number, Set<number>>();
for (let i = 0; i < train.length; i++) {
  const mine = seenBy.get(train.userId[i]) ?? new Set<number>();
  mine.add(train.movieId[i]);
  seenBy.set(train.userId[i], mine);
}

// Settings small enough for the table (EASE's default minCount of 20 watchers would keep almost no movie).
const models: Model[] = [
  svdModel({ fill: 'zero', k: 5 }),
  svdModel({ fill: 'user-mean', k: 5 }),
  popularityModel({ by: 'count' }),
  popularityModel({ by: 'average', minCount: 5 }),
  popularityModel({ by: 'damped' }),
  genrePopularityModel(),
  biasBaselineModel(),
  mfSgdModel({ factors: 8, epochs: 5 }),
  itemKnnModel({ neighbours: 5 }),
  easeModel({ minCount: 3, lambda: 10 }),
  easeNextModel({ minCount: 3, lambda: 10 }),
  easeRerankModel({
    pool: 20,
    extra: 5,
    easeNext: { minCount: 3, lambda: 10 },
    trees: { trees: 20, minLeaf: 5, bag: 2 },
  }),
];

for (const model of models) {
  describe(`${model.name} (${model.description})`, () => {
    const fitted = model.fit(train, { movies });

    test('never recommends a movie the user rated in training, nor the same movie twice', () => {
      for (const user of users) {
        const list = fitted.recommend(user, { top: 60 });
        const ids = list.map((r) => r.movieId);
        assert.equal(new Set(ids).size, ids.length);
        for (const id of ids) assert.ok(!seenBy.get(user)?.has(id), `user ${user} already rated movie ${id}`);
      }
    });

    test('lists best first, ties by movieId ascending, at most `top` long', () => {
      for (const user of users) {
        const list = fitted.recommend(user, { top: 7 });
        assert.ok(list.length <= 7);
        for (let i = 1; i < list.length; i++) {
          const [a, b] = [list[i - 1], list[i]];
          assert.ok(
            a.score > b.score || (a.score === b.score && a.movieId < b.movieId),
            `user ${user}: movie ${a.movieId} before ${b.movieId}`,
          );
        }
      }
      assert.equal(fitted.recommend(users[0]).length <= 10, true);
    });

    test('recommends only among the given candidates', () => {
      const candidates = [1, 2, 3, 5, 8, 13, 21, 34, 55, 999];
      for (const user of users) {
        for (const r of fitted.recommend(user, { top: 10, candidates })) assert.ok(candidates.includes(r.movieId));
      }
    });

    test('fitting twice on the same data gives the same lists', () => {
      const again = model.fit(train, { movies });
      for (const user of users) assert.deepEqual(again.recommend(user), fitted.recommend(user));
    });

    test('a user absent from training still gets a full list', () => {
      assert.equal(fitted.recommend(10_000).length, 10);
    });

    test(model.predictsRatings ? 'predicts ratings on the training scale' : 'predicts no rating (NaN)', () => {
      for (const user of users.slice(0, 5)) {
        for (const movie of [1, 30, 60, 999]) {
          const p = fitted.predict(user, movie);
          if (model.predictsRatings) assert.ok(p >= 0.5 && p <= 5, `predicted ${p}`);
          else assert.ok(Number.isNaN(p));
        }
      }
    });
  });
}
