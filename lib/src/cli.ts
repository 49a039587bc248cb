#!/usr/bin/env node
import { optionsHelp, parseOptions } from './cli/args';
import type { Command, CommandIO } from './cli/command';
import { fetchCommand, statsCommand } from './cli/data';
import { evaluateCommand } from './cli/evaluate';
import { figuresCommand } from './cli/figures';
import { popularCommand, recommendCommand } from './cli/part1';
import { isUserFacingError, UsageError } from './errors';

/** Every command of `recs`, in the order of the blog. */
export const COMMANDS: readonly Command[] = [
  fetchCommand,
  statsCommand,
  popularCommand,
  recommendCommand,
  figuresCommand,
  evaluateCommand,
];

const stdio: CommandIO = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function usage(): string {
  const rows = COMMANDS.map((c) => `  recs ${c.name.join(' ').padEnd(16)} ${c.summary}`);
  return ['usage: recs <command> [options]   (recs <command> --help for its options)', '', ...rows].join('\n');
}

/** Finds the command named by the leading words of argv. */
function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  const matches = COMMANDS.filter((c) => c.name.every((w, i) => argv[i] === w));
  const command = matches.sort((a, b) => b.name.length - a.name.length)[0];
  return command && { command, rest: argv.slice(command.name.length) };
}

/** Runs `recs` with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CommandIO = stdio): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(usage());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  try {
    if (!found) throw new UsageError(`unknown command '${argv.join(' ')}'\n\n${usage()}`);
    const { command, rest } = found;
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(
        `usage: recs ${command.name.join(' ')} [options]\n\n${command.summary}\n\n${optionsHelp(command.options)}`,
      );
      return 0;
    }
    await command.run(parseOptions(rest, command.options), io);
    return 0;
  } catch (error) {
    if (!isUserFacingError(error)) throw error;
    io.err(`recs: ${error.message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `recs: internal error (a bug; please report it):\n${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
