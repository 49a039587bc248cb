import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import type { Machine } from './types';

/** The machine a run measured, and the versions of what it compared with (scipy and numpy under `python`). */
export function describeMachine(python: string | undefined): Machine {
  const versions = python === undefined ? undefined : pythonVersions(python);
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    python: versions?.python ?? null,
    numpy: versions?.numpy ?? null,
    scipy: versions?.scipy ?? null,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

function pythonVersions(python: string): Record<'python' | 'numpy' | 'scipy', string> | undefined {
  const script = [
    'import json, platform, numpy, scipy',
    'print(json.dumps({"python": platform.python_version(), "numpy": numpy.__version__, "scipy": scipy.__version__}))',
  ].join('\n');
  const run = spawnSync(python, ['-c', script], { encoding: 'utf8' });
  return run.status === 0 ? JSON.parse(run.stdout) : undefined;
}
