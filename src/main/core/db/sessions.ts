// Who has a project open on this computer, so that a write that waited too
// long for another can say whom it waited for. Each Quire process that opens
// a project to write leaves a small note in the user data folder (never beside
// the project, which opening must not change) and removes it on close. Notes
// of processes that are gone (a crash, kill -9) are ignored and cleared.
// The folder is the one the face gave when it opened the project (Environment.dataDir).
import { mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_ENVIRONMENT, type Environment } from '../environment.ts';

export interface Session {
  /** The project file (its real path). */
  project: string;
  /** What has it open, in the user's words: "quire import", "the Quire workbench". */
  program: string;
  /** The system user who runs it. */
  user: string;
  pid: number;
  /** When it opened the project (ISO). */
  since: string;
}

const folder = (dataDir: string) => join(dataDir, 'open-projects');
let opened = 0;
/** The environment each project this process opened was opened with (by real path): where its notes are, how long a write waits. */
const environments = new Map<string, Environment>();

/** The environment `project` was opened with in this process; NO_ENVIRONMENT for one it has not opened. */
export const environmentOf = (project: string): Environment => environments.get(realPath(project)) ?? NO_ENVIRONMENT;

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * Notes that `program` has `project` open; returns the function that takes the note back. A note that cannot be
 * written is no note, and with no user data folder none is left.
 */
export function openSession(project: string, program: string, environment: Environment): () => void {
  environments.set(realPath(project), environment);
  const { dataDir } = environment;
  if (!dataDir) return () => undefined;
  // Notes left by processes that ended without closing (a crash, kill -9) go first.
  readSessions(dataDir);
  const file = join(folder(dataDir), `${process.pid}-${++opened}.json`);
  const session: Session = {
    project: realPath(project),
    program,
    user: environment.user || 'another user',
    pid: process.pid,
    since: new Date().toISOString(),
  };
  try {
    mkdirSync(folder(dataDir), { recursive: true });
    writeFileSync(file, JSON.stringify(session));
  } catch {
    return () => undefined;
  }
  return () => forget(file);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, it belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The other processes on this computer that have `project` open, oldest first, as the notes in the folder this process opened it with say. */
export function otherSessions(project: string): Session[] {
  const path = realPath(project);
  const { dataDir } = environmentOf(project);
  if (!dataDir) return [];
  return readSessions(dataDir)
    .filter((s) => s.project === path && s.pid !== process.pid)
    .sort((a, b) => a.since.localeCompare(b.since));
}

/** The notes of processes still running; those of processes that are gone are removed. */
function readSessions(dataDir: string): Session[] {
  let names: string[];
  try {
    names = readdirSync(folder(dataDir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const live: Session[] = [];
  for (const name of names) {
    const file = join(folder(dataDir), name);
    let session: Session;
    try {
      session = JSON.parse(readFileSync(file, 'utf8')) as Session;
    } catch {
      continue;
    }
    if (alive(session.pid)) live.push(session);
    else forget(file);
  }
  return live;
}

/** Removes a note; one that cannot be removed (a read-only user folder) is left, as a note is only ever a help. */
function forget(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Left for the next process that can.
  }
}

/** "quire import (run by ana, process 4312, open since 14:02)". */
export function describeSession(s: Session): string {
  const since = new Date(s.since);
  const time = Number.isNaN(since.getTime())
    ? ''
    : `, open since ${since.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
  return `${s.program} (run by ${s.user}, process ${s.pid}${time})`;
}
