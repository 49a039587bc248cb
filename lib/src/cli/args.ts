import { parseArgs } from 'node:util';
import { isDatasetName } from '../datasets';
import { UsageError } from '../errors';
import type { DatasetName } from '../types';

/** An option of a command, as node:util parseArgs takes it, plus a help line. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  help: string;
  /** Placeholder shown in help, e.g. 'N'. */
  value?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;
export type ParsedOptions = Record<string, string | boolean | undefined>;

/** Options every data command shares. */
export const COMMON_OPTIONS: OptionSpecs = {
  dataset: { type: 'string', value: 'NAME', help: 'ml-latest-small (default) or ml-100k' },
  json: { type: 'boolean', help: 'print one JSON object instead of text' },
};

/** Options of the commands that work on the cleaned data (blog step 2). */
export const CLEANING_OPTIONS: OptionSpecs = {
  'no-clean': { type: 'boolean', help: 'skip cleaning (step 2): use the ratings as published' },
  'drop-bots': { type: 'boolean', help: 'remove users flagged as bot-like (default: keep and report them)' },
};

/** Parses argv against `specs`; unknown options and stray arguments are UsageErrors. */
export function parseOptions(argv: string[], specs: OptionSpecs): ParsedOptions {
  const options = Object.fromEntries(Object.entries(specs).map(([name, s]) => [name, { type: s.type }]));
  try {
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    return values as ParsedOptions;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error));
  }
}

export function datasetOption(values: ParsedOptions): DatasetName {
  const name = values.dataset ?? 'ml-latest-small';
  if (typeof name !== 'string' || !isDatasetName(name)) {
    throw new UsageError(`unknown dataset '${String(name)}': expected ml-latest-small or ml-100k`);
  }
  return name;
}

/** An integer option within [min, max], or `fallback` when absent. */
export function intOption(values: ParsedOptions, name: string, fallback: number, min: number, max: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${String(raw)}'`);
  }
  return n;
}

/** A choice among string literals, or `fallback` when absent. */
export function choiceOption<T extends string>(
  values: ParsedOptions,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${String(raw)}'`);
  }
  return raw as T;
}

/** Help text for a command's options. */
export function optionsHelp(specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => [`--${name}${s.value ? ` ${s.value}` : ''}`, s.help]);
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}
