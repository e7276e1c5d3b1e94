// Quire's headless command line over the engine. Each domain's commands are in src/main/cli/<domain>.ts;
// here they are put together in the order `quire --help` lists them.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, reportFailure } from './exit.ts';
import { kwicCommand, queryCommand, wordsCommand } from './cli/analysis.ts';
import type { GlobalOptions } from './cli/context.ts';
import { cleanCommand, importCommand } from './cli/corpus.ts';
import { addSetCommands, attributesCommand, listCommand, showCommand } from './cli/documents.ts';
import { importQdpxCommand, mergeCommand } from './cli/exchange.ts';
import { exportCommand } from './cli/export.ts';
import { journalCommand, memosCommand } from './cli/notes.ts';
import { backupsCommand, checkCommand, coderCommand, initCommand, restoreCommand, undoCommand } from './cli/project.ts';
import { searchCommand } from './cli/search.ts';
import { engine } from './cli/lazy.ts';

export { EXIT };

// Found from this file, which is two folders below the project's root both in the sources (src/main/cli.ts)
// and in the build (out/main/cli.js).
const ROOT = new URL('../../', import.meta.url);
const SEEDS_DIR = fileURLToPath(new URL('seeds', ROOT));
const VERSION = (JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { version: string }).version;

export function buildProgram(): Command {
  let invoked = 'quire';
  const program = new Command('quire')
    .description('Quire: import articles into a project, search them, export reports, and check the project.')
    .version(VERSION, '-V, --version', 'print the version of Quire')
    .option('-p, --project <file>', 'the project file (default: $QUIRE_PROJECT, else your default project)')
    .option('--json', 'print machine-readable JSON')
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', (_program, command) => {
      invoked = `quire ${command.parent && command.parent !== program ? `${command.parent.name()} ` : ''}${command.name()}`;
    });
  const g = (): GlobalOptions => ({ ...program.opts<Partial<GlobalOptions>>(), seedsDir: SEEDS_DIR, invoked });
  for (const add of [
    initCommand,
    importCommand,
    cleanCommand,
    undoCommand,
    journalCommand,
    memosCommand,
    attributesCommand,
    addSetCommands,
    coderCommand,
    searchCommand,
    listCommand,
    showCommand,
    importQdpxCommand,
    mergeCommand,
    exportCommand,
    checkCommand,
    backupsCommand,
    restoreCommand,
    queryCommand,
    kwicCommand,
    wordsCommand,
  ])
    add(program, g);
  return program;
}

/** `quire list | head` closes stdout early: drop the rest of the output instead of crashing on EPIPE. */
function ignoreClosedStdout(e: NodeJS.ErrnoException): void {
  if (e.code !== 'EPIPE') throw e;
}

export async function main(argv: string[]): Promise<number> {
  if (!process.stdout.listeners('error').includes(ignoreClosedStdout)) process.stdout.on('error', ignoreClosedStdout);
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    // What SQLite said, in words (the engine is loaded by the command that failed; one that cannot load fails as it is).
    const said = await engine().then(
      ({ translateSqliteError }) => translateSqliteError(e),
      () => e,
    );
    return reportFailure('quire', said);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
