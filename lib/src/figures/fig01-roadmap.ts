import { listProse, PALETTE, themed, wrapText } from './theme';
import type { VegaLiteFigure } from './types';

/** Where a milestone of the series stands. */
export type MilestoneStatus = 'done' | 'next' | 'planned';

/** One step of the series. */
export interface Milestone {
  /** 1-based position in the series. */
  step: number;
  title: string;
  status: MilestoneStatus;
}

/** The six steps of the blog series, in order; the caller says where each stands. */
export const SERIES_STEPS: readonly Pick<Milestone, 'step' | 'title'>[] = [
  { step: 1, title: 'Dataset & cleaning' },
  { step: 2, title: 'Baselines' },
  { step: 3, title: 'Sparse matrix & SVD' },
  { step: 4, title: 'Two-tower neural model' },
  { step: 5, title: 'API' },
  { step: 6, title: 'UI' },
];

const STATUSES: readonly MilestoneStatus[] = ['done', 'next', 'planned'];
const STATUS_COLORS = [PALETTE.accent, PALETTE.highlight, '#ffffff'];
/** Horizontal room per step, in pixels: fits a 14-character line of the title at 12 px. */
const STEP_WIDTH = 140;

/**
 * Figure 1: the series as a horizontal timeline, one circle per step coloured by status, the step's
 * title under it.
 * @throws RangeError when there are no steps, or steps are not 1, 2, 3, … in order.
 */
export function roadmapFigure(milestones: readonly Milestone[]): VegaLiteFigure {
  if (milestones.length === 0) throw new RangeError('roadmapFigure needs at least one milestone');
  milestones.forEach((m, i) => {
    if (m.step !== i + 1) throw new RangeError(`milestone ${i} has step ${m.step}; steps must be 1, 2, 3, … in order`);
  });
  const n = milestones.length;
  const values = milestones.map((m) => ({
    step: m.step,
    label: wrapText(m.title, 14).join('\n'),
    status: m.status,
  }));
  const lastReached = Math.max(0, ...milestones.filter((m) => m.status !== 'planned').map((m) => m.step));
  // Steps sit at x = 1…n with half a step of margin; the line sits near the top (y = 0 of -1.6…0.4)
  // so the titles below it have room.
  const xAt = (field: string) => ({
    field,
    type: 'quantitative' as const,
    scale: { domain: [0.5, n + 0.5] },
    axis: null,
  });
  const y = { datum: 0, type: 'quantitative' as const, scale: { domain: [-1.6, 0.4] }, axis: null };
  const line = (from: number, to: number, color: string) => ({
    data: { values: [{ from, to }] },
    mark: { type: 'rule' as const, strokeWidth: 4, color },
    encoding: { x: xAt('from'), x2: { field: 'to' }, y },
  });
  const legend = { title: null, orient: 'bottom' as const, direction: 'horizontal' as const, symbolSize: 200 };
  const done = milestones.filter((m) => m.status === 'done');
  const next = milestones.find((m) => m.status === 'next');
  const planned = milestones.filter((m) => m.status === 'planned');
  const caption = [
    `The series in ${n} steps: ${done.length} done` +
      (done.length > 0 ? ` (${listProse(done.map((m) => `${m.step}. ${m.title}`))})` : ''),
    next ? `, step ${next.step} (${next.title}) next` : '',
    `, ${planned.length} planned.`,
  ].join('');
  return {
    id: 'fig01',
    slug: 'roadmap',
    kind: 'vega-lite',
    title: 'Roadmap of the series',
    caption,
    spec: themed({
      title: { text: 'Roadmap of the series', subtitle: 'from raw ratings to a recommender app' },
      width: STEP_WIDTH * n,
      height: 80,
      layer: [
        line(1, n, '#d9d9d9'),
        ...(lastReached > 1 ? [line(1, lastReached, PALETTE.accent)] : []),
        {
          data: { values },
          encoding: { x: xAt('step'), y },
          layer: [
            {
              mark: { type: 'point', filled: true, size: 1100, strokeWidth: 3, opacity: 1 },
              encoding: {
                fill: {
                  field: 'status',
                  type: 'nominal',
                  scale: { domain: [...STATUSES], range: STATUS_COLORS },
                  legend,
                },
                stroke: {
                  field: 'status',
                  type: 'nominal',
                  scale: { domain: [...STATUSES], range: [PALETTE.accent, PALETTE.highlight, PALETTE.muted] },
                  // The same legend as fill's: vega-lite merges the two, so "planned" shows a hollow circle.
                  legend,
                },
              },
            },
            {
              mark: { type: 'text', fontSize: 15, fontWeight: 'bold', baseline: 'middle' },
              encoding: {
                text: { field: 'step' },
                // A condition, not a scale: a text's colour is its fill, and a second fill scale on
                // `status` would merge with the circles' one.
                color: { condition: { test: "datum.status === 'planned'", value: PALETTE.subtleText }, value: 'white' },
              },
            },
            {
              mark: { type: 'text', fontSize: 12, baseline: 'top', dy: 26, lineBreak: '\n', lineHeight: 15 },
              encoding: { text: { field: 'label' } },
            },
          ],
        },
      ],
    }),
  };
}
