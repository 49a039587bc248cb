import { popularity, topByGenre } from './baselines';
import { type CleaningOptions, cleanDataset } from './cleaning';
import { UsageError } from './errors';
import {
  type Figure,
  type Milestone,
  type PlotlyFigure,
  reconstructedPredictionsFigure,
  roadmapFigure,
  SERIES_STEPS,
  snapshotFigure,
  svdPipelineFigure,
  topByGenreFigure,
  topPopularFigure,
  userMovieMatrixFigure,
  userTopFigure,
} from './figures';
import type { RatingsBlock } from './figures/heatmap';
import { loadDataset, ratingsToRecords } from './loading';
import { buildRatingMatrix, denseBlock, type RatingMatrix } from './matrix';
import { countBy } from './snapshot';
import { type Fill, fitSvd, recommendSvd, type SvdModel } from './svd';
import type { DatasetName, MovieLens, ScoredMovie, UserId } from './types';

/**
 * Blog part 1 end to end, with the post's settings in one place: what `recs figures` draws and what the
 * notebooks show come from these functions, so a figure and its notebook cell can never disagree.
 */

/** Where the series stands: part 1 (steps 1–3) is what this project has built so far. */
export const ROADMAP: readonly Milestone[] = SERIES_STEPS.map((s) => ({
  ...s,
  status: s.step <= 3 ? 'done' : s.step === 4 ? 'next' : 'planned',
}));

/** The settings of blog part 1; each default is the blog's. */
export interface Part1Options {
  /** Default 'ml-latest-small', the blog's "MovieLens 100K". */
  dataset?: DatasetName;
  /** Run step 2 (cleaning); default true. */
  clean?: boolean;
  /** Cleaning options; default keeps bot-like users and reports them. */
  cleaning?: CleaningOptions;
  /** Minimum ratings for the popularity list (inclusive); default 50. */
  minCount?: number;
  /** Movies in the popularity figure; default 10. */
  top?: number;
  /** Minimum ratings per movie within a genre (inclusive); default 20. */
  genreMinCount?: number;
  /** Genres drawn in figure 4; default five genres every reader knows. */
  genres?: readonly string[];
  /** Rank of the SVD; default 50. */
  k?: number;
  /** How missing ratings are filled before the SVD; default 'zero', as in the blog. */
  fill?: Fill;
  /** Seed of the SVD's start vectors; default 42. */
  seed?: number;
  /** The user whose recommendations figure 8 shows; default 1. */
  userId?: UserId;
  /** Recommendations for that user; default 5. */
  recommendations?: number;
  /** Size of the block drawn in figures 6 and 7: the first `users` users × the `movies` most-rated movies; default 8 × 8. */
  block?: { users: number; movies: number };
}

export const PART1_DEFAULTS = {
  dataset: 'ml-latest-small',
  clean: true,
  minCount: 50,
  top: 10,
  genreMinCount: 20,
  genres: ['Action', 'Comedy', 'Drama', 'Horror', 'Sci-Fi'],
  k: 50,
  fill: 'zero',
  seed: 42,
  userId: 1,
  recommendations: 5,
  block: { users: 8, movies: 8 },
} as const satisfies Required<Omit<Part1Options, 'cleaning'>>;

/** The data of part 1: the dataset as loaded, the data after step 2, the matrix and the fitted SVD. */
export interface Part1 {
  options: Required<Omit<Part1Options, 'cleaning'>> & Pick<Part1Options, 'cleaning'>;
  raw: MovieLens;
  data: MovieLens;
  matrix: RatingMatrix;
  model: SvdModel;
}

/** Loads (fetching on first use), cleans, builds the matrix and fits the SVD, with `options` over the defaults. */
export async function runPart1(options: Part1Options = {}): Promise<Part1> {
  const o = { ...PART1_DEFAULTS, ...options };
  const raw = await loadDataset(o.dataset);
  const data = o.clean ? cleanDataset(raw, o.cleaning).data : raw;
  const matrix = buildRatingMatrix(data.ratings);
  const model = fitSvd(matrix, { k: o.k, fill: o.fill, seed: o.seed });
  return { options: o, raw, data, matrix, model };
}

/** The block of figures 6 and 7: the first users by id × the most-rated movies (ties by movieId). */
export function blockOf(p: Part1): RatingsBlock {
  const { users, movies } = p.options.block;
  const counts = [...countBy(p.data.ratings.movieId)].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const movieIds = counts.slice(0, movies).map(([id]) => id);
  const userIds = Array.from(p.matrix.userIds.slice(0, users));
  const titles = new Map(p.data.movies.map((m) => [m.movieId, m.title]));
  return {
    users: userIds,
    movies: movieIds.map((movieId) => ({ movieId, title: titles.get(movieId) ?? `movie ${movieId}` })),
    ratings: denseBlock(p.matrix, userIds, movieIds),
  };
}

