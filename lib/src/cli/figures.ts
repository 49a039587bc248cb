import * as fs from 'node:fs';
import * as path from 'node:path';
import { figuresReadme, writeFigure } from '../figures';
import { part1Figures, runPart1 } from '../part1';
import { resolveFromRoot } from '../paths';
import { CLEANING_OPTIONS, COMMON_OPTIONS, datasetOption } from './args';
import type { Command } from './command';
import { part1Options, SVD_OPTIONS } from './part1-options';

export const figuresCommand: Command = {
  name: ['figures'],
  summary: 'regenerate the eight figures of blog part 1 (SVG, PNG, spec) and figures/README.md',
  options: {
    out: { type: 'string', value: 'DIR', help: 'where to write them (default figures/ in the project root)' },
    dataset: COMMON_OPTIONS.dataset,
    json: { type: 'boolean', help: 'print the list of figures and files as JSON' },
    ...CLEANING_OPTIONS,
    ...SVD_OPTIONS,
  },
  async run(values, io) {
    const out = resolveFromRoot(typeof values.out === 'string' ? values.out : 'figures');
    const dataset = datasetOption(values);
    const part = await runPart1({ ...part1Options(values), dataset });
    const figs = part1Figures(part);
    const written: { id: string; title: string; caption: string; files: string[] }[] = [];
    for (const fig of figs) {
      const files = await writeFigure(fig, out);
      written.push({ id: fig.id, title: fig.title, caption: fig.caption, files: files.map((f) => path.basename(f)) });
      if (values.json !== true) io.out(`${fig.id}  ${files.map((f) => path.basename(f)).join('  ')}`);
    }
    fs.writeFileSync(path.join(out, 'README.md'), figuresReadme(figs));
    if (values.json === true) io.out(JSON.stringify({ out, dataset, figures: written }, null, 2));
    else io.out(`${figs.length} figures and README.md written to ${out}`);
  },
};
