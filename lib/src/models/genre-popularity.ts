import { knownGenres } from '../baselines';
import { UsageError } from '../errors';
import { buildRatingMatrix } from '../matrix';
import type { FittedModel, Model } from './model';
import { columnPopularity } from './popularity';
import { columnRecommender } from './top-n';

/**
 * The first personal model: the damped popularity list, kept to the genres the user likes.
 *
 * The rule, per user, from their training ratings only:
 * 1. a genre's weight is the number of movies of that genre the user rated at least `likedRating` stars
 *    (a movie counts once in each of its genres); a user with no such rating has every rating counted instead;
 * 2. the favourite genres are the `genres` heaviest ones with a weight above 0, ties by genre name;
 * 3. candidate movies with at least one favourite genre are ranked by damped mean rating; other movies are
 *    not recommended.
 * A user absent from training (no history) gets the plain damped popularity list.
 */

export interface GenrePopularityOptions {
  /** How many favourite genres per user, a whole number ≥ 1. Default 3: most users' top three genres cover a
   * good part of the catalogue, so lists are never short, while still differing between users. */
  genres?: number;
  /** A rating at or above this many stars (0.5–5) counts as liking the movie. Default 4, the protocol's relevance bar. */
  likedRating?: number;
  /** m of the damped mean, in ratings (≥ 0). Default 50, as in popularityModel. */
  damping?: number;
}

export function genrePopularityModel(options: GenrePopularityOptions = {}): Model {
  const { genres = 3, likedRating = 4, damping = 50 } = options;
  if (!Number.isInteger(genres) || genres < 1) throw new UsageError(`genres must be a whole number ≥ 1, got ${genres}`);
  return {
    name: 'genre-popularity',
    description: `damped popularity (m = ${damping}) within the user's ${genres} favourite genres`,
    predictsRatings: false,
    fit(train, context): FittedModel {
      const matrix = buildRatingMatrix(train);
      const stats = columnPopularity(train, context.movies, matrix, damping);
      const names = knownGenres(context.movies);
      if (names.length > 31) throw new UsageError(`at most 31 genres are supported, the catalogue has ${names.length}`);
      // One bit per genre: a movie's genre set is an int, so "shares a favourite genre" is one AND.
      const genreBits = new Int32Array(matrix.cols);
      for (const movie of context.movies) {
        const c = matrix.colOf(movie.movieId);
        if (c < 0) continue;
        for (const g of movie.genres) genreBits[c] |= 1 << names.indexOf(g);
      }
      const weights = new Float64Array(names.length);
      const favouriteBits = (row: number): number => {
        if (row < 0) return -1;
        const countLiked = (liked: boolean) => {
          weights.fill(0);
          for (let p = matrix.indptr[row]; p < matrix.indptr[row + 1]; p++) {
            if (liked && matrix.values[p] < likedRating) continue;
            const bits = genreBits[matrix.indices[p]];
            for (let g = 0; g < names.length; g++) if (bits & (1 << g)) weights[g]++;
          }
          return weights.some((w) => w > 0);
        };
        if (!countLiked(true) && !countLiked(false)) return -1;
        const order = names.map((_, g) => g).sort((a, b) => weights[b] - weights[a] || a - b);
        let bits = 0;
        for (const g of order.slice(0, genres)) if (weights[g] > 0) bits |= 1 << g;
        return bits;
      };
      return {
        predict: () => Number.NaN,
        recommend: columnRecommender(matrix, (row, out) => {
          const favourite = favouriteBits(row);
          for (let c = 0; c < matrix.cols; c++) {
            out[c] = favourite === -1 || genreBits[c] & favourite ? stats.damped[c] : Number.NEGATIVE_INFINITY;
          }
        }),
      };
    },
  };
}
