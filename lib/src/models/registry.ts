import { UsageError } from '../errors';
import type { Fill } from '../svd';
import { biasBaselineModel } from './bias-baseline';
import { easeModel } from './ease';
import { easeNextModel } from './ease-next';
import { easeRerankModel } from './ease-rerank';
import { genrePopularityModel } from './genre-popularity';
import { itemKnnModel } from './item-knn';
import { MF_SGD_TUNED, mfSgdModel } from './mf-sgd';
import type { Model } from './model';
import { popularityModel } from './popularity';
import { svdModel } from './svd-model';

/**
 * Every model the CLI and the protocols know by name, in the order of the blog (non-personalised first,
 * factorisations, then the ranking models). `recs evaluate --model NAME` and `recs recommend --model NAME`
 * build models here, and `runProtocol` without `models` evaluates `defaultModels()`.
 *
 * A name is either a registered name ('svd', 'mf-sgd') or the name a registered model takes with one of its
 * variants ('svd-zero', 'svd-user-mean'): tables print the built model's name, so it must work as `--model`.
 */

/** The SVD's fill modes (svd.ts), for option parsing. */
export const FILL_MODES: readonly Fill[] = ['zero', 'user-mean'];

/** The options a model can take from the command line. */
export type ModelOptionName = 'k' | 'fill' | 'seed';

export interface ModelOptions {
  /**
   * Latent factors of the factorisation models: a whole number from 1 to MAX_FACTORS. Default: each model's
   * own (50 for svd, the blog's; 100 for mf-sgd, Surprise's). Ignored by models without factors.
   */
  k?: number;
  /** The SVD's fill of unrated cells. Default: the SVD's own ('zero'). Ignored by the other models. */
  fill?: Fill;
  /** Seed of the models that draw random numbers. Default: each model's own, so a plain run is the documented one. */
  seed?: number;
}

/**
 * The largest `k` accepted before any data is read: ml-latest-small has 610 users, so no factorisation of it
 * has more than 610 factors, and 500 keeps a fit within a minute. A model may refuse a smaller k that its
 * training data cannot support.
 */
export const MAX_FACTORS = 500;

export interface RegisteredModel {
  name: string;
  /** One line for `--help` and tables. */
  summary: string;
  /** Which of the options change this model; the others are ignored. */
  uses: readonly ModelOptionName[];
  /** Option sets evaluated by default, each a model of its own name (the SVD's two fills). Default: one, `{}`. */
  variants?: readonly ModelOptions[];
  create(options: ModelOptions): Model;
}

export const MODEL_REGISTRY: readonly RegisteredModel[] = [
  {
    name: 'popularity-count',
    summary: 'the most rated movies, the same list for everyone',
    uses: [],
    create: () => popularityModel({ by: 'count' }),
  },
  {
    name: 'popularity-average',
    summary: "the highest mean rating among movies with at least 50 ratings (the blog's step 3)",
    uses: [],
    create: () => popularityModel({ by: 'average' }),
  },
  {
    name: 'popularity-damped',
    summary: 'the highest damped mean rating (50 ratings at the global mean)',
    uses: [],
    create: () => popularityModel({ by: 'damped' }),
  },
  {
    name: 'genre-popularity',
    summary: "damped popularity within the user's three favourite genres",
    uses: [],
    create: () => genrePopularityModel(),
  },
  {
    name: 'bias-baseline',
    summary: 'global mean + user bias + movie bias',
    uses: [],
    create: () => biasBaselineModel(),
  },
  {
    name: 'svd',
    summary: "truncated SVD of the rating matrix (the blog's part 1); --fill zero or user-mean",
    uses: ['k', 'fill', 'seed'],
    variants: FILL_MODES.map((fill) => ({ fill })),
    create: ({ k, fill, seed }) => svdModel({ k, fill, seed }),
  },
  {
    name: 'mf-sgd',
    summary: 'biased matrix factorisation trained by SGD (Funk SVD, as Surprise)',
    uses: ['k', 'seed'],
    create: ({ k, seed }) => mfSgdModel({ factors: k, seed }),
  },
  {
    name: 'mf-sgd-tuned',
    summary: 'the same factorisation with settings chosen on a validation split carved from training data',
    uses: ['k', 'seed'],
    create: ({ k, seed }) => mfSgdModel({ ...MF_SGD_TUNED, factors: k ?? MF_SGD_TUNED.factors, seed }),
  },
  {
    name: 'item-knn',
    summary: 'people who watched this also watched: item cosine neighbours (ranks only)',
    uses: [],
    create: () => itemKnnModel(),
  },
  {
    name: 'ease',
    summary: 'EASE linear autoencoder over movies (ranks only)',
    uses: [],
    create: () => easeModel(),
  },
  {
    name: 'ease-next',
    summary: 'EASE weighted toward recent ratings, blended with what others rated next (ranks only)',
    uses: [],
    create: () => easeNextModel(),
  },
  {
    name: 'ease-rerank',
    summary:
      "ease-next's candidates re-ranked by boosted trees learnt on each user's latest training ratings (ranks only)",
    uses: ['seed'],
    create: ({ seed }) => easeRerankModel({ seed }),
  },
];

