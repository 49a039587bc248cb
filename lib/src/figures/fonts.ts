import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../paths';

/** The one font family of every figure: the PNG renderer loads only it, and text is measured with it. */
export const FONT_FAMILY = 'DejaVu Sans';

/**
 * The font-family every vega-lite config sets, so each SVG says it. The PNG renderer finds DejaVu Sans
 * first; a browser showing the SVG without DejaVu falls back to Verdana, whose widths are close (DejaVu
 * grew from Bitstream Vera, drawn to Verdana-like proportions), so labels measured for DejaVu still fit.
 */
export const FONT_STACK = `${FONT_FAMILY}, Verdana, sans-serif`;

/** The TrueType files of {@link FONT_FAMILY}, one per style a figure uses. */
export interface FontFiles {
  regular: string;
  bold: string;
  oblique: string;
  boldOblique: string;
}

const FILE_NAMES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  oblique: 'DejaVuSans-Oblique.ttf',
  boldOblique: 'DejaVuSans-BoldOblique.ttf',
} as const;

function packageDir(): string {
  try {
    return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  } catch {
    // The package may forbid deep requires; look where npm workspaces hoist it.
    return path.join(PROJECT_ROOT, 'node_modules', 'dejavu-fonts-ttf', 'ttf');
  }
}

let cached: FontFiles | undefined;

/**
 * Finds the figure fonts, the only place that decides it. Text is drawn from these files and no system
 * font, so a PNG is byte-identical on every machine: the files come from the npm package
 * `dejavu-fonts-ttf`, pinned in the lockfile, never from the operating system (whose DejaVu build differs
 * between releases).
 * @throws Error when the package is not installed.
 */
export function figureFonts(): FontFiles {
  if (cached) return cached;
  const dir = packageDir();
  const files = {
    regular: path.join(dir, FILE_NAMES.regular),
    bold: path.join(dir, FILE_NAMES.bold),
    oblique: path.join(dir, FILE_NAMES.oblique),
    boldOblique: path.join(dir, FILE_NAMES.boldOblique),
  };
  const missing = Object.values(files).filter((f) => !fs.existsSync(f));
  if (missing.length > 0) {
    throw new Error(`figure fonts not found (${missing.join(', ')}): run npm install (package dejavu-fonts-ttf)`);
  }
  cached = files;
  return cached;
}
