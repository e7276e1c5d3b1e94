import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ImportProgress, ImportReport } from '../../shared/api.ts';
import { coderId } from './coding/coders.ts';
import { addStarterCodebook } from './coding/starter.ts';
import { importFiles } from './corpus/import.ts';
import { openProject, type Db } from './db/open.ts';
import { startHistory } from './commands/log.ts';
import type { ExportHost } from './export/index.ts';
import { userDataDir } from './preferences.ts';

export interface ProjectHandle extends ExportHost {
  db: Db;
  path: string;
  /** Who is coding in this session (default: QUIRE_CODER, else the name the user chose last, else the OS user name). */
  coder?: string;
}

export function defaultProjectPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'Default.quire');
}

export interface OpenOrCreateOptions {
  /** Articles a new project starts with; with them comes the starter codebook for them. */
  seedsDir?: string;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Opens a project, creating it (with the seed articles loaded) when the file
 * does not exist yet or is empty.
 */
export async function openOrCreateProject(
  path: string,
  options: OpenOrCreateOptions = {},
): Promise<ProjectHandle & { created: boolean; seeded?: ImportReport }> {
  const isNew = !existsSync(path) || statSync(path).size === 0;
  if (isNew) mkdirSync(dirname(path), { recursive: true });
  const db = openProject(path, { create: isNew });
  if (!isNew) return { db, path, created: false };
  // The sample articles and their codebook come from Quire, as the history says.
  const seeded = options.seedsDir ? await importFiles(db, [options.seedsDir], { onProgress: options.onProgress, coderId: coderId(db, 'Quire') }) : undefined;
  if (options.seedsDir) addStarterCodebook(db);
  // What a new project starts with is where its history starts: Undo never takes the sample articles or the starter codebook back.
  startHistory(db);
  return { db, path, created: true, seeded };
}