/** The registered names, in order. */
export const MODEL_NAMES: readonly string[] = MODEL_REGISTRY.map((m) => m.name);

/** A registered model and the options its name fixes ({} for a registered name, the variant's for 'svd-zero'). */
export interface ResolvedModel {
  entry: RegisteredModel;
  fixed: ModelOptions;
}

/** @throws UsageError naming the known models when `name` is neither a registered name nor a variant's name. */
export function resolveModel(name: string): ResolvedModel {
  for (const entry of MODEL_REGISTRY) {
    if (entry.name === name) return { entry, fixed: {} };
    const variant = entry.variants?.find((v) => entry.create(v).name === name);
    if (variant !== undefined) return { entry, fixed: variant };
  }
  throw new UsageError(`unknown model '${name}': expected one of ${MODEL_NAMES.join(', ')}`);
}

/**
 * Builds the model called `name` with the options it uses (the others are ignored).
 * @throws UsageError for an unknown name, a `k` that is not a whole number in [1, MAX_FACTORS], an unknown
 *   fill, or an option that contradicts the name (`svd-zero` with fill 'user-mean').
 */
export function createModel(name: string, options: ModelOptions = {}): Model {
  checkOptions(options);
  const { entry, fixed } = resolveModel(name);
  for (const [key, value] of Object.entries(fixed) as [keyof ModelOptions, unknown][]) {
    if (options[key] !== undefined && options[key] !== value) {
      throw new UsageError(
        `model ${name} has ${key} ${String(value)}; use --model ${entry.name} --${key} ${options[key]}`,
      );
    }
  }
  return entry.create({ ...options, ...fixed });
}

/**
 * The models `runProtocol` evaluates when given none: every registered model, each variant separately,
 * unless `options` pins the option that tells the variants apart (a `fill` gives one SVD).
 */
export function defaultModels(options: ModelOptions = {}): Model[] {
  checkOptions(options);
  return MODEL_REGISTRY.flatMap((entry) => {
    const variants = (entry.variants ?? [{}]).map((v) => ({ ...v, ...definedOnly(options) }));
    const distinct = new Map(variants.map((v) => entry.create(v)).map((m) => [m.name, m]));
    return [...distinct.values()];
  });
}

function checkOptions({ k, fill }: ModelOptions): void {
  if (k !== undefined && !(Number.isInteger(k) && k >= 1 && k <= MAX_FACTORS)) {
    throw new UsageError(`k must be a whole number from 1 to ${MAX_FACTORS}, got ${k}`);
  }
  if (fill !== undefined && !FILL_MODES.includes(fill)) {
    throw new UsageError(`fill must be one of ${FILL_MODES.join(', ')}, got '${String(fill)}'`);
  }
}

/** The options that are set: `{ fill: undefined }` (an absent flag) must not override a variant's fill. */
function definedOnly(options: ModelOptions): ModelOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
