import type { Fill } from '../svd';
import { formatCount, PALETTE, themed, wrapText } from './theme';
import type { VegaLiteFigure } from './types';

/** The sizes and settings the diagram states. */
export interface SvdPipelineInput {
  /** Rows of the ratings matrix. */
  users: number;
  /** Columns of the ratings matrix. */
  movies: number;
  /** Singular values kept. */
  k: number;
  /** How missing ratings enter the matrix: `zero` as in the blog, `user-mean` centred on each user. */
  fill: Fill;
  /** Recommendations per user. */
  topN: number;
}

interface Stage {
  name: string;
  formula: string;
  detail: string;
}

function stages(input: SvdPipelineInput): Stage[] {
  const size = `${formatCount(input.users)} × ${formatCount(input.movies)}`;
  return [
    {
      name: 'Preprocess',
      formula: `R  (${size})`,
      detail:
        input.fill === 'zero'
          ? 'one row per user, one column per movie; missing ratings = 0'
          : "one row per user, one column per movie; subtract each user's mean, missing = 0",
    },
    {
      name: 'Decompose',
      formula: 'R ≈ U Σ Vᵀ',
      detail: `truncated SVD: keep the k = ${formatCount(input.k)} largest singular values`,
    },
    {
      name: 'Reconstruct',
      formula: 'R̂ = Uₖ Σₖ Vₖᵀ',
      detail:
        input.fill === 'zero'
          ? `a dense ${size} matrix of scores`
          : `a dense ${size} matrix of scores, user means added back`,
    },
    { name: 'Predict', formula: 'r̂(u, m)', detail: 'the score of user u for a movie m they have not rated' },
    {
      name: 'Recommend',
      formula: `top ${formatCount(input.topN)}`,
      detail: `the ${formatCount(input.topN)} unseen movies with the highest r̂ for each user`,
    },
  ];
}

/** Box size and spacing in pixels: a box holds five 22-character lines of 11 px text. */
const BOX = { width: 158, height: 132, gap: 36 } as const;

/**
 * Figure 5: the SVD recommender as five boxes joined by arrows (preprocess, decompose, reconstruct,
 * predict, recommend), stating the matrix size, k and the fill mode.
 * @throws RangeError when a size or k is not a positive integer, or k exceeds the smaller side.
 */
export function svdPipelineFigure(input: SvdPipelineInput): VegaLiteFigure {
  for (const key of ['users', 'movies', 'k', 'topN'] as const) {
    if (!Number.isInteger(input[key]) || input[key] < 1) throw new RangeError(`${key} must be a positive integer`);
  }
  if (input.k > Math.min(input.users, input.movies)) {
    throw new RangeError(`k = ${input.k} exceeds the smaller side of a ${input.users} × ${input.movies} matrix`);
  }
  const all = stages(input);
  const left = (i: number) => i * (BOX.width + BOX.gap);
  const boxes = all.map((s, i) => ({
    x: left(i),
    x2: left(i) + BOX.width,
    y: 0,
    y2: BOX.height,
    cx: left(i) + BOX.width / 2,
    name: `${i + 1}. ${s.name}`,
    formula: s.formula,
    detail: wrapText(s.detail, 22).join('\n'),
  }));
  const arrows = all.slice(1).map((_, i) => ({ x: left(i) + BOX.width + 4, x2: left(i + 1) - 6, y: BOX.height / 2 }));
  const px = (field: string) => ({ field, type: 'quantitative' as const, scale: null, axis: null });
  const text = (field: string, y: number, mark: Record<string, string | number>) => ({
    mark: { type: 'text' as const, baseline: 'top' as const, align: 'center' as const, ...mark },
    encoding: { x: px('cx'), y: { datum: y, type: 'quantitative' as const, scale: null }, text: { field } },
  });
  const width = left(all.length - 1) + BOX.width;
  const fillText = input.fill === 'zero' ? 'missing ratings filled with 0' : 'ratings centred on each user’s mean';
  return {
    id: 'fig05',
    slug: 'svd-pipeline',
    kind: 'vega-lite',
    title: 'From ratings to recommendations with truncated SVD',
    caption:
      `The SVD pipeline: the ${formatCount(input.users)} × ${formatCount(input.movies)} ratings matrix ` +
      `(${fillText}) is factored as R ≈ U Σ Vᵀ keeping k = ${formatCount(input.k)} singular values, ` +
      `multiplied back into predicted scores, and each user gets the ${formatCount(input.topN)} unseen ` +
      'movies with the highest score.',
    spec: themed({
      title: { text: 'From ratings to recommendations with truncated SVD' },
      width,
      height: BOX.height,
      layer: [
        {
          data: { values: boxes },
          layer: [
            {
              mark: { type: 'rect', cornerRadius: 8, fill: '#eef3f8', stroke: PALETTE.accent, strokeWidth: 1.5 },
              encoding: { x: px('x'), x2: { field: 'x2' }, y: px('y'), y2: { field: 'y2' } },
            },
            text('name', 12, { fontSize: 12, fontWeight: 'bold' }),
            text('formula', 36, { fontSize: 15, color: PALETTE.accent }),
            text('detail', 66, { fontSize: 11, lineBreak: '\n', lineHeight: 14, color: PALETTE.subtleText }),
          ],
        },
        {
          data: { values: arrows },
          layer: [
            {
              mark: { type: 'rule', strokeWidth: 2, color: PALETTE.muted },
              encoding: { x: px('x'), x2: { field: 'x2' }, y: px('y') },
            },
            {
              mark: {
                type: 'point',
                shape: 'triangle-right',
                filled: true,
                size: 90,
                color: PALETTE.muted,
                opacity: 1,
              },
              encoding: { x: px('x2'), y: px('y') },
            },
          ],
        },
      ],
    }),
  };
}
