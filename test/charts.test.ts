import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChart, histogramChart, lineChart, spectrumChart } from '../lib/src/figures/charts';
import { compileSpec, renderSvg } from '../lib/src/figures/render';

const specs = {
  bar: barChart(
    [
      { label: '0 s', count: 3 },
      { label: '1–5 s', count: 1 },
    ],
    { title: 'Gaps', xTitle: 'gap' },
  ),
  line: lineChart([{ x: 1, y: 2, series: 'a' }], { title: 'Line', xTitle: 'x', yTitle: 'y', logX: true }),
  spectrum: spectrumChart([5, 3, 1]),
  histogram: histogramChart([{ value: 1.2, series: 'zero fill' }], { title: 'Hist', xTitle: 'stars' }),
};

for (const [name, spec] of Object.entries(specs)) {
  test(`the ${name} chart compiles without a vega-lite warning and renders the same SVG twice`, async () => {
    assert.deepEqual(compileSpec(spec).warnings, []);
    const svg = await renderSvg(spec);
    assert.match(svg, /^<svg/);
    assert.equal(await renderSvg(spec), svg);
  });
}

test('bars keep the order given, not alphabetical order', () => {
  const spec = specs.bar as { data: { values: { label: string; order: number }[] } };
  assert.deepEqual(
    spec.data.values.map((v) => [v.label, v.order]),
    [
      ['0 s', 0],
      ['1–5 s', 1],
    ],
  );
});

test('the spectrum numbers singular values from 1', () => {
  const spec = specs.spectrum as { data: { values: { x: number; y: number }[] } };
  assert.deepEqual(
    spec.data.values.map((v) => [v.x, v.y]),
    [
      [1, 5],
      [2, 3],
      [3, 1],
    ],
  );
});
