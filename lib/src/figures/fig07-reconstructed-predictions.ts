import { MAX_STARS } from './fig03-top-popular';
import { CELL } from './fig06-user-movie-matrix';
import {
  checkBlock,
  columnLabels,
  DARK_CELL_FROM,
  heatmapAxes,
  plotlyColorscale,
  plotlyHeatmapLayout,
  RATING_RAMP,
  type RatingsBlock,
  rowLabels,
} from './heatmap';
import { formatCount, formatRating, PALETTE, themed } from './theme';
import type { PlotlyFigure } from './types';

/** A block of the matrix with the model's reconstruction of every cell. */
export interface ReconstructedBlock extends RatingsBlock {
  /** `predicted[i][j]`: the reconstructed score of user i for movie j, for every cell, rated or not. */
  predicted: readonly (readonly number[])[];
  /** Rank of the reconstruction, stated in the title and caption when given. */
  k?: number;
}

/**
 * Figure 7: the block of figure 6 after reconstruction. Every cell now holds a score; cells that were not
 * rated are outlined and their score printed in italics, so the reader sees which numbers are new.
 * The colour scale widens past 0–5 stars when predictions do (a zero fill pulls them toward 0 and can
 * overshoot). Static version in vega-lite, interactive version in plotly.
 * @throws RangeError when the block is empty, not rectangular, or a prediction is not finite.
 */
export function reconstructedPredictionsFigure(block: ReconstructedBlock): PlotlyFigure {
  const name = 'reconstructedPredictionsFigure';
  checkBlock(block, name);
  checkBlock(block, name, block.predicted);
  if (block.predicted.some((row) => row.some((v) => !Number.isFinite(v)))) {
    throw new RangeError(`${name}: predictions must be finite numbers`);
  }
  const movies = columnLabels(block);
  const users = rowLabels(block);
  const cells = block.predicted.flatMap((row, i) =>
    row.map((predicted, j) => ({
      user: users[i],
      movie: movies[j],
      row: i,
      col: j,
      predicted,
      missing: block.ratings[i][j] === null,
      label: formatRating(predicted, 1),
    })),
  );
  const filled = cells.filter((c) => c.missing);
  const observed = cells.filter((c) => !c.missing);
  const all = cells.map((c) => c.predicted);
  const [lo, hi] = [Math.min(0, ...all), Math.max(MAX_STARS, ...all)];
  const rank = block.k === undefined ? '' : `rank-${formatCount(block.k)} `;
  const title = `The same block after ${rank}reconstruction`;
  const subtitle = 'every cell now holds a prediction; outlined, in italics: cells that were not rated';
  const newRange =
    filled.length === 0
      ? 'no cell was missing'
      : `the ${formatCount(filled.length)} cells that were not rated now hold predictions from ` +
        `${formatRating(Math.min(...filled.map((c) => c.predicted)))} to ` +
        `${formatRating(Math.max(...filled.map((c) => c.predicted)))}`;
  const rmse = Math.sqrt(
    observed.reduce((sum, c) => sum + (c.predicted - (block.ratings[c.row][c.col] ?? 0)) ** 2, 0) /
      Math.max(1, observed.length),
  );
  const fit =
    observed.length === 0
      ? ''
      : `; on the ${formatCount(observed.length)} rated cells the reconstruction is off by ` +
        `${formatRating(rmse)} stars (root mean square)`;
  const textColor = {
    condition: { test: `datum.predicted >= ${lo + DARK_CELL_FROM * (hi - lo)}`, value: 'white' },
    value: PALETTE.text,
  };
  const text = (missing: boolean) => ({
    transform: [{ filter: `datum.missing === ${missing}` }],
    mark: {
      type: 'text' as const,
      fontSize: 11,
      baseline: 'middle' as const,
      fontStyle: missing ? 'italic' : 'normal',
    },
    encoding: { text: { field: 'label' }, color: textColor },
  });
  return {
    id: 'fig07',
    slug: 'reconstructed-predictions',
    kind: 'plotly',
    title,
    caption: `The block of figure 6 after ${rank}reconstruction: ${newRange}${fit}.`,
    fallback: themed({
      title: { text: title, subtitle },
      data: { values: cells },
      width: { step: CELL.width },
      height: { step: CELL.height },
      encoding: heatmapAxes(),
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
          encoding: {
            color: {
              field: 'predicted',
              type: 'quantitative',
              scale: { domain: [lo, hi], range: [...RATING_RAMP] },
              legend: { title: 'prediction', gradientLength: 120 },
            },
          },
        },
        {
          transform: [{ filter: 'datum.missing' }],
          mark: { type: 'rect', filled: false, strokeWidth: 2, width: { band: 0.8 }, height: { band: 0.72 } },
          encoding: {
            stroke: {
              datum: 'was not rated',
              scale: { range: [PALETTE.highlight] },
              legend: { title: null, symbolType: 'square', symbolSize: 200 },
            },
          },
        },
        text(false),
        text(true),
      ],
    }),
    plotly: {
      data: [
        {
          type: 'heatmap',
          name: 'prediction',
          x: movies,
          y: users,
          z: block.predicted.map((row) => [...row]),
          zmin: lo,
          zmax: hi,
          colorscale: plotlyColorscale(),
          colorbar: { title: { text: 'prediction' } },
          text: block.predicted.map((row, i) =>
            row.map((v, j) => (block.ratings[i][j] === null ? `<i>${formatRating(v, 1)}</i>` : formatRating(v, 1))),
          ),
          texttemplate: '%{text}',
          customdata: block.ratings.map((row) => row.map((r) => (r === null ? 'not rated' : `rated ${r}`))),
          hovertemplate: '%{y}<br>%{x}<br>prediction %{z:.2f} (%{customdata})<extra></extra>',
          // A fixed size: plotly otherwise shrinks cell text to fit, unreadably small in italics.
          textfont: { size: 12 },
          xgap: 2,
          ygap: 2,
        },
      ],
      layout: {
        ...plotlyHeatmapLayout(`${title}<br><sub>${subtitle}</sub>`, block),
        // Outlines of the cells that were not rated; category axes place cell j at x = j.
        shapes: filled.map((c) => ({
          type: 'rect',
          xref: 'x',
          yref: 'y',
          x0: c.col - 0.4,
          x1: c.col + 0.4,
          y0: c.row - 0.36,
          y1: c.row + 0.36,
          line: { color: PALETTE.highlight, width: 2 },
        })),
      },
    },
  };
}
