import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as fc from 'fast-check';
import type { TopLevelSpec } from 'vega-lite';
import {
  compileSpec,
  escapeMarkdown,
  type Figure,
  FONT_STACK,
  figureFonts,
  figuresReadme,
  fontMetrics,
  formatCount,
  formatRating,
  listProse,
  missingGlyphs,
  plotlyCdnUrl,
  plotlyVersion,
  reconstructedPredictionsFigure,
  renderFigure,
  renderSvg,
  roadmapFigure,
  SERIES_STEPS,
  scriptJson,
  snapshotFigure,
  staticSpec,
  svdPipelineFigure,
  svgToPng,
  textWidth,
  topByGenreFigure,
  topPopularFigure,
  truncateText,
  userMovieMatrixFigure,
  userTopFigure,
  wrapText,
  writeFigure,
} from '../lib/src/figures';
import * as inputs from './fixtures/figures/inputs';

const FIXTURES = path.join(__dirname, 'fixtures', 'figures');

/** Every builder on its hand-made input, in figure order. */
function allFigures(): Figure[] {
  return [
    roadmapFigure(inputs.roadmap),
    snapshotFigure(inputs.snapshot),
    topPopularFigure(inputs.topPopular),
    topByGenreFigure(inputs.topByGenre),
    svdPipelineFigure(inputs.svdPipeline),
    userMovieMatrixFigure(inputs.block),
    reconstructedPredictionsFigure(inputs.reconstructed),
    userTopFigure(inputs.userTop),
  ];
}

