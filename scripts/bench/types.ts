import type { RatioInterval } from '../../lib/src/evaluation/bootstrap';
import type { ProtocolResult } from '../../lib/src/evaluation/run-protocol';
import type { Timing } from './stats';

/**
 * The shape of bench/results.json, written by `npm run bench` (scripts/bench.ts) and read by
 * `npm run readme` (scripts/readme-tables.ts). Every object is built in a fixed key order, so two runs differ
 * only where a number differs. Times are in seconds, memory in MB (2^20 bytes).
 */

/** Bumped when a field changes meaning, so the README generator can refuse a file it would misread. */
export const RESULTS_VERSION = 1;

export interface Machine {
  /** CPU model as the OS names it, and logical cores. */
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  /** Versions of the Python that ran scipy and numpy (Debian's python3-scipy), or null without one. */
  python: string | null;
  numpy: string | null;
  scipy: string | null;
  /** 1-minute load average when the run started: other work on a shared machine slows every number. */
  loadAverage: number;
}

/** What one of our measurements is compared with. */
export interface Comparison {
  label: string;
  /** 'measured' in this run, or 'reference': a number from elsewhere, stated as such, not measured here. */
  kind: 'measured' | 'reference';
  /** The timing of a measured comparison; null for a reference number. */
  seconds: Timing | null;
  /** The number compared with: the median when measured, the stated number for a reference. */
  compareSeconds: number;
  /** Our median divided by `compareSeconds`: below 1 means ours is faster. */
  ratio: number;
  peakMB: number | null;
  /** Largest relative difference between its singular values and ours, where it computes some. */
  maxRelativeDifference: number | null;
  /** Where a reference number comes from, or other context; null when there is nothing to add. */
  note: string | null;
}

/** One timed item of the speed table: each runs in child processes of its own, so its memory is its own. */
export interface SpeedItem {
  id: string;
  label: string;
  /** The exact command that ran, from the project root. */
  command: string;
  /** Timed runs (warm-ups excluded). */
  runs: number;
  /** Null when the item failed. */
  seconds: Timing | null;
  /** Peak resident memory of the measured process (the largest of its runs). */
  peakMB: number | null;
  /** How `peakMB` was read: VmHWM of the child at its end, or ru_maxrss of the largest descendant. */
  memory: 'VmHWM' | 'ru_maxrss';
  /** Peak before the timed part (Node, the modules and the input), where the item can tell. */
  inputMB: number | null;
  error: string | null;
  /** Facts of the item: matrix shape, ratings, per-notebook medians, ... */
  details: Record<string, number | string>;
  comparisons: Comparison[];
}

export type TargetStatus = 'PASS' | 'MISS' | 'N/A';

export interface TargetResult {
  id: string;
  /** Which README block shows it. */
  block: 'performance' | 'evaluation';
  /** The target in words, with its threshold. */
  description: string;
  status: TargetStatus;
  /** The measured number(s) in words. */
  measured: string;
}

export interface EvaluationRun {
  protocol: string;
  command: string;
  /** The models evaluated, in order. */
  models: string[];
  /** Wall time of the child, loading included, and its peak memory. */
  seconds: number | null;
  peakMB: number | null;
  error: string | null;
  /** evaluationVerdict(result), markdown. */
  verdict: string | null;
  result: ProtocolResult | null;
  /** Per model, the bootstrap interval of its nDCG@10 over the best SVD variant's (child.ts). */
  svdIntervals?: Record<string, RatioInterval> | null;
}

/** A step of scripts/bench-scale.ts. */
export type ScaleTask = 'generate' | 'parse-csr' | 'svd-k50' | 'mf-epoch';

/** What a bench-scale child reports on its last line of output. */
export interface ScaleStepResult {
  /** Seconds of the timed part. */
  seconds: number;
  /** Peak resident memory (maxRSS) before the timed part: Node, the loaded modules and the step's input. */
  inputMB: number;
  /** Peak resident memory (maxRSS) at the end. */
  peakMB: number;
  /** The same peak read from /proc/self/status (VmHWM) on Linux, which counts this process alone. */
  hwmMB?: number;
  /** Details: seconds of sub-steps (parse and csr; write, of the files) and the SVD's iterations and restarts. */
  parts?: Record<string, number>;
  /** Distinct users and movies, and the size of ratings.csv (the generate step). */
  users?: number;
  movies?: number;
  csvMB?: number;
}

/** One row of bench/scale.json. */
export interface ScaleRow extends Partial<ScaleStepResult> {
  ratings: number;
  step: ScaleTask;
  secondsPerMillion?: number;
  error?: string;
}

export interface ScaleRun {
  command: string;
  seed: number;
  sizes: number[];
  /** Null when bench-scale itself failed. */
  rows: ScaleRow[] | null;
  error: string | null;
}

export interface BenchResults {
  version: number;
  /** How the bench was started, e.g. `npm run bench` or `npm run bench -- --quick`. */
  command: string;
  /** ISO date of the start. */
  startedAt: string;
  totalSeconds: number;
  options: { runs: number; notebookRuns: number; quick: boolean };
  machine: Machine;
  speed: SpeedItem[];
  targets: TargetResult[];
  evaluation: EvaluationRun[];
  scale: ScaleRun;
}
