import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { DataFileSpec, DatasetSpec } from './datasets';
import { DataError } from './errors';

/** What validation measured of one file; kept in the completion marker. */
export interface CheckedFile {
  name: string;
  bytes: number;
  rows: number;
  header?: string;
}

/** Written last into a validated copy, so later runs trust it after a stat of each file instead of a full read. */
export const MARKER_FILE = '.recs-dataset.json';

interface Marker {
  format: 1;
  dataset: string;
  source: string;
  validatedAt: string;
  files: CheckedFile[];
}

/**
 * Validates a dataset folder against its spec: every file present, the exact header, the published number of
 * data rows. LF and CRLF line ends, a UTF-8 BOM and blank lines (ml-100k's u.genre ends with one) are accepted.
 * Throws a DataError naming `<dataset>/<file>` and what is wrong.
 */
export async function validateDatasetDir(dir: string, spec: DatasetSpec): Promise<void> {
  await checkDatasetDir(dir, spec);
}

/** validateDatasetDir, returning what it measured. Files are checked for presence first: that fails fastest. */
export async function checkDatasetDir(dir: string, spec: DatasetSpec): Promise<CheckedFile[]> {
  const label = (file: DataFileSpec) => `${spec.name}/${file.name}`;
  for (const file of spec.files) {
    const info = await stat(path.join(dir, file.name)).catch(() => undefined);
    if (info === undefined) throw new DataError('missing', label(file));
    if (!info.isFile()) throw new DataError('not a regular file', label(file));
  }
  const checked: CheckedFile[] = [];
  for (const file of spec.files) {
    const found = await scanLines(path.join(dir, file.name), file.header !== undefined);
    if (file.header !== undefined && found.header !== file.header) {
      const shown = found.bytes === 0 ? 'the file is empty' : `header is '${found.header}'`;
      throw new DataError(`${shown}, expected '${file.header}'`, label(file));
    }
    if (found.rows !== file.rows) {
      throw new DataError(
        `${found.rows} data rows, expected ${file.rows} (truncated or a different release?)`,
        label(file),
      );
    }
    checked.push({ name: file.name, bytes: found.bytes, rows: found.rows, header: file.header });
  }
  return checked;
}

interface Scan {
  bytes: number;
  header?: string;
  rows: number;
}

/** Streams a file once: its first line (when it has a header) and the number of non-blank lines after it. */
async function scanLines(file: string, hasHeader: boolean): Promise<Scan> {
  let bytes = 0;
  let rows = 0;
  let inHeader = hasHeader;
  const headerParts: Buffer[] = [];
  let headerBytes = 0;
  let lineHasContent = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      if (inHeader) {
        // Capped: a header is short, and a file without line ends must not be held in memory whole.
        if (headerBytes < 4096) headerParts.push(chunk.subarray(start, end));
        headerBytes += end - start;
      } else if (!lineHasContent) {
        // A line is blank if it holds nothing but the \r of a CRLF.
        for (let i = start; i < end && !lineHasContent; i++) lineHasContent = chunk[i] !== 13;
      }
      if (newline === -1) break;
      if (inHeader) inHeader = false;
      else if (lineHasContent) rows++;
      lineHasContent = false;
      start = newline + 1;
    }
  }
  if (lineHasContent) rows++;
  if (!hasHeader) return { bytes, rows };
  const header = Buffer.concat(headerParts)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
  return { bytes, rows, header };
}

/** Marks `dir` as a complete, validated copy of `spec`. */
export async function writeMarker(dir: string, spec: DatasetSpec, files: CheckedFile[], source: string): Promise<void> {
  const marker: Marker = { format: 1, dataset: spec.name, source, validatedAt: new Date().toISOString(), files };
  await writeFile(path.join(dir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
}

/**
 * True if `dir` carries a marker written for this very spec (same files, rows and headers) and every file still
 * has the size it had when validated. Costs one small read and a stat per file, a few milliseconds.
 */
export async function hasValidMarker(dir: string, spec: DatasetSpec): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(path.join(dir, MARKER_FILE), 'utf8')) as Marker;
    if (marker.format !== 1 || marker.dataset !== spec.name || marker.files.length !== spec.files.length) return false;
    for (const [i, file] of spec.files.entries()) {
      const seen = marker.files[i];
      if (seen.name !== file.name || seen.rows !== file.rows || seen.header !== file.header) return false;
      if ((await stat(path.join(dir, file.name))).size !== seen.bytes) return false;
    }
    return true;
  } catch {
    return false;
  }
}
