import type { MovieId, UserId } from '../types';
import { FONT_STACK } from './fonts';
import { PALETTE, truncateText } from './theme';
import type { JsonValue } from './types';

/** A block of the user × movie matrix, as the matrix step hands it over for display. */
export interface RatingsBlock {
  /** Row order. */
  users: readonly UserId[];
  /** Column order. */
  movies: readonly { movieId: MovieId; title: string }[];
  /** `ratings[i][j]`: user i's rating of movie j in stars, `null` when the user has not rated it. */
  ratings: readonly (readonly (number | null)[])[];
}

/** Movie titles on an axis are cut to this many characters; the cell is the point, not the title. */
const MAX_AXIS_TITLE = 28;

/** Checks that the block is rectangular and matches its labels. */
export function checkBlock(block: RatingsBlock, name: string, values = block.ratings): void {
  const { users, movies } = block;
  if (users.length === 0 || movies.length === 0) throw new RangeError(`${name}: the block is empty`);
  if (values.length !== users.length) {
    throw new RangeError(`${name}: ${values.length} rows for ${users.length} users`);
  }
  values.forEach((row, i) => {
    if (row.length !== movies.length) {
      throw new RangeError(`${name}: row ${i} has ${row.length} values for ${movies.length} movies`);
    }
  });
}

/** Axis labels: short titles, made unique (a repeated short title gets its movie id) so no columns merge. */
export function columnLabels(block: RatingsBlock): string[] {
  const short = block.movies.map((m) => truncateText(m.title, MAX_AXIS_TITLE));
  const count = new Map<string, number>();
  for (const s of short) count.set(s, (count.get(s) ?? 0) + 1);
  return short.map((s, j) => ((count.get(s) ?? 0) > 1 ? `${s} #${block.movies[j].movieId}` : s));
}

export function rowLabels(block: RatingsBlock): string[] {
  return block.users.map((u) => `user ${u}`);
}

/**
 * The colour ramp of ratings, light (low) to dark (high), shared by the vega-lite and plotly versions. It
 * starts at a pale blue, not white, so the lowest rating still reads as "a value" next to a grey cell.
 */
export const RATING_RAMP = ['#deebf7', '#9ecae1', '#4292c6', '#2171b5', '#08306b'] as const;

/** Cell text is white on cells darker than this share of the scale, dark elsewhere. */
export const DARK_CELL_FROM = 0.6;

/** Encodings of a heatmap's axes: columns in block order along the top, rows in block order. */
export function heatmapAxes() {
  return {
    x: {
      field: 'movie',
      type: 'nominal' as const,
      sort: { field: 'col', op: 'min' as const },
      title: null,
      axis: {
        orient: 'top' as const,
        labelAngle: -40,
        labelAlign: 'left' as const,
        labelLimit: 200,
        ticks: false,
        domain: false,
      },
    },
    y: {
      field: 'user',
      type: 'nominal' as const,
      sort: { field: 'row', op: 'min' as const },
      title: null,
      axis: { ticks: false, domain: false, labelPadding: 6 },
    },
  };
}

/** Plotly colour scale from {@link RATING_RAMP}. */
export function plotlyColorscale(): JsonValue {
  return RATING_RAMP.map((c, i) => [i / (RATING_RAMP.length - 1), c]);
}

/** Plotly layout shared by the two heatmaps: titles along the top, first user at the top. */
export function plotlyHeatmapLayout(title: string, block: RatingsBlock): { [key: string]: JsonValue } {
  return {
    // Pinned to the top of the page: rotated column titles fill the top margin below it.
    title: { text: title, x: 0.02, xanchor: 'left', yref: 'container', y: 0.95, yanchor: 'top' },
    font: { family: FONT_STACK, size: 12 },
    xaxis: { side: 'top', tickangle: -40, automargin: true, showgrid: false },
    yaxis: { autorange: 'reversed', automargin: true, showgrid: false },
    plot_bgcolor: 'white',
    width: Math.max(560, 140 + 64 * block.movies.length),
    height: Math.max(360, 300 + 34 * block.users.length),
    margin: { t: 220, l: 80, r: 40, b: 30 },
  };
}

/** A grey layer of plotly cells: 1 where `missing[i][j]`, gaps elsewhere. */
export function plotlyMissingTrace(
  block: RatingsBlock,
  missing: (i: number, j: number) => boolean,
  name: string,
): { [key: string]: JsonValue; type: string } {
  return {
    type: 'heatmap',
    name,
    x: columnLabels(block),
    y: rowLabels(block),
    z: block.users.map((_, i) => block.movies.map((_, j) => (missing(i, j) ? 1 : null))),
    colorscale: [
      [0, PALETTE.missing],
      [1, PALETTE.missing],
    ],
    showscale: false,
    hoverongaps: false,
    hovertemplate: `%{y}<br>%{x}<br>${name}<extra></extra>`,
    xgap: 2,
    ygap: 2,
  };
}
