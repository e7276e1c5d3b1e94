// What every command shares: the options given before it (-p, --json), and opening the project for it.
import { isQuireError } from '../../shared/errors.ts';
import { translateSqliteError } from '../core/db/errors.ts';
import { closeProject, openOrCreateProject, type ProjectHandle } from '../core/project.ts';
import { defaultProjectPath, readEnvironment } from '../environment.ts';
import { chromiumPrinter } from '../printers/chromium.ts';
import { err } from './io.ts';
import { backupOnTerminal, updateOnTerminal } from './progress.ts';

export interface GlobalOptions {
  project?: string;
  json?: boolean;
  /** The sample articles a new project starts with (found beside the program: the sources or the build). */
  seedsDir: string;
  /** The command being run ("quire import"), as another Quire waiting for the project would name this one. */
  invoked: string;
}

/** The options given before the command, read when it runs. */
export type Globals = () => GlobalOptions;

export function projectPath(opts: GlobalOptions): string {
  return opts.project ?? process.env.QUIRE_PROJECT ?? defaultProjectPath();
}

export async function withProject<T>(opts: GlobalOptions, run: (p: ProjectHandle) => Promise<T>): Promise<T> {
  const path = projectPath(opts);
  const update = updateOnTerminal(opts.json);
  const project = await openOrCreateProject(path, {
    seedsDir: opts.seedsDir,
    program: opts.invoked,
    onUpdate: update.onUpdate,
    environment: readEnvironment(),
    // A command that only reads never waits for a copy of the whole project; one that changes it makes the day's
    // backup first, and says so on a terminal, as it can take a while.
    dailyBackup: 'before-change',
    onBackup: backupOnTerminal(opts.json, path),
  }).finally(update.stop);
  project.printer = chromiumPrinter;
  if (project.created && !opts.json)
    err(`Created a new project at ${path} with ${project.seeded?.imported ?? 0} sample articles.`);
  const notices = project.notices ?? [];
  try {
    const result = await run(project);
    for (const notice of notices) err(`quire: note: ${notice}`);
    return result;
  } catch (e) {
    // What SQLite said outside the engine's methods (finding a document by name, repairing), in words.
    const t = translateSqliteError(e, path);
    // A change refused because the project is read-only says so once, not twice.
    for (const notice of notices)
      if (!isQuireError(t) || t.code !== 'read_only' || !project.readOnly) err(`quire: note: ${notice}`);
    throw t;
  } finally {
    closeProject(project);
  }
}
