import * as fs from 'node:fs';
import * as path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import * as vl from 'vega-lite';
import { FONT_FAMILY, figureFonts } from './fonts';
import { plotlyHtml } from './plotly';
import { type FontMetrics, fontMetrics, textWidth } from './text-metrics';
import { type Figure, figureBaseName, staticSpec } from './types';

/** The part of a vega text item that its width depends on. */
interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

/**
 * Two module-level hooks of vega-scenegraph that vega's typings leave out (hence the cast): the text
 * measurer (documented as replaceable; vl-convert replaces it too) and the reset of the counters that
 * number clip paths and gradients. Without the reset, the second chart of a process says `clip2` where
 * the first said `clip1`, and the same spec no longer gives the same SVG.
 */
interface VegaScenegraphHooks {
  textMetrics: { width: (item: TextItem, text?: unknown) => number };
  resetSVGDefIds: () => void;
}
const hooks = vega as unknown as VegaScenegraphHooks;

function isBold(weight: TextItem['fontWeight']): boolean {
  return weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600);
}

let measuring = false;
/** Makes vega measure text with the figure font (see text-metrics.ts). Idempotent; affects the process. */
function measureWithFigureFont(): void {
  if (measuring) return;
  const fonts = figureFonts();
  const regular: FontMetrics = fontMetrics(fonts.regular);
  const bold: FontMetrics = fontMetrics(fonts.bold);
  hooks.textMetrics.width = (item, text) => {
    const line = text == null ? '' : String(text).trim();
    const size = item.fontSize ?? 11;
    const width = textWidth(isBold(item.fontWeight) ? bold : regular, line, size);
    // vega truncates a line longer than `limit` to fit it; report the truncated width.
    return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
  measuring = true;
}

/** Called with each warning of vega-lite's compiler or vega's runtime (an ignored encoding, a bad scale). */
export type WarningHandler = (message: string) => void;

type CompileLogger = NonNullable<NonNullable<Parameters<typeof vl.compile>[1]>['logger']>;
type ViewLogger = NonNullable<vega.ViewOptions['logger']>;

/** A vega logger that hands warnings to `onWarning` and errors to `onError` instead of the console. */
function collectingLogger(onWarning: WarningHandler, onError: WarningHandler = onWarning) {
  let current = 2; // vega's Warn level: warnings and errors only.
  const text = (args: readonly unknown[]) => args.map(String).join(' ');
  const logger = {
    level(level?: number) {
      if (level === undefined) return current;
      current = level;
      return logger;
    },
    error(...args: unknown[]) {
      onError(text(args));
      return logger;
    },
    warn(...args: unknown[]) {
      onWarning(text(args));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Compiles vega-lite to vega, collecting the compiler's warnings (tests require none from a builder). */
export function compileSpec(spec: TopLevelSpec): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  // The casts: vega's logger type wants `this`-returning methods that a plain object cannot spell.
  const logger = collectingLogger((w) => warnings.push(w)) as unknown as CompileLogger;
  return { vega: vl.compile(spec, { logger }).spec, warnings };
}

/** Options of {@link renderSvg}. */
export interface SvgOptions {
  /** Receives warnings of the compiler and the runtime. Default: ignore them (a figure still renders). */
  onWarning?: WarningHandler;
}

/** Renders one at a time: the id counters are global, so two overlapping renders would share them. */
let queue: Promise<void> = Promise.resolve();

/**
 * Renders a vega-lite spec to an SVG string, with no browser. Deterministic: the same spec gives the same
 * bytes in any process on any machine with the same package versions and figure font.
 */
export function renderSvg(spec: TopLevelSpec, options: SvgOptions = {}): Promise<string> {
  const svg = queue.then(() => renderNow(spec, options.onWarning ?? (() => undefined)));
  queue = svg.then(
    () => undefined,
    () => undefined,
  );
  return svg;
}

async function renderNow(spec: TopLevelSpec, onWarning: WarningHandler): Promise<string> {
  measureWithFigureFont();
  // A copy: vega tags every inline datum with a symbol id, and the caller's figure must stay as built.
  const compiled = compileSpec(structuredClone(spec));
  compiled.warnings.forEach(onWarning);
  const errors: string[] = [];
  const logger = collectingLogger(onWarning, (e) => errors.push(e)) as unknown as ViewLogger;
  const view = new vega.View(vega.parse(compiled.vega), { renderer: 'none', logger });
  hooks.resetSVGDefIds();
  try {
    const svg = await view.toSVG();
    // vega logs a failing expression or transform and draws on; a figure missing a layer must not pass.
    if (errors.length > 0) throw new Error(`vega could not render the figure: ${errors.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Pixels per SVG unit. Default 2: sharp on high-density screens and when a blog scales images down. */
  scale?: number;
}

/**
 * Rasterises an SVG to PNG bytes with resvg, drawing text only with the figure font (system fonts are
 * not loaded, so no machine's fonts can change a pixel).
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && scale <= 8)) throw new RangeError(`scale must be in (0, 8], got ${scale}`);
  const fonts = figureFonts();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: [fonts.regular, fonts.bold, fonts.oblique, fonts.boldOblique],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}

/** A figure's static images. */
export interface RenderedFigure {
  svg: string;
  png: Buffer;
}

/** Renders a figure's static images (the fallback spec for a plotly figure). */
export async function renderFigure(fig: Figure, options: PngOptions = {}): Promise<RenderedFigure> {
  const svg = await renderSvg(staticSpec(fig));
  return { svg, png: svgToPng(svg, options) };
}

/** JSON as committed: two-space indent and a final newline, so diffs stay line-based. */
export function toJsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes a figure into `outDir` (created if needed): `<base>.svg`, `<base>.png` and the spec with inline
 * data, `<base>.vl.json` for vega-lite or `<base>.plotly.json` and `<base>.html` for plotly, where base
 * is `figNN-<slug>`. Resolves to the paths written, in that order.
 */
export async function writeFigure(fig: Figure, outDir: string, options: PngOptions = {}): Promise<string[]> {
  const base = path.join(outDir, figureBaseName(fig));
  const { svg, png } = await renderFigure(fig, options);
  const files: [string, string | Buffer][] = [
    [`${base}.svg`, svg],
    [`${base}.png`, png],
  ];
  if (fig.kind === 'vega-lite') files.push([`${base}.vl.json`, toJsonFile(fig.spec)]);
  else files.push([`${base}.plotly.json`, toJsonFile(fig.plotly)], [`${base}.html`, plotlyHtml(fig)]);
  fs.mkdirSync(outDir, { recursive: true });
  for (const [file, content] of files) fs.writeFileSync(file, content);
  return files.map(([file]) => file);
}
