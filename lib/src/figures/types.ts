import type { TopLevelSpec } from 'vega-lite';

/** A figure's number in the blog, `fig` and two digits: `fig01` … `fig99`. Files are named after it. */
export type FigureId = `fig${string}`;

/** A value that survives JSON.stringify unchanged (plotly figures are saved and embedded as JSON). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One plotly trace: `type` names it (`heatmap` here); the other keys are plotly's attributes. */
export interface PlotlyTrace {
  type: string;
  [attribute: string]: JsonValue;
}

/** A plotly figure as plotly.js takes it: `Plotly.newPlot(div, data, layout)`. */
export interface PlotlySpec {
  data: PlotlyTrace[];
  layout: { [attribute: string]: JsonValue };
}

interface FigureBase {
  id: FigureId;
  /** Kebab-case name after the id: files are `<id>-<slug>.*`. */
  slug: string;
  /** Short title, shown above the figure in the README and as the SVG's heading. */
  title: string;
  /** One or two sentences for the reader; every number in it is computed from the figure's data. */
  caption: string;
}

/** A figure drawn by vega-lite: its spec renders to SVG and PNG and is saved with inline data. */
export interface VegaLiteFigure extends FigureBase {
  kind: 'vega-lite';
  spec: TopLevelSpec;
}

/**
 * A figure that is interactive in a browser (plotly) and static everywhere else: plotly cannot run in
 * Node, so the SVG and PNG come from `fallback`, a vega-lite drawing of the same data.
 */
export interface PlotlyFigure extends FigureBase {
  kind: 'plotly';
  plotly: PlotlySpec;
  fallback: TopLevelSpec;
}

export type Figure = VegaLiteFigure | PlotlyFigure;

/** The vega-lite spec that draws a figure's static images. */
export function staticSpec(fig: Figure): TopLevelSpec {
  return fig.kind === 'vega-lite' ? fig.spec : fig.fallback;
}

/** `fig03` + `top-popular` → `fig03-top-popular`, the base name of every file of the figure. */
export function figureBaseName(fig: Pick<Figure, 'id' | 'slug'>): string {
  if (!/^fig\d{2}$/.test(fig.id)) throw new RangeError(`figure id must look like fig01, got '${fig.id}'`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(fig.slug)) throw new RangeError(`figure slug must be kebab-case: '${fig.slug}'`);
  return `${fig.id}-${fig.slug}`;
}

/** The figure's number in the blog: `fig03` → 3. */
export function figureNumber(fig: Pick<Figure, 'id'>): number {
  return Number.parseInt(fig.id.slice(3), 10);
}