/** Every string inside a spec: titles, labels and cell text all end up drawn. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]* width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  assert.ok(m, 'the SVG states its width and height');
  return { width: Number(m[1]), height: Number(m[2]) };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('figure builders', () => {
  test('each builder gives a vega-lite spec that compiles without a warning', () => {
    for (const fig of allFigures()) {
      const { vega, warnings } = compileSpec(staticSpec(fig));
      assert.deepEqual(warnings, [], `${fig.id} compiles cleanly`);
      assert.ok(Array.isArray(vega.marks) && vega.marks.length > 0, `${fig.id} draws marks`);
    }
  });

  test('every figure is numbered in order, uses the figure font and names its files figNN-slug', () => {
    const figs = allFigures();
    assert.deepEqual(
      figs.map((f) => `${f.id}-${f.slug}`),
      [
        'fig01-roadmap',
        'fig02-snapshot',
        'fig03-top-popular',
        'fig04-top-by-genre',
        'fig05-svd-pipeline',
        'fig06-user-movie-matrix',
        'fig07-reconstructed-predictions',
        'fig08-user1-top2',
      ],
    );
    for (const fig of figs) assert.equal(staticSpec(fig).config?.font, FONT_STACK, fig.id);
  });

  test('the figure font can draw every character of every figure', () => {
    const metrics = fontMetrics(figureFonts().regular);
    for (const fig of allFigures()) {
      const text = [fig.title, fig.caption, ...strings(staticSpec(fig))].join(' ');
      assert.deepEqual(missingGlyphs(metrics, text), [], fig.id);
    }
  });

  test('captions carry the numbers of their input', () => {
    const [roadmap, snapshot, popular, byGenre, pipeline, matrix, reconstructed, userTop] = allFigures().map(
      (f) => f.caption,
    );
    assert.match(roadmap, /4 steps: 2 done .*step 3 \(Sparse matrix & SVD\) next, 1 planned/);
    assert.match(snapshot, /first 2 of 1,234 rows of ratings\.csv.*first 2 of 56 rows/);
    assert.match(popular, /3 highest-rated of the 450 movies with at least 50 ratings/);
    assert.match(popular, /Shawshank Redemption, The \(1994\) leads with 4\.43 stars over 317 ratings/);
    assert.match(byGenre, /Drama and Comedy, among movies with at least 20 ratings/);
    assert.match(pipeline, /610 × 9,724 ratings matrix .* k = 50 .* the 5 unseen/);
    assert.match(matrix, /2 users × 3 movies.*4 of its 6 cells \(66\.7%\)/);
    assert.match(reconstructed, /rank-2 .*the 2 cells that were not rated now hold predictions from 0\.25 to 1\.75/);
    assert.match(reconstructed, /on the 4 rated cells the reconstruction is off by 0\.50 stars/);
    assert.match(userTop, /user 1 .*Terminator 2: Judgment Day \(1991\) \(2\.91\), Aliens \(1986\) \(2\.50\)/);
  });

  test('a caption follows its input, for any minimum count and list length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 3 }), (minCount, n) => {
        const caption = topPopularFigure({ items: inputs.topPopular.items.slice(0, n), minCount }).caption;
        return caption.includes(`at least ${formatCount(minCount)} ratings`) && caption.startsWith(`The ${n} `);
      }),
    );
  });

  test('the roadmap of the series has six steps, and steps must come in order', () => {
    assert.equal(SERIES_STEPS.length, 6);
    const fig = roadmapFigure(SERIES_STEPS.map((s) => ({ ...s, status: 'planned' })));
    assert.match(fig.caption, /6 steps: 0 done, 6 planned/);
    assert.throws(() => roadmapFigure([{ step: 2, title: 'x', status: 'done' }]), RangeError);
  });

  test('a block whose rows do not match its labels is refused', () => {
    const ragged = { ...inputs.block, ratings: [[4, null, 3.5], [null]] };
    assert.throws(() => userMovieMatrixFigure(ragged), /row 1 has 1 values for 3 movies/);
    const short = { ...inputs.reconstructed, predicted: [[1, 2, 3]] };
    assert.throws(() => reconstructedPredictionsFigure(short), /1 rows for 2 users/);
  });

  test('plotly figures keep missing ratings as gaps and outline the cells that were filled in', () => {
    const matrix = userMovieMatrixFigure(inputs.block);
    assert.equal(matrix.kind, 'plotly');
    const ratings = matrix.kind === 'plotly' ? matrix.plotly.data[1] : undefined;
    assert.deepEqual(ratings?.z, [
      [4, null, 3.5],
      [null, 2, 5],
    ]);
    const rec = reconstructedPredictionsFigure(inputs.reconstructed);
    const shapes = rec.kind === 'plotly' ? rec.plotly.layout.shapes : undefined;
    assert.ok(Array.isArray(shapes) && shapes.length === 2, 'one outline per cell that was not rated');
  });
});

describe('rendering', () => {
  test('rendering the same figure twice gives byte-identical SVG and PNG', async () => {
    for (const fig of [roadmapFigure(inputs.roadmap), reconstructedPredictionsFigure(inputs.reconstructed)]) {
      const a = await renderFigure(fig);
      const b = await renderFigure(fig);
      assert.equal(a.svg, b.svg, `${fig.id} SVG`);
      assert.ok(a.png.equals(b.png), `${fig.id} PNG`);
    }
  });

  test('renders started together give the same SVG as renders one after the other', async () => {
    const specs = allFigures().slice(4).map(staticSpec);
    const together = await Promise.all(specs.map((s) => renderSvg(s)));
    for (const [i, spec] of specs.entries()) assert.equal(together[i], await renderSvg(spec));
  });

  test('the PNG is a PNG at twice the size of the SVG by default, or at the scale asked', async () => {
    const { svg, png } = await renderFigure(userTopFigure(inputs.userTop));
    assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE));
    const size = svgSize(svg);
    assert.deepEqual(pngSize(png), { width: Math.ceil(size.width * 2), height: Math.ceil(size.height * 2) });
    assert.deepEqual(pngSize(svgToPng(svg, { scale: 1 })), { width: size.width, height: size.height });
    assert.throws(() => svgToPng(svg, { scale: 0 }), RangeError);
  });

  test('a spec that vega cannot draw is an error, not a figure with a layer missing', async () => {
    const broken: TopLevelSpec = {
      data: { values: [{ a: 1 }] },
      transform: [{ filter: 'datum.a.b.c > 1' }],
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    };
    await assert.rejects(renderSvg(broken), /vega could not render the figure/);
  });

  test('a small figure renders exactly as the committed snapshot (UPDATE_SNAPSHOTS=1 rewrites it)', async () => {
    const fig = userTopFigure(inputs.userTop);
    const svg = await renderSvg(staticSpec(fig));
    const file = path.join(FIXTURES, `${fig.id}-${fig.slug}.svg`);
    if (process.env.UPDATE_SNAPSHOTS === '1') fs.writeFileSync(file, svg);
    assert.equal(
      svg,
      fs.readFileSync(file, 'utf8'),
      `differs from ${file}; if intended, rerun with UPDATE_SNAPSHOTS=1`,
    );
  });

  test('text is measured with the figure font, so wide letters take more room than narrow ones', () => {
    const metrics = fontMetrics(figureFonts().regular);
    assert.ok(textWidth(metrics, 'WWWW', 11) > 2 * textWidth(metrics, 'iiii', 11));
    assert.equal(textWidth(metrics, 'ab', 11), textWidth(metrics, 'a', 11) + textWidth(metrics, 'b', 11));
    assert.deepEqual(missingGlyphs(metrics, 'R ≈ U Σ Vᵀ 漢字'), ['漢', '字']);
  });

  test('rendering does not load tslab, so the CLI never needs a kernel', () => {
    assert.ok(!Object.keys(require.cache).some((file) => file.includes(`${path.sep}tslab${path.sep}`)));
  });
});

describe('writing figures', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'figures-test-'));

  test('a vega-lite figure is written as SVG, PNG and its spec; writing again gives the same bytes', async () => {
    const fig = topPopularFigure(inputs.topPopular);
    const files = await writeFigure(fig, out);
    assert.deepEqual(
      files.map((f) => path.basename(f)),
      ['fig03-top-popular.svg', 'fig03-top-popular.png', 'fig03-top-popular.vl.json'],
    );
    const first = files.map((f) => fs.readFileSync(f));
    await writeFigure(fig, out);
    for (const [i, f] of files.entries()) assert.ok(fs.readFileSync(f).equals(first[i]), path.basename(f));
    assert.deepEqual(JSON.parse(first[2].toString('utf8')), fig.kind === 'vega-lite' ? fig.spec : undefined);
  });

  test('a plotly figure is written with its plotly JSON and a page that loads the installed plotly version', async () => {
    const fig = userMovieMatrixFigure(inputs.block);
    const files = await writeFigure(fig, out);
    assert.deepEqual(
      files.map((f) => path.basename(f)),
      [
        'fig06-user-movie-matrix.svg',
        'fig06-user-movie-matrix.png',
        'fig06-user-movie-matrix.plotly.json',
        'fig06-user-movie-matrix.html',
      ],
    );
    assert.deepEqual(JSON.parse(fs.readFileSync(files[2], 'utf8')), fig.kind === 'plotly' ? fig.plotly : undefined);
    const html = fs.readFileSync(files[3], 'utf8');
    assert.ok(html.includes(`<script src="${plotlyCdnUrl()}"`));
    assert.ok(plotlyCdnUrl().endsWith(`/plotly-${plotlyVersion()}.min.js`));
    assert.ok(html.includes('Plotly.newPlot("fig06"'));
  });

  test('JSON embedded in a page cannot close its script element', () => {
    assert.equal(scriptJson({ title: '</script><b>' }), '{"title":"\\u003c/script>\\u003cb>"}');
  });

  test('the README lists every figure in number order with its caption and links to its files', () => {
    const figs = allFigures();
    const readme = figuresReadme([...figs].reverse());
    const headings = [...readme.matchAll(/^## Figure (\d+)\. /gm)].map((m) => Number(m[1]));
    assert.deepEqual(headings, [1, 2, 3, 4, 5, 6, 7, 8]);
    for (const fig of figs) assert.ok(readme.includes(escapeMarkdown(fig.caption)), fig.id);
    assert.ok(readme.includes('genres separated by \\|'), 'markdown characters in captions are escaped');
    assert.ok(readme.includes('[vega-lite spec](fig03-top-popular.vl.json)'));
    assert.ok(readme.includes('[interactive page](fig07-reconstructed-predictions.html)'));
    assert.ok(readme.includes('![Top 3 movies by average rating](fig03-top-popular.svg)'));
  });
});

describe('caption formatting', () => {
  test('counts are grouped by thousands whatever the locale', () => {
    assert.equal(formatCount(100836), '100,836');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(-1234567), '-1,234,567');
    fc.assert(fc.property(fc.integer(), (n) => Number(formatCount(n).replace(/,/g, '')) === n));
  });

  test('a prediction that rounds to zero is written 0.00, never -0.00', () => {
    assert.equal(formatRating(-0.004), '0.00');
    assert.equal(formatRating(-0.04, 1), '0.0');
    assert.equal(formatRating(-0.05, 1), '-0.1');
    assert.equal(formatRating(4.429), '4.43');
  });

  test('prose helpers join, cut and wrap text', () => {
    assert.equal(listProse(['a', 'b', 'c']), 'a, b and c');
    assert.equal(listProse(['a']), 'a');
    assert.equal(truncateText('abcdef', 4), 'abc…');
    assert.equal(truncateText('abc', 4), 'abc');
    assert.deepEqual(wrapText('Two-tower neural model', 14), ['Two-tower', 'neural model']);
  });

  test('wrapped lines keep every word in order and stay within the width unless a word is longer', () => {
    const word = fc.string({ minLength: 1, maxLength: 12 }).filter((w) => !/\s/.test(w));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 20 }), fc.integer({ min: 1, max: 30 }), (words, width) => {
        const lines = wrapText(words.join(' '), width);
        const sameWords = lines.join(' ').split(' ').filter(Boolean).join(' ') === words.join(' ');
        return sameWords && lines.every((l) => l.length <= width || !l.includes(' '));
      }),
    );
  });
});
