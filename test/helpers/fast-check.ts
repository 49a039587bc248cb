/**
 * Loaded before every test file (`--import` in package.json's test:unit). Property tests draw their cases from
 * one fixed seed, so `npm test` checks the same cases on every run and a red CI can be replayed as it was.
 *
 * `npm run test:fuzz` looks for new counterexamples instead: FC_SEED=random draws a fresh seed per property and
 * FC_SCALE=10 runs ten times as many cases. A failure prints its seed; `FC_SEED=<seed> npm run test:unit`
 * replays it (with the same FC_SCALE).
 */
import fc from 'fast-check';

const DEFAULT_SEED = 20261204;
/** fast-check's own default number of cases per property. */
const DEFAULT_RUNS = 100;

function integerEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return n;
}

const scale = integerEnv('FC_SCALE', 1, 1);
const randomSeed = process.env.FC_SEED === 'random';
const seed = randomSeed ? undefined : integerEnv('FC_SEED', DEFAULT_SEED, Number.MIN_SAFE_INTEGER);

/**
 * Parameters for one `fc.assert`: `n` cases (times FC_SCALE), drawn from the run's seed. A property that is
 * slow per case asks for fewer than the default 100 here, rather than setting numRuns or a seed of its own.
 */
export function runs(n: number): { numRuns: number } {
  return { numRuns: n * scale };
}

fc.configureGlobal(seed === undefined ? { numRuns: DEFAULT_RUNS * scale } : { numRuns: DEFAULT_RUNS * scale, seed });
