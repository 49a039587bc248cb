import type { TopLevelSpec } from 'vega-lite';
import { displayBundle, VEGA_LITE_MIME } from './display';
import { renderSvg } from './render';
import { PALETTE, themed } from './theme';

/**
 * The notebooks' working charts: the ones that explain a step but are not among the blog's eight figures
 * (histograms, spectra, sensitivity curves). Each builder is a pure function from plain data to a vega-lite
 * spec; `showChart` draws one in a notebook exactly as `showFigure` draws a figure.
 */

/** Bars of a count per category, in the order given; `horizontal` lays them out as rows, for many or long labels. */
export function barChart(
  rows: readonly { label: string; count: number }[],
  options: {
    title: string;
    subtitle?: string;
    xTitle: string;
    yTitle?: string;
    width?: number;
    horizontal?: boolean;
  },
): TopLevelSpec {
  const category = {
    field: 'label',
    type: 'ordinal' as const,
    sort: { field: 'order', order: 'ascending' as const },
    title: options.xTitle,
    axis: { labelAngle: 0 },
  };
  const value = { field: 'count', type: 'quantitative' as const, title: options.yTitle ?? 'count' };
  return themed({
    title: { text: options.title, subtitle: options.subtitle ?? '' },
    data: { values: rows.map((r, i) => ({ ...r, order: i })) },
    width: options.width ?? 420,
    height: options.horizontal ? 14 * rows.length : 220,
    mark: { type: 'bar', color: PALETTE.accent },
    encoding: {
      ...(options.horizontal ? { y: category, x: value } : { x: category, y: value }),
      tooltip: [{ field: 'label' }, { field: 'count', format: ',' }],
    },
  });
}

/** A line of y against x per series (one colour per series), with points. */
export function lineChart(
  rows: readonly { x: number; y: number; series: string }[],
  options: { title: string; subtitle?: string; xTitle: string; yTitle: string; logX?: boolean; logY?: boolean },
): TopLevelSpec {
  return themed({
    title: { text: options.title, subtitle: options.subtitle ?? '' },
    data: { values: [...rows] },
    width: 420,
    height: 240,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle, scale: { type: options.logX ? 'log' : 'linear' } },
      y: {
        field: 'y',
        type: 'quantitative',
        title: options.yTitle,
        scale: { type: options.logY ? 'log' : 'linear', zero: false },
      },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom' } },
      tooltip: [{ field: 'series' }, { field: 'x' }, { field: 'y', format: '.4f' }],
    },
  });
}

/** The singular values s₁ ≥ s₂ ≥ … as a descending curve: how fast the spectrum falls decides a good k. */
export function spectrumChart(singularValues: ArrayLike<number>, series = 'singular value'): TopLevelSpec {
  const rows = Array.from(singularValues, (y, i) => ({ x: i + 1, y, series }));
  return lineChart(rows, {
    title: 'Singular value spectrum',
    subtitle: 'the first few directions carry most of the signal',
    xTitle: 'index i',
    yTitle: 'singular value sᵢ',
  });
}

/**
 * Counts of `values` per bin of width `step`, bins aligned on multiples of `step`: [start, start + step).
 * Binning here rather than in vega-lite keeps the spec (and a notebook output) small for thousands of values.
 */
export function binCounts(values: ArrayLike<number>, step: number): { start: number; end: number; count: number }[] {
  if (!(step > 0)) throw new RangeError(`step must be positive, got ${step}`);
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const bin = Math.floor(values[i] / step);
    counts.set(bin, (counts.get(bin) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([bin, count]) => ({ start: bin * step, end: (bin + 1) * step, count }));
}

/** Overlaid histograms, one per series (e.g. predicted ratings under two fill modes), binned by `binCounts`. */
export function histogramChart(
  series: readonly { series: string; values: ArrayLike<number> }[],
  options: { title: string; subtitle?: string; xTitle: string; yTitle?: string; step?: number },
): TopLevelSpec {
  const step = options.step ?? 0.25;
  const rows = series.flatMap((s) => binCounts(s.values, step).map((b) => ({ ...b, series: s.series })));
  return themed({
    title: { text: options.title, subtitle: options.subtitle ?? '' },
    data: { values: rows },
    width: 420,
    height: 220,
    mark: { type: 'bar', opacity: 0.6, binSpacing: 0 },
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: { binned: true, step }, title: options.xTitle },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: options.yTitle ?? 'count', stack: null },
      color: { field: 'series', type: 'nominal', title: null, legend: { orient: 'bottom' } },
    },
  });
}

/** Shows a chart in a notebook: its SVG (for GitHub) and its vega-lite spec (for JupyterLab) in one output. */
export async function showChart(spec: TopLevelSpec): Promise<void> {
  const svg = await renderSvg(spec);
  const title = typeof spec.title === 'object' && spec.title !== null && 'text' in spec.title ? spec.title.text : '';
  await displayBundle({ 'image/svg+xml': svg, [VEGA_LITE_MIME]: spec, 'text/plain': String(title) });
}
