import type { ScoredMovie, UserId } from '../types';
import { MAX_STARS } from './fig03-top-popular';
import { formatCount, formatRating, PALETTE, themed } from './theme';
import type { VegaLiteFigure } from './types';

/** A user's recommendations and the model that made them. */
export interface UserTopInput {
  userId: UserId;
  /** Recommended movies, best first; `score` is the predicted rating in stars. */
  items: readonly ScoredMovie[];
  /** Names the model in the subtitle and caption, e.g. `SVD, k = 50, zero fill`. */
  model: string;
}

/**
 * Figure 8: a user's top recommendations as horizontal bars of predicted rating, titles on the left and
 * the prediction printed at the end of each bar. The x scale runs to 5 stars, or further if a prediction
 * does.
 * @throws RangeError when there is no item or a score is not finite.
 */
export function userTopFigure(input: UserTopInput): VegaLiteFigure {
  const { userId, items, model } = input;
  if (items.length === 0) throw new RangeError('userTopFigure needs at least one recommendation');
  if (items.some((m) => !Number.isFinite(m.score))) throw new RangeError('userTopFigure: scores must be finite');
  const values = items.map((m, i) => ({
    rank: i + 1,
    title: `${i + 1}. ${m.title}`,
    score: m.score,
    label: formatRating(m.score),
  }));
  const top = Math.max(MAX_STARS, ...items.map((m) => m.score));
  const low = Math.min(0, ...items.map((m) => m.score));
  const title = `Top ${items.length} recommendations for user ${userId}`;
  const listed = items.map((m) => `${m.title} (${formatRating(m.score)})`).join(', ');
  return {
    id: 'fig08',
    slug: `user${userId}-top${items.length}`,
    kind: 'vega-lite',
    title,
    caption:
      `The ${formatCount(items.length)} movies user ${userId} has not rated with the highest predicted ` +
      `rating (${model}): ${listed}.`,
    spec: themed({
      title: { text: title, subtitle: `predicted rating, ${model}; movies the user has not rated` },
      data: { values },
      width: 360,
      height: { step: 28 },
      encoding: {
        y: {
          field: 'title',
          type: 'nominal',
          sort: { field: 'rank', op: 'min', order: 'ascending' },
          title: null,
          axis: { labelLimit: 320, ticks: false, domain: false, labelPadding: 6, labelFontSize: 12 },
        },
        x: {
          field: 'score',
          type: 'quantitative',
          scale: { domain: [low, top] },
          title: 'predicted rating (stars)',
          axis: { grid: true, tickCount: MAX_STARS },
        },
      },
      layer: [
        { mark: { type: 'bar', color: PALETTE.highlight, height: { band: 0.7 } } },
        {
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 12, fontWeight: 'bold' },
          encoding: { text: { field: 'label' } },
        },
      ],
    }),
  };
}
