import { popularity, topByGenre } from '../baselines';
import { cleanDataset } from '../cleaning';
import { UsageError } from '../errors';
import { loadDataset } from '../loading';
import { createModel, MODEL_NAMES } from '../models/registry';
import { terminalProgress } from '../progress';
import type { MovieLens } from '../types';
import { CLEANING_OPTIONS, COMMON_OPTIONS, datasetOption, intOption, type ParsedOptions } from './args';
import { type Command, emit, textTable } from './command';
import { part1Options, SVD_OPTIONS } from './part1-options';

/** The data of part 1 as the flags ask: cleaned (step 2) unless --no-clean, bot-like users dropped with --drop-bots. */
export async function dataOf(values: ParsedOptions): Promise<MovieLens> {
  const raw = await loadDataset(datasetOption(values));
  const o = part1Options(values);
  return o.clean ? cleanDataset(raw, o.cleaning).data : raw;
}

export const popularCommand: Command = {
  name: ['popular'],
  summary: 'the best-rated movies among those with enough ratings, overall or in one genre (blog step 3)',
  options: {
    ...COMMON_OPTIONS,
    genre: { type: 'string', value: 'G', help: 'only movies of this genre, e.g. Comedy' },
    'min-count': {
      type: 'string',
      value: 'N',
      help: 'least number of ratings, inclusive (default 50; 20 with --genre)',
    },
    top: { type: 'string', value: 'N', help: 'how many movies (default 10)' },
    ...CLEANING_OPTIONS,
  },
  async run(values, io) {
    const data = await dataOf(values);
    const genre = typeof values.genre === 'string' ? values.genre : undefined;
    const minCount = intOption(values, 'min-count', genre === undefined ? 50 : 20, 1, 1_000_000);
    const top = intOption(values, 'top', 10, 1, 100_000);
    const rows =
      genre === undefined
        ? popularity(data.ratings, data.movies, { minCount, top })
        : topByGenre(data.ratings, data.movies, { minCount, top, genres: [genre] })[0].movies;
    const items = rows.map(({ movieId, title, avgRating, count }) => ({ movieId, title, avgRating, count }));
    emit(io, values.json === true, { items }, ({ items }) =>
      items.length === 0
        ? `no movie has ${minCount} or more ratings${genre === undefined ? '' : ` in ${genre}`}`
        : textTable(
            ['movieId', 'title', 'avgRating', 'count'],
            items.map((m) => [m.movieId, m.title, Number(m.avgRating.toFixed(4)), m.count]),
          ),
    );
  },
};

/**
 * `--model` of recs recommend: the blog's two (popularity = its step-3 list; svd = step 5, with --fill choosing
 * svd-zero or svd-user-mean), or any model `recs evaluate` knows.
 */
function registryName(requested: string, fill: string): string {
  if (requested === 'popularity') return 'popularity-average';
  if (requested === 'svd') return `svd-${fill}`;
  return requested;
}

export const recommendCommand: Command = {
  name: ['recommend'],
  summary: 'the top movies for one user that they have not rated, from popularity or the SVD (blog step 5)',
  options: {
    ...COMMON_OPTIONS,
    user: { type: 'string', value: 'U', help: 'required: the userId' },
    top: { type: 'string', value: 'N', help: 'how many movies (default 5)' },
    model: {
      type: 'string',
      value: 'M',
      help: `popularity or svd (default svd), or any of ${MODEL_NAMES.join(', ')}`,
    },
    ...SVD_OPTIONS,
    ...CLEANING_OPTIONS,
  },
  async run(values, io) {
    if (values.user === undefined) throw new UsageError('--user is required, e.g. --user 1');
    const userId = intOption(values, 'user', 0, 1, 2 ** 31 - 1);
    const top = intOption(values, 'top', 5, 1, 100_000);
    const requested = typeof values.model === 'string' ? values.model : 'svd';
    const o = part1Options(values);
    const name = registryName(requested, o.fill ?? 'zero');
    const data = await dataOf(values);
    if (!data.ratings.userId.includes(userId)) {
      const ids = Array.from(new Set(data.ratings.userId)).sort((a, b) => a - b);
      throw new UsageError(
        `user ${userId} has no ratings in ${data.name} (users are ${ids[0]}..${ids[ids.length - 1]})`,
      );
    }
    const model = createModel(name, { k: o.k, fill: o.fill, seed: o.seed });
    const fitted = model.fit(data.ratings, { movies: data.movies, progress: terminalProgress() });
    const titles = new Map(data.movies.map((m) => [m.movieId, m.title]));
    const items = fitted.recommend(userId, { top }).map((r) => ({
      movieId: r.movieId,
      title: titles.get(r.movieId) ?? `movie ${r.movieId}`,
      score: r.score,
    }));
    emit(io, values.json === true, { userId, model: model.name, items }, (r) =>
      [
        `top ${r.items.length} for user ${r.userId} (${model.description})`,
        textTable(
          ['rank', 'movieId', 'title', 'score'],
          r.items.map((m, i) => [i + 1, m.movieId, m.title, Number(m.score.toFixed(4))]),
        ),
      ].join('\n'),
    );
  },
};