/** The reconstructed scores of the block: row by row from the SVD, never the whole dense matrix. */
export function reconstructedBlock(p: Part1, block: RatingsBlock = blockOf(p)) {
  const predicted = block.users.map((userId) => {
    const row = p.model.predictRow(p.matrix.rowOf(userId));
    return block.movies.map((m) => row[p.matrix.colOf(m.movieId)]);
  });
  return { ...block, predicted, k: p.options.k };
}

/** The top recommendations for the part's user, with titles. */
export function userTop(p: Part1, userId: UserId = p.options.userId): ScoredMovie[] {
  const titles = new Map(p.data.movies.map((m) => [m.movieId, m.title]));
  return recommendSvd(p.model, userId, { top: p.options.recommendations }).map((r) => ({
    movieId: r.movieId,
    title: titles.get(r.movieId) ?? `movie ${r.movieId}`,
    score: r.score,
  }));
}

/** A short name of the fitted model for subtitles: `SVD, k = 50, zero fill`. */
export function modelLabel(p: Part1): string {
  return `SVD, k = ${p.options.k}, ${p.options.fill === 'zero' ? 'zero' : 'user-mean'} fill`;
}

/** Figure 2: the first rows of ratings.csv and movies.csv, as published (before cleaning). */
export function snapshotFigureOf(raw: MovieLens): Figure {
  return snapshotFigure({
    ratings: ratingsToRecords(raw.ratings, 0, 5),
    movies: raw.movies.slice(0, 5),
    ratingsTotal: raw.ratings.length,
    moviesTotal: raw.movies.length,
  });
}

/** Figure 3: the top movies by average rating among those with at least `minCount` ratings. */
export function topPopularFigureOf(data: MovieLens, options: Pick<Part1Options, 'minCount' | 'top'> = {}): Figure {
  const { minCount, top } = { ...PART1_DEFAULTS, ...options };
  const popular = popularity(data.ratings, data.movies, { minCount });
  return topPopularFigure({ items: popular.slice(0, top), minCount, qualifying: popular.length });
}

/** Figure 4: the top 3 movies in each of several genres, with at least `genreMinCount` ratings. */
export function topByGenreFigureOf(
  data: MovieLens,
  options: Pick<Part1Options, 'genreMinCount' | 'genres'> = {},
): Figure {
  const { genreMinCount, genres } = { ...PART1_DEFAULTS, ...options };
  return topByGenreFigure({
    genres: topByGenre(data.ratings, data.movies, { minCount: genreMinCount, top: 3, genres: [...genres] }),
    minCount: genreMinCount,
  });
}

/** Figure 5: the SVD pipeline with the sizes of this matrix. */
export function svdPipelineFigureOf(p: Part1): Figure {
  const o = p.options;
  return svdPipelineFigure({
    users: p.matrix.rows,
    movies: p.matrix.cols,
    k: o.k,
    fill: o.fill,
    topN: o.recommendations,
  });
}

/** Figure 6: a block of the user × movie matrix; figure 7: the same block reconstructed; figure 8: user 1's top 5. */
export function matrixFigureOf(p: Part1): PlotlyFigure {
  return userMovieMatrixFigure(blockOf(p));
}

export function reconstructionFigureOf(p: Part1): PlotlyFigure {
  return reconstructedPredictionsFigure(reconstructedBlock(p));
}

export function userTopFigureOf(p: Part1): Figure {
  return userTopFigure({ userId: p.options.userId, items: userTop(p), model: modelLabel(p) });
}

/** The eight figures of blog part 1, in order. */
export function part1Figures(p: Part1): Figure[] {
  return [
    roadmapFigure(ROADMAP),
    snapshotFigureOf(p.raw),
    topPopularFigureOf(p.data, p.options),
    topByGenreFigureOf(p.data, p.options),
    svdPipelineFigureOf(p),
    matrixFigureOf(p),
    reconstructionFigureOf(p),
    userTopFigureOf(p),
  ];
}

/**
 * RMSE in stars of the model's reconstruction over the ratings it was fitted on (training error): it falls
 * as k grows, whether or not predictions of unseen ratings improve. One row of scores at a time.
 */
export function reconstructionRmse(model: SvdModel): number {
  const m = model.matrix;
  let sq = 0;
  for (let r = 0; r < m.rows; r++) {
    const scores = model.predictRow(r);
    for (let q = m.indptr[r]; q < m.indptr[r + 1]; q++) sq += (scores[m.indices[q]] - m.values[q]) ** 2;
  }
  return Math.sqrt(sq / m.indptr[m.rows]);
}

/** The scores the model gives a user's unrated movies, in column order: what the fill mode changes most. */
export function unseenScores(model: SvdModel, userId: UserId): Float64Array {
  const m = model.matrix;
  const row = m.rowOf(userId);
  if (row < 0) throw new UsageError(`user ${userId} has no ratings in this matrix`);
  const scores = model.predictRow(row);
  const seen = new Uint8Array(m.cols);
  for (let q = m.indptr[row]; q < m.indptr[row + 1]; q++) seen[m.indices[q]] = 1;
  return scores.filter((_, c) => seen[c] === 0);
}
