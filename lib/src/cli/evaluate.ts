import { UsageError } from '../errors';
import { PROTOCOL_NAMES, protocolByName } from '../evaluation/protocols';
import { formatResultTable } from '../evaluation/result-table';
import { PROTOCOL_K, PROTOCOL_MIN_RATING, runProtocol, withoutPerUser } from '../evaluation/run-protocol';
import { FILL_MODES, MAX_FACTORS, MODEL_NAMES, type ModelOptions, resolveModel } from '../models/registry';
import { terminalProgress } from '../progress';
import { choiceOption, intOption, type ParsedOptions } from './args';
import { type Command, emit } from './command';

export const evaluateCommand: Command = {
  name: ['evaluate'],
  summary: 'fit and score models on an evaluation protocol: RMSE, MAE, precision, recall, nDCG, MAP@10, coverage',
  options: {
    protocol: { type: 'string', value: 'NAME', help: `required: ${PROTOCOL_NAMES.join(' or ')}` },
    model: {
      type: 'string',
      value: 'NAME',
      help: `one model (default: all): ${MODEL_NAMES.join(', ')}, or a name from the results table (svd-user-mean)`,
    },
    k: { type: 'string', value: 'K', help: `latent factors of the factorisation models, 1 to ${MAX_FACTORS}` },
    fill: { type: 'string', value: 'MODE', help: `how the SVD fills unrated cells: ${FILL_MODES.join(' or ')}` },
    seed: {
      type: 'string',
      value: 'S',
      help: "seed of the models that draw random numbers (default: each model's own)",
    },
    json: { type: 'boolean', help: 'print one JSON object instead of a table' },
  },
  async run(values, io) {
    const protocol = protocolOption(values);
    const modelOptions = modelOptionsOf(values);
    const seed = values.seed === undefined ? undefined : intOption(values, 'seed', 0, 0, 2 ** 32 - 1);
    const models = typeof values.model === 'string' ? [checkedModel(values.model, modelOptions)] : undefined;
    const result = await runProtocol(protocol, { models, modelOptions, seed, progress: terminalProgress() });
    emit(io, values.json === true, withoutPerUser(result), (r) =>
      [
        `${r.protocol}: ${r.description}`,
        `lists of ${PROTOCOL_K}, relevant = test rating >= ${PROTOCOL_MIN_RATING} stars, seed ${r.seed ?? "each model's default"}`,
        '',
        formatResultTable(r),
        '',
        `${r.results.length} model${r.results.length === 1 ? '' : 's'} in ${r.seconds.toFixed(1)} s`,
      ].join('\n'),
    );
  },
};

function protocolOption(values: ParsedOptions): string {
  const name = values.protocol;
  if (typeof name !== 'string') throw new UsageError(`--protocol is required: ${PROTOCOL_NAMES.join(' or ')}`);
  return protocolByName(name).name;
}

function modelOptionsOf(values: ParsedOptions): Omit<ModelOptions, 'seed'> {
  return {
    k: values.k === undefined ? undefined : intOption(values, 'k', 0, 1, MAX_FACTORS),
    fill: values.fill === undefined ? undefined : choiceOption(values, 'fill', FILL_MODES, 'zero'),
  };
}

/** A model named on the command line, refusing options it would silently ignore. */
function checkedModel(name: string, options: Omit<ModelOptions, 'seed'>): string {
  const { entry } = resolveModel(name);
  for (const option of ['k', 'fill'] as const) {
    if (options[option] !== undefined && !entry.uses.includes(option)) {
      throw new UsageError(`model ${name} takes no --${option}`);
    }
  }
  return name;
}
