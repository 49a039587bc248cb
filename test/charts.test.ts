import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barChart, binCounts, histogramChart, lineChart, spectrumChart } from '../lib/src/figures/charts';
import { compileSpec, renderSvg } from '../lib/src/figures/render';

const specs = {
  bar: barChart(
    [
      { label: '0 s', count: 3 },
      { label: '1–5 s', count: 1 },
    ],
    { title: 'Gaps', xTitle: 'gap' },
  ),
  horizontalBar: barChart(
    [
      { label: 'rankEaseNext', count: 30 },
      { label: 'userRatings', count: 12 },
    ],
    { title: 'Splits', xTitle: 'feature', yTitle: 'splits', horizontal: true },
  ),
  line: lineChart([{ x: 1, y: 2, series: 'a' }], { title: 'Line', xTitle: 'x', yTitle: 'y', logX: true }),
  spectrum: spectrumChart([5, 3, 1]),
  histogram: histogramChart([{ series: 'zero fill', values: [1.2, 1.3, 2.9] }], { title: 'Hist', xTitle: 'stars' }),
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

test('horizontal bars put the categories on the y axis, one row each', () => {
  const spec = specs.horizontalBar as { height: number; encoding: { y: { field: string }; x: { field: string } } };
  assert.equal(spec.encoding.y.field, 'label');
  assert.equal(spec.encoding.x.field, 'count');
  assert.equal(spec.height, 28);
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

test('values are counted per bin [start, start + step), bins aligned on multiples of the step', () => {
  assert.deepEqual(binCounts([0.1, 0.24, 0.25, -0.01, 1.0], 0.25), [
    { start: -0.25, end: 0, count: 1 },
    { start: 0, end: 0.25, count: 2 },
    { start: 0.25, end: 0.5, count: 1 },
    { start: 1, end: 1.25, count: 1 },
  ]);
  assert.throws(() => binCounts([1], 0), RangeError);
});
