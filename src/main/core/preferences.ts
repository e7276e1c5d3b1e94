// The user's preferences, kept in a small JSON file in the user data folder
// (beside the default project), so they hold for every project and survive a
// restart: today the coder's name. A missing or damaged file is no preference.
// The folder is the face's to say (Environment.dataDir); without one nothing is remembered.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomicallySync } from './export/write.ts';

export interface Preferences {
  /** Who codes, as the user last named themself. */
  coder?: string;
}

export const preferencesPath = (dataDir: string) => join(dataDir, 'preferences.json');

/** The stored preferences; a missing, unreadable or damaged file reads as none, never as an error. */
export function readPreferences(dataDir: string | null): Preferences {
  const { coder } = readStored(dataDir);
  return typeof coder === 'string' ? { coder } : {};
}

/**
 * Stores `changes` over the current preferences, keeping any it does not
 * know (a newer Quire's). The file is written beside itself and renamed into
 * place, so a crash or a full disk leaves the old file whole, never half a new one.
 */
export function writePreferences(changes: Preferences, dataDir: string): void {
  const file = preferencesPath(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomicallySync(file, `${JSON.stringify({ ...readStored(dataDir), ...changes }, null, 2)}\n`);
}

function readStored(dataDir: string | null): Record<string, unknown> {
  if (!dataDir) return {};
  try {
    const stored: unknown = JSON.parse(readFileSync(preferencesPath(dataDir), 'utf8'));
    return stored && typeof stored === 'object' && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
