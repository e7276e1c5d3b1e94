// The user's preferences, kept in a small JSON file in the user data folder
// (beside the default project), so they hold for every project and survive a
// restart: today the coder's name. A missing or damaged file is no preference.
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomicallySync } from './export/write.ts';

export interface Preferences {
  /** Who codes, as the user last named themself. */
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

export function preferencesPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'preferences.json');
}

/** The stored preferences; a missing, unreadable or damaged file reads as none, never as an error. */
export function readPreferences(env: NodeJS.ProcessEnv = process.env): Preferences {
  const { coder } = readStored(env);
  return typeof coder === 'string' ? { coder } : {};
}

/**
 * Stores `changes` over the current preferences, keeping any it does not
 * know (a newer Quire's). The file is written beside itself and renamed into
 * place, so a crash or a full disk leaves the old file whole, never half a new one.
 */
export function writePreferences(changes: Preferences, env: NodeJS.ProcessEnv = process.env): void {
  const file = preferencesPath(env);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomicallySync(file, `${JSON.stringify({ ...readStored(env), ...changes }, null, 2)}\n`);
}

function readStored(env: NodeJS.ProcessEnv): Record<string, unknown> {
  try {
    const stored: unknown = JSON.parse(readFileSync(preferencesPath(env), 'utf8'));
    return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
