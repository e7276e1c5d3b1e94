// Who has a project open on this computer, so that a write that waited too
// long for another can say whom it waited for. Each Quire process that opens
// a project to write leaves a small note in the user data folder (never beside
// the project, which opening must not change) and removes it on close. Notes
// of processes that are gone (a crash, kill -9) are ignored and cleared.
import { mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { userDataDir } from '../preferences.ts';

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

const folder = (env: NodeJS.ProcessEnv) => join(userDataDir(env), 'open-projects');
let opened = 0;

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function systemUser(): string {
  try {
    return userInfo().username || 'another user';
  } catch {
    return 'another user';
  }
}

/** Notes that `program` has `project` open; returns the function that takes the note back. A note that cannot be written is no note. */
export function openSession(project: string, program: string, env: NodeJS.ProcessEnv = process.env): () => void {
  // Notes left by processes that ended without closing (a crash, kill -9) go first.
  readSessions(env);
  const file = join(folder(env), `${process.pid}-${++opened}.json`);
  const session: Session = { project: realPath(project), program, user: systemUser(), pid: process.pid, since: new Date().toISOString() };
  try {
    mkdirSync(folder(env), { recursive: true });
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

/** The other processes on this computer that have `project` open, oldest first. */
export function otherSessions(project: string, env: NodeJS.ProcessEnv = process.env): Session[] {
  const path = realPath(project);
  return readSessions(env)
    .filter((s) => s.project === path && s.pid !== process.pid)
    .sort((a, b) => a.since.localeCompare(b.since));
}

/** The notes of processes still running; those of processes that are gone are removed. */
function readSessions(env: NodeJS.ProcessEnv): Session[] {
  let names: string[];
  try {
    names = readdirSync(folder(env)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const live: Session[] = [];
  for (const name of names) {
    const file = join(folder(env), name);
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
  const time = Number.isNaN(since.getTime()) ? '' : `, open since ${since.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`;
  return `${s.program} (run by ${s.user}, process ${s.pid}${time})`;
}
