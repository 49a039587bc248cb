import type { Config, TopLevelSpec } from 'vega-lite';
import { FONT_STACK } from './fonts';

/** Colours shared by the figures, chosen to stay apart for colour-blind readers and in greyscale. */
export const PALETTE = {
  /** Bars, observed values, finished steps. */
  accent: '#4c78a8',
  /** What comes next, and cells the model filled in. */
  highlight: '#e45756',
  /** Planned steps and neutral strokes. */
  muted: '#9d9d9d',
  /** Missing values: light enough to read as "nothing here" next to any colour of the scale. */
  missing: '#ececec',
  text: '#222222',
  subtleText: '#666666',
  /** Table header band. */
  band: '#f2f2f2',
} as const;

/** The vega-lite config of every figure: one font (so PNGs match across machines), white background. */
export const THEME_CONFIG: Config = {
  font: FONT_STACK,
  background: 'white',
  view: { stroke: null },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', color: PALETTE.text, offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, labelColor: PALETTE.text, titleColor: PALETTE.text },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  text: { fontSize: 11, color: PALETTE.text },
};

/** Adds the schema, the theme config and a padding to a spec, so every figure looks like one family. */
export function themed(spec: TopLevelSpec): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    padding: 12,
    ...spec,
    config: { ...THEME_CONFIG, ...spec.config },
  } as TopLevelSpec;
}

/** `1234567` → `1,234,567`: grouping done by hand so captions never depend on the machine's locale. */
export function formatCount(n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`formatCount expects an integer, got ${n}`);
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${digits}` : digits;
}

/** A rating or prediction with `digits` decimals (default 2): `4.429` → `4.43`; `-0.004` → `0.00`, not `-0.00`. */
export function formatRating(x: number, digits = 2): string {
  const text = x.toFixed(digits);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** `0.0171` → `1.7%`. */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Joins names as prose: `a`, `a and b`, `a, b and c`. */
export function listProse(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Shortens text to at most `max` characters, ending with an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Breaks text into lines of at most `width` characters at spaces (a longer word gets its own line). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
