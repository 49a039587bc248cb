import { MAX_STARS } from './fig03-top-popular';
import {
  checkBlock,
  columnLabels,
  DARK_CELL_FROM,
  heatmapAxes,
  plotlyColorscale,
  plotlyHeatmapLayout,
  plotlyMissingTrace,
  RATING_RAMP,
  type RatingsBlock,
  rowLabels,
} from './heatmap';
import { formatCount, formatPercent, formatRating, PALETTE, themed } from './theme';
import type { PlotlyFigure } from './types';

/** Side of a heatmap cell in pixels: room for "4.5" at 11 px. */
export const CELL = { width: 46, height: 28 } as const;

/**
 * Figure 6: a block of the user × movie matrix as a heatmap. Rated cells are coloured by rating with the
 * rating printed; cells the user has not rated are light grey and empty, so the sparsity shows at a
 * glance. Static version in vega-lite, interactive version in plotly.
 * @throws RangeError when the block is empty or not rectangular.
 */
export function userMovieMatrixFigure(block: RatingsBlock): PlotlyFigure {
  checkBlock(block, 'userMovieMatrixFigure');
  const movies = columnLabels(block);
  const users = rowLabels(block);
  const cells = block.ratings.flatMap((row, i) =>
    row.map((rating, j) => ({
      user: users[i],
      movie: movies[j],
      row: i,
      col: j,
      rating,
      label: rating === null ? '' : formatRating(rating, 1),
    })),
  );
  const rated = cells.filter((c) => c.rating !== null).length;
  const total = cells.length;
  const title = `${users.length} users × ${movies.length} movies of the ratings matrix`;
  const subtitle = `${formatCount(rated)} of ${formatCount(total)} cells rated; grey: not rated`;
  const ratingScale = { domain: [0, MAX_STARS], range: [...RATING_RAMP] };
  const axes = heatmapAxes();
  return {
    id: 'fig06',
    slug: 'user-movie-matrix',
    kind: 'plotly',
    title,
    caption:
      `A block of ${users.length} users × ${movies.length} movies of the user × movie matrix: ` +
      `${formatCount(rated)} of its ${formatCount(total)} cells (${formatPercent(rated / total)}) hold a ` +
      'rating, printed in the cell; the grey cells are movies the user has not rated.',
    fallback: themed({
      title: { text: title, subtitle },
      data: { values: cells },
      width: { step: CELL.width },
      height: { step: CELL.height },
      encoding: axes,
      layer: [
        {
          transform: [{ filter: 'datum.rating === null' }],
          mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
          encoding: {
            fill: { datum: 'not rated', scale: { range: [PALETTE.missing] }, legend: { title: null, symbolSize: 200 } },
          },
        },
        {
          transform: [{ filter: 'datum.rating !== null' }],
          mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
          encoding: {
            color: {
              field: 'rating',
              type: 'quantitative',
              scale: ratingScale,
              legend: { title: 'rating', gradientLength: 120 },
            },
          },
        },
        {
          transform: [{ filter: 'datum.rating !== null' }],
          mark: { type: 'text', fontSize: 11, baseline: 'middle' },
          encoding: {
            text: { field: 'label' },
            color: {
              condition: { test: `datum.rating >= ${DARK_CELL_FROM * MAX_STARS}`, value: 'white' },
              value: PALETTE.text,
            },
          },
        },
      ],
    }),
    plotly: {
      data: [
        plotlyMissingTrace(block, (i, j) => block.ratings[i][j] === null, 'not rated'),
        {
          type: 'heatmap',
          name: 'rating',
          x: movies,
          y: users,
          z: block.ratings.map((row) => [...row]),
          zmin: 0,
          zmax: MAX_STARS,
          colorscale: plotlyColorscale(),
          colorbar: { title: { text: 'rating' } },
          texttemplate: '%{z:.1f}',
          hoverongaps: false,
          hovertemplate: '%{y}<br>%{x}<br>rating %{z:.1f}<extra></extra>',
          // A fixed size: plotly otherwise shrinks cell text to fit, unreadably small in italics.
          textfont: { size: 12 },
          xgap: 2,
          ygap: 2,
        },
      ],
      layout: plotlyHeatmapLayout(`${title}<br><sub>${subtitle}</sub>`, block),
    },
  };
}
