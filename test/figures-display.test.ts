import * as assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { showFigure, showPlotly, userMovieMatrixFigure, userTopFigure, VEGA_LITE_MIME } from '../lib/src/figures';
import * as inputs from './fixtures/figures/inputs';

/**
 * The notebook helpers, run outside a kernel: tslab's own writer of display_data messages (the hook its
 * public `display` calls) is replaced by one that records what would be sent to Jupyter.
 */
type Writer = (data: { data: Record<string, unknown> }, update: boolean) => void;
// require, not import: the hook is reassigned, and an import binding cannot be.
const jupyter = require('tslab/dist/jupyter') as { lastWriteDisplayData: Writer | null };

function recordOutputs(): Record<string, unknown>[] {
  const outputs: Record<string, unknown>[] = [];
  jupyter.lastWriteDisplayData = (message) => {
    outputs.push(message.data);
  };
  return outputs;
}

describe('notebook display', () => {
  afterEach(() => {
    jupyter.lastWriteDisplayData = null;
  });

  test('a vega-lite figure is one output with its SVG and its spec, for GitHub and JupyterLab alike', async () => {
    const outputs = recordOutputs();
    const fig = userTopFigure(inputs.userTop);
    await showFigure(fig);
    assert.equal(outputs.length, 1);
    const [bundle] = outputs;
    assert.deepEqual(Object.keys(bundle).sort(), [VEGA_LITE_MIME, 'image/svg+xml', 'text/plain'].sort());
    assert.match(String(bundle['image/svg+xml']), /^<svg /);
    assert.deepEqual(bundle[VEGA_LITE_MIME], fig.kind === 'vega-lite' ? fig.spec : undefined);
  });

  test('the output goes to the writer of the cell running now, not the one of an earlier cell', async () => {
    recordOutputs();
    await showFigure(userTopFigure(inputs.userTop));
    const later = recordOutputs();
    await showFigure(userTopFigure(inputs.userTop));
    assert.equal(later.length, 1);
  });

  test('a plotly figure shows its static SVG, then an interactive chart that loads plotly itself', async () => {
    const outputs = recordOutputs();
    await showPlotly(userMovieMatrixFigure(inputs.block));
    assert.equal(outputs.length, 2);
    assert.match(String(outputs[0]['image/svg+xml']), /^<svg /);
    assert.equal(outputs[0][VEGA_LITE_MIME], undefined, 'the static view of a plotly figure carries no spec');
    const html = String(outputs[1]['text/html']);
    assert.match(html, /<div id="fig06-plotly-\d+"><\/div>/);
    assert.match(html, /window\.Plotly\.newPlot\("fig06-plotly-\d+"/);
  });
});
