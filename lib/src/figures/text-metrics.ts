import * as fs from 'node:fs';

/**
 * Text widths from the figure font's own advance widths, so vega lays out axes, legends and label
 * truncation for the glyphs the PNG will really draw. Without a canvas, vega guesses 0.8 em for every
 * character, about 35% wider than DejaVu Sans: labels got cut early and axes wasted space. Kerning is
 * ignored (a fraction of a pixel per pair).
 */
export interface FontMetrics {
  unitsPerEm: number;
  /** Advance width in font units of the glyph for a code point; the missing glyph's (.notdef) if none. */
  advance(codePoint: number): number;
  /** True when the font has a glyph for the code point. */
  has(codePoint: number): boolean;
}

function tableOffsets(buf: Buffer): Map<string, number> {
  const tables = new Map<string, number>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  return tables;
}

/** Reads a cmap subtable of format 4 (BMP segments) or 12 (full Unicode groups) into code point → glyph. */
function readCmap(buf: Buffer, cmap: number): Map<number, number> {
  const glyphs = new Map<number, number>();
  const numSubtables = buf.readUInt16BE(cmap + 2);
  const subtables: number[] = [];
  for (let i = 0; i < numSubtables; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    if (platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))) {
      subtables.push(cmap + buf.readUInt32BE(rec + 4));
    }
  }
  // Format 12 covers more than format 4; read it first and let format 4 only fill gaps.
  const byFormat = (f: number) => subtables.filter((s) => buf.readUInt16BE(s) === f);
  for (const sub of byFormat(12)) {
    const groups = buf.readUInt32BE(sub + 12);
    for (let g = 0; g < groups; g++) {
      const rec = sub + 16 + 12 * g;
      const [start, end, glyph] = [buf.readUInt32BE(rec), buf.readUInt32BE(rec + 4), buf.readUInt32BE(rec + 8)];
      for (let c = start; c <= end; c++) if (!glyphs.has(c)) glyphs.set(c, glyph + c - start);
    }
  }
  for (const sub of byFormat(4)) {
    const segCount = buf.readUInt16BE(sub + 6) / 2;
    const ends = sub + 14;
    const starts = ends + 2 * segCount + 2;
    const deltas = starts + 2 * segCount;
    const rangeOffsets = deltas + 2 * segCount;
    for (let s = 0; s < segCount; s++) {
      const [start, end] = [buf.readUInt16BE(starts + 2 * s), buf.readUInt16BE(ends + 2 * s)];
      const delta = buf.readInt16BE(deltas + 2 * s);
      const rangeOffset = buf.readUInt16BE(rangeOffsets + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const at = rangeOffsets + 2 * s + rangeOffset + 2 * (c - start);
          const raw = buf.readUInt16BE(at);
          glyph = raw === 0 ? 0 : (raw + delta) & 0xffff;
        }
        if (glyph !== 0 && !glyphs.has(c)) glyphs.set(c, glyph);
      }
    }
  }
  return glyphs;
}

/** Parses the `head`, `hhea`, `hmtx` and `cmap` tables of a TrueType file. */
export function parseFontMetrics(buf: Buffer): FontMetrics {
  const tables = tableOffsets(buf);
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`font has no '${tag}' table`);
    return offset;
  };
  const unitsPerEm = buf.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = buf.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  // Glyphs past numberOfHMetrics share the last advance (monospaced tails).
  const glyphAdvance = (glyph: number) => buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));
  const glyphs = readCmap(buf, table('cmap'));
  return {
    unitsPerEm,
    advance: (codePoint) => glyphAdvance(glyphs.get(codePoint) ?? 0),
    has: (codePoint) => glyphs.has(codePoint),
  };
}

const loaded = new Map<string, FontMetrics>();

/** Metrics of a font file, parsed once per process. */
export function fontMetrics(file: string): FontMetrics {
  let metrics = loaded.get(file);
  if (!metrics) {
    metrics = parseFontMetrics(fs.readFileSync(file));
    loaded.set(file, metrics);
  }
  return metrics;
}

/** Width in pixels of one line of text at `fontSize` pixels. */
export function textWidth(metrics: FontMetrics, text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text) units += metrics.advance(ch.codePointAt(0) ?? 0);
  return (units * fontSize) / metrics.unitsPerEm;
}

/** The characters of `text` that the font cannot draw (each once, in order of appearance). */
export function missingGlyphs(metrics: FontMetrics, text: string): string[] {
  const missing = new Set<string>();
  for (const ch of text) if (!/\s/.test(ch) && !metrics.has(ch.codePointAt(0) ?? 0)) missing.add(ch);
  return [...missing];
}
