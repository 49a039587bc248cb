import { chmod, copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hexDigest, parseMd5File, sha256For } from './checksum';
import { GROUPLENS_URL } from './datasets';
import { downloadBytes, downloadText, HttpStatusError } from './download';
import { DataError, UsageError } from './errors';
import { resolveFromRoot } from './paths';
import type { Progress } from './progress';
import { unpackZip } from './zip';

/** Where a dataset comes from: a web server publishing `<name>.zip`, or a local folder (a mirror). */
export type Source = { kind: 'http'; url: string } | { kind: 'folder'; dir: string };

/**
 * Reads a source setting: an http(s) URL prefix, a file: URL, or a folder path (relative paths are taken from
 * the project root). Unset or empty means the official GroupLens server.
 */
export function resolveSource(mirror: string | undefined): Source {
  const value = mirror === undefined || mirror.trim() === '' ? GROUPLENS_URL : mirror.trim();
  if (/^https?:\/\//i.test(value)) return { kind: 'http', url: value.replace(/\/+$/, '') };
  if (/^file:/i.test(value)) return { kind: 'folder', dir: fileURLToPath(value) };
  return { kind: 'folder', dir: resolveFromRoot(value) };
}

export interface AcquireContext {
  progress: Progress;
  log: (message: string) => void;
}

/**
 * Puts the files of dataset `name` from `source` into the folder `dest` (which exists and is empty), verified
 * against whatever checksum the source publishes. Returns one line saying where they came from and how they were
 * verified, for the completion marker.
 */
export async function acquire(name: string, source: Source, dest: string, context: AcquireContext): Promise<string> {
  return source.kind === 'http'
    ? fromServer(name, source.url, dest, context)
    : fromFolder(name, source.dir, dest, context);
}

async function fromServer(name: string, base: string, dest: string, { progress, log }: AcquireContext) {
  const url = `${base}/${name}.zip`;
  const data = await downloadBytes(url, progress, `Downloading ${name}.zip`);
  let verified = 'not verified';
  const md5 = await publishedMd5(`${url}.md5`, log);
  if (md5 !== undefined) {
    checkDigest(`${name}.zip`, 'md5', data, md5, `${url}.md5`);
    verified = 'md5 verified';
  }
  await writeFiles(dest, unpackZip(data, `${name}.zip`, name));
  return `${url} (${verified})`;
}

/** The md5 published at `url`, or undefined (logged) when it cannot be had: we verify when we can. */
async function publishedMd5(url: string, log: (message: string) => void): Promise<string | undefined> {
  try {
    const md5 = parseMd5File(await downloadText(url));
    if (md5 === undefined) log(`${url} holds no md5 checksum: download not verified`);
    return md5;
  } catch (error) {
    const why = error instanceof HttpStatusError ? `HTTP ${error.status}` : (error as Error).message;
    log(`md5 not published at ${url} (${why}): download not verified`);
    return undefined;
  }
}

async function fromFolder(name: string, dir: string, dest: string, { log }: AcquireContext) {
  if (!(await isKind(dir, 'dir'))) throw new UsageError(`mirror folder ${dir} does not exist`);
  const sumsPath = path.join(dir, 'SHA256SUMS');
  const sums = (await isKind(sumsPath, 'file')) ? await readFile(sumsPath, 'utf8') : undefined;
  const zipPath = path.join(dir, `${name}.zip`);
  if (await isKind(zipPath, 'file')) {
    const data = await readFile(zipPath);
    const checks: string[] = [];
    if (await isKind(`${zipPath}.md5`, 'file')) {
      const md5 = parseMd5File(await readFile(`${zipPath}.md5`, 'utf8'));
      if (md5 === undefined) throw new DataError('holds no md5 checksum', `${zipPath}.md5`);
      checkDigest(zipPath, 'md5', data, md5, `${zipPath}.md5`);
      checks.push('md5');
    }
    const sha = sums === undefined ? undefined : sha256For(sums, `${name}.zip`);
    if (sha !== undefined) {
      checkDigest(zipPath, 'sha256', data, sha, sumsPath);
      checks.push('sha256');
    }
    if (checks.length === 0) log(`${zipPath}: no .zip.md5 or SHA256SUMS entry beside it: not verified`);
    await writeFiles(dest, unpackZip(data, `${name}.zip`, name));
    return `${zipPath} (${checks.length === 0 ? 'not verified' : `${checks.join(' and ')} verified`})`;
  }
  const folder = path.join(dir, name);
  if (await isKind(folder, 'dir')) {
    let verified = 0;
    for (const entry of await readdir(folder)) {
      if (!(await isKind(path.join(folder, entry), 'file'))) continue;
      await copyFile(path.join(folder, entry), path.join(dest, entry));
      // Mirrors are read-only; the copy belongs to this project and may be replaced later.
      await chmod(path.join(dest, entry), 0o644);
      const sha = sums === undefined ? undefined : sha256For(sums, `${name}/${entry}`);
      if (sha === undefined) continue;
      checkDigest(path.join(folder, entry), 'sha256', await readFile(path.join(dest, entry)), sha, sumsPath);
      verified++;
    }
    if (verified === 0) log(`${folder}/: no SHA256SUMS entries beside it: files not verified`);
    return `${folder}/ (${verified === 0 ? 'not verified' : `sha256 of ${verified} files verified`})`;
  }
  throw new UsageError(`mirror folder ${dir} holds neither ${name}.zip nor ${name}/`);
}

function checkDigest(label: string, algorithm: 'md5' | 'sha256', data: Uint8Array, expected: string, from: string) {
  const actual = hexDigest(algorithm, data);
  if (actual !== expected.toLowerCase()) {
    throw new DataError(
      `${algorithm} is ${actual}, expected ${expected} from ${from} (corrupted download or a different release?)`,
      label,
    );
  }
}

async function writeFiles(dest: string, files: { path: string; data: Uint8Array }[]): Promise<void> {
  for (const file of files) {
    const target = path.join(dest, ...file.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.data);
  }
}

async function isKind(p: string, kind: 'file' | 'dir'): Promise<boolean> {
  const info = await stat(p).catch(() => undefined);
  return info !== undefined && (kind === 'file' ? info.isFile() : info.isDirectory());
}
