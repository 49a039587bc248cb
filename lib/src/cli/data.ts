import { DATASETS } from '../datasets';
import { ensureDataset } from '../fetch';
import { loadDataset } from '../loading';
import { datasetStats } from '../snapshot';
import { DATASET_NAMES } from '../types';
import { COMMON_OPTIONS, datasetOption } from './args';
import { type Command, emit, textTable } from './command';

export const fetchCommand: Command = {
  name: ['data', 'fetch'],
  summary: 'download, verify and unpack a MovieLens dataset into data/ (done on first use anyway)',
  options: {
    dataset: COMMON_OPTIONS.dataset,
    all: { type: 'boolean', help: 'fetch both datasets' },
    force: { type: 'boolean', help: 'download again even if a valid copy is present' },
  },
  async run(values, io) {
    const names = values.all ? DATASET_NAMES : [datasetOption(values)];
    for (const name of names) {
      const dir = await ensureDataset(name, { force: values.force === true });
      io.out(`${name}: ${dir}`);
    }
  },
};

export const statsCommand: Command = {
  name: ['stats'],
  summary: "print a dataset's facts: ratings, users, movies, mean rating, histogram, dates, sparsity",
  options: COMMON_OPTIONS,
  async run(values, io) {
    const name = datasetOption(values);
    const stats = datasetStats(await loadDataset(name));
    emit(io, values.json === true, stats, (s) =>
      [
        `${DATASETS[name].description}`,
        '',
        textTable(
          ['fact', 'value'],
          [
            ['ratings', s.ratings],
            ['users', s.users],
            ['movies', s.movies],
            ['rated movies', s.ratedMovies],
            ['mean rating', Number(s.meanRating.toFixed(6))],
            ...(s.repeatedPairs > 0 ? [['repeated (user, movie) pairs', s.repeatedPairs] as const] : []),
            ['sparsity', Number(s.sparsity.toFixed(6))],
            ['first rating', s.firstDate],
            ['last rating', s.lastDate],
          ],
        ),
        '',
        textTable(
          ['rating', 'count'],
          s.histogram.map((h) => [h.rating.toFixed(1), h.count]),
        ),
      ].join('\n'),
    );
  },
};
