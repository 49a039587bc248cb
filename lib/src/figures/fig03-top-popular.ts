import type { MovieId } from '../types';
import { formatCount, formatRating, PALETTE, themed } from './theme';
import type { VegaLiteFigure } from './types';

/** A movie's average rating and how many ratings it rests on (the popularity baseline's row). */
export interface MovieAverage {
  movieId: MovieId;
  title: string;
  /** Mean rating in stars (0.5–5.0 in ml-latest-small). */
  avgRating: number;
  /** Number of ratings, at least 1. */
  count: number;
}

/** Input of {@link topPopularFigure}. */
export interface TopPopularInput {
  /** The top movies, best first, in the baseline's order (drawn in the order given). */
  items: readonly MovieAverage[];
  /** The minimum number of ratings a movie needed to qualify (inclusive). */
  minCount: number;
  /** How many movies qualified, when known: the caption says how many the list was picked from. */
  qualifying?: number;
}

/** Where bar charts of ratings end: the top of the star scale, so bars compare at a glance. */
export const MAX_STARS = 5;

/**
 * One row per ranked movie, with its bar label: shared with the per-genre figure. A title that occurs
 * twice (remakes share titles) gets its movie id, since the chart draws one bar per distinct title.
 */
export function rankedRows(items: readonly MovieAverage[]) {
  const seen = new Map<string, number>();
  for (const m of items) seen.set(m.title, (seen.get(m.title) ?? 0) + 1);
  return items.map((m, i) => ({
    rank: i + 1,
    title: (seen.get(m.title) ?? 0) > 1 ? `${m.title} #${m.movieId}` : m.title,
    avgRating: m.avgRating,
    label: `${formatRating(m.avgRating)}  (${formatCount(m.count)} ratings)`,
  }));
}

/**
 * Horizontal bars, one per title in rank order, each labelled with `label` past its end. `xTitle`
 * undefined draws the grid but no x axis (for all but the last of stacked charts).
 */
export function rankedBars(xTitle: string | undefined) {
  const axis =
    xTitle === undefined
      ? { grid: true, tickCount: MAX_STARS, labels: false, ticks: false, domain: false, title: null }
      : { grid: true, tickCount: MAX_STARS, title: xTitle };
  return {
    encoding: {
      y: {
        field: 'title',
        type: 'nominal' as const,
        // `min` because layers union their domains, and vega-lite unions only min, max or count sorts.
        sort: { field: 'rank', op: 'min' as const, order: 'ascending' as const },
        title: null,
        axis: { labelLimit: 320, ticks: false, domain: false, labelPadding: 6 },
      },
      x: {
        field: 'avgRating',
        type: 'quantitative' as const,
        scale: { domain: [0, MAX_STARS] },
        axis,
      },
    },
    layer: [
      { mark: { type: 'bar' as const, color: PALETTE.accent, height: { band: 0.7 } } },
      {
        mark: { type: 'text' as const, align: 'left' as const, baseline: 'middle' as const, dx: 4, fontSize: 11 },
        encoding: { text: { field: 'label' } },
      },
    ],
  };
}

/**
 * Figure 3: the top movies by average rating among those with at least `minCount` ratings, as
 * horizontal bars labelled with the average and the number of ratings.
 * @throws RangeError when `items` is empty.
 */
export function topPopularFigure(input: TopPopularInput): VegaLiteFigure {
  const { items, minCount, qualifying } = input;
  if (items.length === 0) throw new RangeError('topPopularFigure needs at least one movie');
  const best = items[0];
  const pool = qualifying === undefined ? '' : ` of the ${formatCount(qualifying)}`;
  return {
    id: 'fig03',
    slug: 'top-popular',
    kind: 'vega-lite',
    title: `Top ${items.length} movies by average rating`,
    caption:
      `The ${items.length} highest-rated${pool} movies with at least ${formatCount(minCount)} ratings. ` +
      `${best.title} leads with ${formatRating(best.avgRating)} stars over ${formatCount(best.count)} ratings.`,
    spec: themed({
      title: {
        text: `Top ${items.length} movies by average rating`,
        subtitle: `movies with at least ${formatCount(minCount)} ratings; label: average (number of ratings)`,
      },
      data: { values: rankedRows(items) },
      width: 380,
      height: { step: 24 },
      ...rankedBars('average rating (stars)'),
    }),
  };
}
