import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ImportProgress, ImportReport } from '../../shared/api.ts';
import { QuireError } from '../../shared/errors.ts';
import { coderId } from './coding/coders.ts';
import { addStarterCodebook } from './coding/starter.ts';
import { dailyBackup } from './db/backups.ts';
import { isDamage, readOnlyNotice, translateSqliteError } from './db/errors.ts';
import { openProject, whyReadOnly, type Db, type UpdateProgress } from './db/open.ts';
import { openSession } from './db/sessions.ts';
import { startHistory } from './commands/log.ts';
import { NO_ENVIRONMENT, type Environment } from './environment.ts';
import type { ExportHost } from './export/index.ts';
import { EventHub } from './events.ts';
import type { SearchLimits } from './search/search.ts';

export interface ProjectHandle extends ExportHost {
  db: Db;
  path: string;
  /** Who is coding in this session (default: the environment's coder, else the name the user chose last, else the OS user name). */
  coder?: string;
  /** What the face that opened the project knows of the machine (NO_ENVIRONMENT when absent: nothing is remembered). */
  environment?: Environment;
  /** Why the project can only be read (its file or folder cannot be written); absent when it can be changed. */
  readOnly?: string;
  /** What the user should know about the project since it was opened (it is read-only, today's backup failed), in their words. */
  notices?: string[];
  /** Takes back the note that this process has the project open (sessions.ts). */
  endSession?: () => void;
  /** Where the engine tells what calls change and how long work gets on; a handle without it tells no one. */
  events?: EventHub;
  /**
   * What must be done before the project's first change in this session: the day's backup, when it was left
   * until then (OpenOrCreateOptions.dailyBackup). The engine runs it before every call that changes records;
   * it does its work once.
   */
  beforeChange?: () => void;
  /** How much a quick search takes on at once (search.ts's SEARCH_LIMITS when absent): a test makes them small to reach a large project's ways with a few articles. */
  searchLimits?: SearchLimits;
}

export interface OpenOrCreateOptions {
  /** Articles a new project starts with; with them comes the starter codebook for them. */
  seedsDir?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** What opens it, as another Quire that has to wait for it would name it: "quire import", "the Quire workbench". */
  program?: string;
  /** Progress of bringing a project saved by an earlier version up to date, when that is long work (rebuilding its search index). */
  onUpdate?: (progress: UpdateProgress) => void;
  /** The user data folder, coder and wait the face read from the machine (src/main/environment.ts); default NO_ENVIRONMENT. */
  environment?: Environment;
  /**
   * When the day's backup is made: as the project opens (the workbench, which changes it as the user works), or
   * just before its first change, so a command that only reads (a search, a list, an export) never waits for a
   * copy of the whole project. Default 'on-open'.
   */
  dailyBackup?: 'on-open' | 'before-change';
  /** Told just before the day's backup is made: it copies the whole project, which takes a while for a large one. */
  onBackup?: (bytes: number) => void;
}

/**
 * Opens a project, creating it (with the seed articles loaded) when the file
 * does not exist yet or is empty. A project that cannot be written opens
 * read-only, and says so; one that can gets its daily backup (the first open
 * of the day).
 */
export async function openOrCreateProject(
  path: string,
  options: OpenOrCreateOptions = {},
): Promise<ProjectHandle & { created: boolean; seeded?: ImportReport }> {
  const isNew = !existsSync(path) || statSync(path).size === 0;
  if (isNew) makeFolder(dirname(path), path);

  const environment = options.environment ?? NO_ENVIRONMENT;
  // Each step of the update that said what it did is said once, with its last progress (its total).
  const updated = new Map<string, UpdateProgress>();
  const db = openProject(path, {
    create: isNew,
    busyTimeoutMs: environment.busyTimeoutMs,
    onUpdate: (p) => {
      updated.set(p.what, p);
      options.onUpdate?.(p);
    },
  });
  const update = isNew ? [] : [...updated.values()].map(updateNotice);
  if (db.readonly) {
    const readOnly = whyReadOnly(path) ?? 'it cannot be written';
    return {
      db,
      path,
      environment,
      created: false,
      readOnly,
      notices: [readOnlyNotice(readOnly), ...update],
      events: new EventHub(),
    };
  }
  const endSession = openSession(path, options.program ?? 'another Quire', environment);
  if (!isNew) {
    const notices = [...update];
    const backUp = () => {
      const failed = backupToday(db, path, options.onBackup);
      if (failed) notices.push(failed);
    };
    let beforeChange: (() => void) | undefined;
    if (options.dailyBackup === 'before-change')
      beforeChange = () => {
        beforeChange = undefined;
        backUp();
      };
    else backUp();
    return {
      db,
      path,
      environment,
      created: false,
      endSession,
      notices,
      events: new EventHub(),
      beforeChange: () => beforeChange?.(),
    };
  }
  // The sample articles and their codebook come from Quire, as the history says.
  // The importers are loaded only to make a new project: opening one never needs them.
  const seeded = options.seedsDir
    ? await (
        await import('./corpus/import.ts')
      ).importFiles(db, [options.seedsDir], { onProgress: options.onProgress, coderId: coderId(db, 'Quire') })
    : undefined;
  if (options.seedsDir) addStarterCodebook(db);
  // What a new project starts with is where its history starts: Undo never takes the sample articles or the starter codebook back.
  startHistory(db);
  return { db, path, environment, created: true, seeded, endSession, notices: [], events: new EventHub() };
}

/** What bringing the project up to date did, said once it is open (a backup of it was made first, in its backups folder). */
function updateNotice(p: UpdateProgress): string {
  return `This project was saved by an earlier version of Quire and has been brought up to date (a backup was made first): ${p.what}, for ${p.total.toLocaleString('en')} ${p.total === 1 ? 'document' : 'documents'}.`;
}

/** The folder a new project goes in; one that cannot be made (a read-only disk) is said as such. */
function makeFolder(folder: string, path: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw new QuireError(
      'read_only',
      `The project ${path} cannot be created: its folder ${folder} cannot be made (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
      { cause: e },
    );
  }
}

/** Closes a project and takes back the note that this process has it open. */
export function closeProject(project: ProjectHandle): void {
  project.endSession?.();
  project.db.close();
}

/**
 * The day's backup, made the first time that day the project is opened (or first changed, see
 * OpenOrCreateOptions.dailyBackup); a backup that fails does not stop the work, but is said (a notice), and a
 * damaged file is named as such: it is why no backup could be made.
 */
function backupToday(db: Db, path: string, onBackup?: (bytes: number) => void): string | null {
  try {
    dailyBackup(db, path, new Date(), onBackup);
    return null;
  } catch (e) {
    if (isDamage(e)) {
      return 'The project file is damaged: today’s backup could not be made, because part of the file cannot be read. `quire check` shows what is affected and which backup to restore.';
    }
    const t = translateSqliteError(e, path);
    return `Today’s backup of the project could not be made: ${(t as Error).message ?? String(t)}`;
  }
}
