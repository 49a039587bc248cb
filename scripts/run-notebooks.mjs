#!/usr/bin/env node
// Executes every notebook under notebooks/ headlessly on the project's tslab kernel and fails on any error cell.
//
//   npm run test:notebooks            execute into a temporary folder; the committed notebooks are not touched
//   npm run notebooks                 execute in place, so the committed outputs are current (then commit them)
//   node scripts/run-notebooks.mjs notebooks/03-baselines.ipynb [--write]   just the ones named
//
// Output policy: outputs are committed so GitHub shows them; execution timing metadata is not recorded, so a
// re-run changes a notebook's file only where an output changed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNEL_NAME, localJupyterPath, writeLocalKernelSpec } from './kernel.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const write = args.includes('--write');
const named = args.filter((a) => !a.startsWith('--'));
const notebooks = (
  named.length > 0
    ? named.map((p) => path.resolve(p))
    : fs
        .readdirSync(path.join(root, 'notebooks'))
        .filter((f) => f.endsWith('.ipynb'))
        .sort()
        .map((f) => path.join(root, 'notebooks', f))
).filter((p) => !p.includes('.ipynb_checkpoints'));

writeLocalKernelSpec();
const env = {
  ...process.env,
  JUPYTER_PATH: [localJupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter),
  // Python's debugger warns about frozen modules on every kernel start: noise in the log, not a problem.
  PYDEVD_DISABLE_FILE_VALIDATION: '1',
};
const outDir = write ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'recs-notebooks-'));

/** JSON with sorted keys and one-space indent: the layout nbformat writes, so Jupyter and this script agree. */
function nbformatJson(value) {
  const sort = (v) =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort(v[k])]),
          )
        : v;
  return `${JSON.stringify(sort(value), null, 1)}\n`;
}

/**
 * A notebook fails on any error output (a thrown error) and on any output on stderr: tslab reports type errors
 * there, and our notebooks write nothing there when all is well.
 *
 * Numbers the executed code cells 1, 2, ... (tslab's replies carry no execution count that nbclient keeps, so
 * GitHub would show every cell as never run) and returns the error outputs as "cell N: ename: evalue" lines.
 */
function finish(nbPath) {
  const nb = JSON.parse(fs.readFileSync(nbPath, 'utf8'));
  let count = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    cell.execution_count = ++count;
    for (const out of cell.outputs ?? []) if ('execution_count' in out) out.execution_count = count;
  }
  fs.writeFileSync(nbPath, nbformatJson(nb));
  const errors = [];
  nb.cells.forEach((cell, i) => {
    for (const out of cell.outputs ?? []) {
      if (out.output_type === 'error') errors.push(`cell ${i + 1}: ${out.ename}: ${out.evalue}`);
      if (out.output_type === 'stream' && out.name === 'stderr') {
        errors.push(`cell ${i + 1}: stderr: ${[out.text].flat().join('').trim().slice(0, 500)}`);
      }
    }
  });
  return errors;
}

let passed = 0;
let failed = 0;
for (const nb of notebooks) {
  const name = path.relative(root, nb);
  const started = Date.now();
  const r = spawnSync(
    'jupyter',
    [
      'nbconvert',
      '--to',
      'notebook',
      '--execute',
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      '--ExecutePreprocessor.timeout=900',
      '--ExecutePreprocessor.record_timing=False',
      // Run every cell even after a failure, so the notebook records every error; they are collected below.
      '--allow-errors',
      ...(write ? ['--inplace'] : ['--output-dir', outDir]),
      nb,
    ],
    { cwd: path.dirname(nb), env, encoding: 'utf8' },
  );
  const executed = write ? nb : path.join(outDir, path.basename(nb));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.error) {
    console.error(`could not start jupyter (${r.error.message}); install it as the README says`);
    process.exit(2);
  }
  const errors = fs.existsSync(executed) ? finish(executed) : [];
  if (r.status === 0 && errors.length === 0) {
    passed++;
    console.log(`ok   ${name} (${seconds} s)`);
  } else {
    failed++;
    console.log(`FAIL ${name} (${seconds} s)`);
    for (const e of errors) console.log(`     ${e}`);
    if (r.status !== 0) console.log(r.stderr.split('\n').slice(-25).join('\n'));
  }
}
console.log(`notebooks: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
