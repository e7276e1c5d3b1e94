import { existsSync, mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ImportProgress, ImportReport } from '../../shared/api.ts';
import { addStarterCodebook } from './coding/starter.ts';
import { importFiles } from './corpus/import.ts';
import { openProject, type Db } from './db/open.ts';

export interface ProjectHandle {
  db: Db;
  path: string;
  /** Who is coding in this session (default: QUIRE_CODER, else the OS user name). */
  coder?: string;
}

/** Where Quire keeps its data, as Electron's app.getPath('userData') does; QUIRE_HOME overrides it. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.QUIRE_HOME) return env.QUIRE_HOME;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Quire');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Quire');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Quire');
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
  const seeded = options.seedsDir ? await importFiles(db, [options.seedsDir], { onProgress: options.onProgress }) : undefined;
  if (options.seedsDir) addStarterCodebook(db);
  return { db, path, created: true, seeded };
}
