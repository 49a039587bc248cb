import { MAX_FACTORS } from '../models/registry';
import type { Part1Options } from '../part1';
import { choiceOption, intOption, type OptionSpecs, type ParsedOptions } from './args';

/** The SVD's options, shared by `recs figures`, `recs recommend` and `recs evaluate`. */
export const SVD_OPTIONS: OptionSpecs = {
  k: { type: 'string', value: 'K', help: `rank of the truncated SVD, 1 to ${MAX_FACTORS} (default 50)` },
  fill: {
    type: 'string',
    value: 'MODE',
    help: "missing ratings before the SVD: 'zero' (default, the blog's) or 'user-mean'",
  },
  seed: { type: 'string', value: 'N', help: 'seed of the random start vectors (default 42)' },
};

/** Part 1 settings from command-line flags; k is checked against the matrix when the SVD is fitted. */
export function part1Options(values: ParsedOptions): Part1Options {
  return {
    clean: values['no-clean'] !== true,
    cleaning: { bots: values['drop-bots'] === true ? 'drop' : 'flag' },
    k: intOption(values, 'k', 50, 1, MAX_FACTORS),
    fill: choiceOption(values, 'fill', ['zero', 'user-mean'] as const, 'zero'),
    seed: intOption(values, 'seed', 42, 0, 2 ** 31 - 1),
  };
}
