// What the engine knows of the machine it runs on. The engine reads no
// environment variable, home folder or user name itself: the face that runs it
// (the command line, the browser harness, the desktop app) reads them
// (src/main/environment.ts) and passes them in when it opens a project, so a
// test gives its own and nothing here depends on the shell it was started from.

/**
 * How long a write waits for another writer to finish before it gives up, in
 * ms. Writers hold the file for one transaction at a time: an import commits a
 * batch every quarter of a second or so, a merge or the undo of a large import
 * at most a few seconds (see the README). Waiting is not free (the engine is
 * synchronous, so the workbench waits with it), but failing a coding someone
 * just made is worse; 30 s outlasts every ordinary transaction by far.
 */
export const BUSY_TIMEOUT_MS = 30_000;

export interface Environment {
  /** The user data folder: the preferences (the coder's name) and the notes of which projects are open. Null: nothing is remembered. */
  dataDir: string | null;
  /** A coder name for this process only (QUIRE_CODER), over the one the user chose last. */
  coder?: string;
  /** The operating system's user name: who codes when no name was ever chosen, and who has a project open. */
  user: string;
  /** How long a write waits for another program to let go of the project, in ms (QUIRE_BUSY_TIMEOUT). */
  busyTimeoutMs: number;
}

/** No machine to speak of: nothing remembered, the usual wait. A project opened without an environment (a tool, a test) has this one. */
export const NO_ENVIRONMENT: Environment = { dataDir: null, user: 'coder', busyTimeoutMs: BUSY_TIMEOUT_MS };
