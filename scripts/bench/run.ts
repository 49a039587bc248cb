import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/src/paths';

/**
 * Starting measured processes. Each item runs in processes of its own, spawned (never forked), so that its
 * peak memory is its own: a Node child reports VmHWM itself (memory.ts), any other command is wrapped in
 * peak.py, which reads ru_maxrss of its descendants. A child's output is shown live on this process's stderr
 * (progress in the log), so that stdout keeps only the tables.
 */

/** What a child run gave: its result (undefined when it failed), its wall time and, on failure, why. */
export interface ChildRun<T> {
  result: T | undefined;
  seconds: number;
  error: string | null;
}

/** The way a child is shown in results.json: runnable from the project root as is. */
export const CHILD_SCRIPT = 'scripts/bench/child.ts';

/** `tsx scripts/bench/child.ts ARGS`, without the --result file, which is a temporary path. */
export function childCommand(args: readonly string[]): string {
  return ['tsx', CHILD_SCRIPT, ...args].join(' ');
}

/**
 * Runs scripts/bench/child.ts with `args` in a new Node process with this process's loader flags (tsx's) and
 * reads the JSON it writes to its --result file.
 */
export async function runChild<T>(args: readonly string[]): Promise<ChildRun<T>> {
  const folder = mkdtempSync(path.join(tmpdir(), 'recs-bench-'));
  const file = path.join(folder, 'result.json');
  try {
    const argv = [...process.execArgv, path.join(PROJECT_ROOT, CHILD_SCRIPT), ...args, '--result', file];
    const start = performance.now();
    const run = await spawnShown(process.execPath, argv);
    const seconds = (performance.now() - start) / 1000;
    if (run.status !== 0 || !existsSync(file)) return { result: undefined, seconds, error: failure(run) };
    return { result: JSON.parse(readFileSync(file, 'utf8')) as T, seconds, error: null };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** One run of a command under peak.py: wall seconds, peak MB (null without Python), its stdout, or why it failed. */
export interface CommandRun {
  seconds: number;
  peakMB: number | null;
  stdout: string;
  error: string | null;
}

/** Python that runs peak.py (the standard library is enough), looked for once. */
let wrapperPython: string | null | undefined;

function pythonForWrapper(): string | null {
  if (wrapperPython === undefined) {
    wrapperPython =
      ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import resource']).status === 0) ?? null;
  }
  return wrapperPython;
}

/** Runs `argv` from the project root under peak.py; without Python the time is taken here and the peak is unknown. */
export async function runCommand(argv: readonly string[]): Promise<CommandRun> {
  const python = pythonForWrapper();
  const folder = mkdtempSync(path.join(tmpdir(), 'recs-bench-'));
  const file = path.join(folder, 'peak.json');
  try {
    const [program, ...args] = python === null ? argv : [python, path.join(__dirname, 'peak.py'), file, ...argv];
    const start = performance.now();
    const run = await spawnShown(program, args);
    const wall = (performance.now() - start) / 1000;
    const peak =
      python !== null && existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as { seconds: number; status: number; peakMB: number })
        : undefined;
    // peak.py exits 0 whatever the command did: the command's status is in its file.
    const status = peak?.status ?? run.status;
    return {
      seconds: peak?.seconds ?? wall,
      peakMB: peak?.peakMB ?? null,
      stdout: run.stdout,
      error: status === 0 ? null : failure({ ...run, status }),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

interface Shown {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last 64 kB of stderr, for the error message. */
  stderr: string;
  spawnError: string | null;
}

/** Spawns from the project root; both streams are copied to this process's stderr as they come and kept. */
function spawnShown(program: string, args: readonly string[]): Promise<Shown> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let spawnError: string | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      process.stderr.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-65536);
      process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      spawnError = error.message;
    });
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr, spawnError }));
  });
}

/** A one-line reason: how it ended and the output line that names an error, else the last line. */
function failure(run: Shown): string {
  if (run.spawnError !== null) return run.spawnError;
  const lines = `${run.stdout}\n${run.stderr}`.trim().split('\n');
  const line = lines.find((l) => /Error|FAIL|out of memory/.test(l)) ?? lines.at(-1) ?? '';
  return `${run.signal ?? `exit ${run.status}`}: ${line.trim()}`;
}
