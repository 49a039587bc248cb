import * as path from 'node:path';

/**
 * The project root: the folder holding the top-level package.json. Works from lib/src (tsx, tests)
 * and lib/dist (compiled) alike, whatever the working directory (notebooks run in notebooks/).
 */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Resolves a path given by a user or an environment variable. Relative paths are taken from the project
 * root, not the working directory, so that the CLI, the tests and the notebooks (whose working directory is
 * notebooks/) all see the same folder for `MOVIELENS_MIRROR=../shared/data/movielens`.
 */
export function resolveFromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(PROJECT_ROOT, p);
}

/** Where datasets live: `MOVIELENS_DATA_DIR`, default `data/` in the project root. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.MOVIELENS_DATA_DIR;
  return resolveFromRoot(dir === undefined || dir === '' ? 'data' : dir);
}
