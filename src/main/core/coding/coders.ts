import { userInfo } from 'node:os';
import type { Db } from '../db/open.ts';
import { newGuid } from '../guid.ts';

/** Who codes when nobody said: QUIRE_CODER, else the operating system's user name. */
export function defaultCoderName(env: NodeJS.ProcessEnv = process.env): string {
  if (env.QUIRE_CODER?.trim()) return env.QUIRE_CODER.trim();
  try {
    return userInfo().username || 'coder';
  } catch {
    return 'coder';
  }
}

/** The coder's id, adding the coder to the project the first time. Coders are never undone away. */
export function coderId(db: Db, name: string): number {
  const found = db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(name) as number | undefined;
  if (found) return found;
  return Number(db.prepare('INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?)').run(newGuid(), name, new Date().toISOString()).lastInsertRowid);
}
