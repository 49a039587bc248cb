import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkDatasetDir, hasValidMarker, writeMarker } from './dataset-check';
import { DATASETS, type DatasetSpec } from './datasets';
import { DataError } from './errors';
import { acquire, resolveSource } from './mirror';
import { dataDir, resolveFromRoot } from './paths';
import { type Progress, terminalProgress } from './progress';
import type { DatasetName } from './types';

export { validateDatasetDir } from './dataset-check';

export interface FetchOptions {
  /** Where datasets live; default `dataDir()` (`MOVIELENS_DATA_DIR` or `<project root>/data`). Relative paths are taken from the project root. */
  dataDir?: string;
  /**
   * Where to get the dataset: an http(s) URL prefix serving `<name>.zip` (and `<name>.zip.md5`), or a local folder
   * holding `<name>.zip` or an unpacked `<name>/`. Default `MOVIELENS_MIRROR`, else the GroupLens server.
   */
  mirror?: string;
  /** Download progress in bytes of total; default `terminalProgress()`, which draws only on a TTY. */
  progress?: Progress;
  /** Fetch again even if a valid copy is present; default false. The old copy stays until the new one is valid. */
  force?: boolean;
  /** What a complete copy looks like; default `DATASETS[name]` (tests pass a tiny spec). */
  spec?: DatasetSpec;
  /** Warnings and notes (an unverifiable download, a broken copy being replaced); default one line each on stderr. */
  log?: (message: string) => void;
}

/**
 * Ensures `<dataDir>/<name>/` holds a complete, validated copy of the dataset and returns its absolute path.
 * A copy marked complete by an earlier run is trusted after a stat of each file (milliseconds). Otherwise the
 * dataset is fetched into a temporary folder inside dataDir, validated, marked, and renamed into place: a
 * failure or an interruption leaves no partial dataset, and of two runs racing, the first rename wins and the
 * other keeps it.
 */
export async function ensureDataset(name: DatasetName, options: FetchOptions = {}): Promise<string> {
  const spec = options.spec ?? DATASETS[name];
  const root = options.dataDir === undefined ? dataDir() : resolveFromRoot(options.dataDir);
  const target = path.join(root, name);
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  if (!options.force && (await hasValidMarker(target, spec))) return target;

  await mkdir(root, { recursive: true });
  await removeStaleTemps(root);
  if (!options.force && (await exists(target))) {
    // A copy put there by hand, or by an older version: adopt it if it checks out.
    try {
      const checked = await checkDatasetDir(target, spec);
      // A read-only copy (a link to a mirror) cannot be marked: it is then validated again on every call.
      await writeMarker(target, spec, checked, 'found in place').catch(() => undefined);
      return target;
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      log(`${error.message}: fetching a fresh copy`);
    }
  }

  const source = resolveSource(options.mirror ?? process.env.MOVIELENS_MIRROR);
  const temp = tempPath(root, name);
  await mkdir(temp);
  try {
    const from = await acquire(name, source, temp, { progress: options.progress ?? terminalProgress(), log });
    await writeMarker(temp, spec, await checkDatasetDir(temp, spec), from);
    await install(temp, target, root, name, spec, options.force === true);
    return target;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Moves the validated `temp` to `target`. Renames within one folder are atomic, so readers never see a half copy. */
async function install(temp: string, target: string, root: string, name: string, spec: DatasetSpec, replace: boolean) {
  try {
    await rename(temp, target);
    return;
  } catch (error) {
    if (!(await exists(target))) throw error;
  }
  // Another run finished first: keep its copy, ours is removed by the caller.
  if (!replace && (await hasValidMarker(target, spec))) return;
  // The copy in place is broken, or --force: move it aside (still atomic), then put ours in place.
  const aside = tempPath(root, name);
  await rename(target, aside).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  try {
    await rename(temp, target);
  } catch (error) {
    if (!(await hasValidMarker(target, spec))) throw error;
  } finally {
    await rm(aside, { recursive: true, force: true });
  }
}

const TEMP_PREFIX = '.tmp-';
/** Stale even if its owner looks alive: pids get reused, and another machine's pids cannot be checked. */
const TEMP_MAX_AGE_MS = 24 * 3600 * 1000;

/** `.tmp-<name>.<pid>.<random>@<host>`: the owner is recorded so that later runs can tell a dead run's leftovers. */
function tempPath(root: string, name: string): string {
  return path.join(root, `${TEMP_PREFIX}${name}.${process.pid}.${randomBytes(4).toString('hex')}@${os.hostname()}`);
}

/** Removes the temporary folders of runs that died (killed, power cut) so they do not pile up. */
async function removeStaleTemps(root: string): Promise<void> {
  for (const entry of await readdir(root)) {
    const owner = /^\.tmp-.+\.(\d+)\.[0-9a-f]+@(.+)$/.exec(entry);
    if (owner === null) continue;
    const full = path.join(root, entry);
    const sameHost = owner[2] === os.hostname();
    const info = await stat(full).catch(() => undefined);
    const old = info !== undefined && Date.now() - info.mtimeMs > TEMP_MAX_AGE_MS;
    if (old || (sameHost && !isAlive(Number(owner[1])))) await rm(full, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(p: string): Promise<boolean> {
  return (await stat(p).catch(() => undefined)) !== undefined;
}
