import { type MovieAverage, rankedBars, rankedRows } from './fig03-top-popular';
import { formatCount, formatRating, listProse, themed } from './theme';
import type { VegaLiteFigure } from './types';

/** The top movies of one genre, best first (the shape of the baselines' `topByGenre` rows). */
export interface GenreTop {
  genre: string;
  movies: readonly MovieAverage[];
}

/** Input of {@link topByGenreFigure}. */
export interface TopByGenreInput {
  /** Genres in the order to draw them, each with its top movies (3 reads well). */
  genres: readonly GenreTop[];
  /** The minimum number of ratings a movie needed to qualify in its genre (inclusive). */
  minCount: number;
}

/**
 * Figure 4: the top movies of several genres, one small bar chart per genre stacked in the order given,
 * each bar labelled with the average and the number of ratings.
 * @throws RangeError when there is no genre, a genre has no movie, or a genre appears twice.
 */
export function topByGenreFigure(input: TopByGenreInput): VegaLiteFigure {
  const { genres, minCount } = input;
  if (genres.length === 0) throw new RangeError('topByGenreFigure needs at least one genre');
  const names = genres.map((g) => g.genre);
  if (new Set(names).size !== names.length) throw new RangeError(`a genre appears twice in ${names.join(', ')}`);
  const empty = genres.find((g) => g.movies.length === 0);
  if (empty) throw new RangeError(`genre '${empty.genre}' has no movie to show`);

  const perGenre = Math.max(...genres.map((g) => g.movies.length));
  const leaders = genres.map((g) => ({ genre: g.genre, best: g.movies[0] }));
  const top = leaders.reduce((a, b) => (b.best.avgRating > a.best.avgRating ? b : a));
  return {
    id: 'fig04',
    slug: 'top-by-genre',
    kind: 'vega-lite',
    title: `Top ${perGenre} movies in ${genres.length} genres`,
    caption:
      `The top ${perGenre} movies by average rating in ${listProse(names)}, among movies with at least ` +
      `${formatCount(minCount)} ratings in the genre. The highest of them: ${top.best.title} ` +
      `(${top.genre}), ${formatRating(top.best.avgRating)} stars over ${formatCount(top.best.count)} ratings.`,
    spec: themed({
      title: {
        text: `Top ${perGenre} movies in ${genres.length} genres`,
        subtitle: `movies with at least ${formatCount(minCount)} ratings; label: average (number of ratings)`,
      },
      // One chart per genre rather than a facet: each has its own titles on y, and facets of layers
      // with independent scales make vega-lite warn about unioned domains.
      vconcat: genres.map((g, i) => ({
        title: { text: g.genre, fontSize: 12, offset: 4, frame: 'group' as const },
        data: { values: rankedRows(g.movies) },
        width: 360,
        height: { step: 22 },
        ...rankedBars(i === genres.length - 1 ? 'average rating (stars)' : undefined),
      })),
      spacing: 16,
    }),
  };
}
