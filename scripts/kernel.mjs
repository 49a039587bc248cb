#!/usr/bin/env node
// Registers a Jupyter kernel named `recs-tslab` that runs this project's own tslab (no global install).
//
//   npm run kernel            writes .jupyter/kernels/recs-tslab/ and, when `jupyter` is on PATH, installs it
//                             for the current user so JupyterLab and Notebook list "TypeScript (recs-from-scratch)"
//   npm run kernel -- --local only writes the project-local spec (used by the notebook runner via JUPYTER_PATH)
//
// The spec's argv names this Node binary and this checkout's tslab by absolute path, so the kernel starts the same
// way from JupyterLab, nbconvert or nbclient, whatever PATH the notebook server has.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const KERNEL_NAME = 'recs-tslab';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const localJupyterPath = path.join(root, '.jupyter');

export function writeLocalKernelSpec() {
  const tslab = path.join(root, 'node_modules', 'tslab', 'bin', 'tslab');
  if (!fs.existsSync(tslab)) throw new Error(`tslab is not installed at ${tslab}: run npm install first`);
  const dir = path.join(localJupyterPath, 'kernels', KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [process.execPath, tslab, 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (recs-from-scratch)',
    language: 'typescript',
  };
  fs.writeFileSync(path.join(dir, 'kernel.json'), `${JSON.stringify(spec, null, 2)}\n`);
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = writeLocalKernelSpec();
  console.log(`kernel spec written: ${path.relative(root, dir)}/kernel.json`);
  if (!process.argv.includes('--local')) {
    const which = spawnSync('jupyter', ['--version'], { stdio: 'ignore' });
    if (which.error || which.status !== 0) {
      console.log('jupyter is not on PATH: skipped the per-user install (see README, "Open the notebooks").');
    } else {
      const r = spawnSync('jupyter', ['kernelspec', 'install', '--user', '--replace', '--name', KERNEL_NAME, dir], {
        stdio: 'inherit',
      });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
  }
}
