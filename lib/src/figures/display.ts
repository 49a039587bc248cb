import { plotlyEmbedHtml } from './plotly';
import { renderSvg } from './render';
import { type Figure, type PlotlyFigure, staticSpec } from './types';

/**
 * Notebook display of figures on the tslab kernel. tslab is imported lazily, inside each helper, so the
 * CLI and the tests never load it.
 */

/** The mime type JupyterLab renders natively as an interactive vega-lite chart. */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';

/** One output, several representations, keyed by mime type. A JSON mime type takes the object itself. */
export type MimeBundle = Record<string, string | object>;

/**
 * Emits one display_data message carrying every mime type of `bundle`, so each front end picks the best
 * it can render: JupyterLab the interactive vega-lite chart, GitHub's viewer and nbconvert the SVG.
 * tslab's public `display` sends one mime type per message, so this uses the kernel's own writer
 * (`lastWriteDisplayData`, the function `display.raw` calls; tslab is pinned at 1.0.22). If a tslab
 * version lacks it, only the SVG (or else the first entry) is shown, through the public API.
 */
export async function displayBundle(bundle: MimeBundle): Promise<void> {
  const jupyter = await import('tslab/dist/jupyter');
  // tslab types the values as strings, but the kernel sends them as JSON: objects go through unchanged.
  const data = bundle as Record<string, string>;
  if (typeof jupyter.lastWriteDisplayData === 'function') {
    jupyter.lastWriteDisplayData({ data, metadata: {}, transient: {} }, false);
    return;
  }
  const tslab = await import('tslab');
  const mime = 'image/svg+xml' in data ? 'image/svg+xml' : Object.keys(data)[0];
  tslab.display.raw(mime, data[mime]);
}

/**
 * Shows a figure in a notebook: its SVG, which GitHub's viewer displays, and for a vega-lite figure the
 * spec as `application/vnd.vegalite.v5+json` in the same output, which JupyterLab prefers. `await` it:
 * rendering is asynchronous and the output must land in the cell that called it.
 */
export async function showFigure(fig: Figure): Promise<void> {
  const svg = await renderSvg(staticSpec(fig));
  const bundle: MimeBundle = { 'image/svg+xml': svg, 'text/plain': `${fig.title}\n${fig.caption}` };
  if (fig.kind === 'vega-lite') bundle[VEGA_LITE_MIME] = fig.spec;
  await displayBundle(bundle);
}

let plotlyOutputs = 0;

/**
 * Shows a plotly figure: first the static SVG (what a committed notebook shows on GitHub), then the
 * interactive chart, which draws in a live session once plotly.js loads (see plotlyEmbedHtml). Div ids
 * count calls, so re-running a notebook writes the same outputs.
 */
export async function showPlotly(fig: PlotlyFigure): Promise<void> {
  await showFigure(fig);
  plotlyOutputs += 1;
  const html = plotlyEmbedHtml(fig.plotly, `${fig.id}-plotly-${plotlyOutputs}`);
  await displayBundle({ 'text/html': html, 'text/plain': `${fig.title} (interactive)` });
}
