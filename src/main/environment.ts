// What the faces (the command line, the browser harness, the desktop app) read
// from the machine and hand to the engine: the engine itself reads no
// environment variable, home folder or user name (core/environment.ts).
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { BUSY_TIMEOUT_MS, type Environment } from './core/environment.ts';

/** Where Quire keeps its data, as Electron's app.getPath('userData') does; QUIRE_HOME overrides it. */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.QUIRE_HOME) return env.QUIRE_HOME;
  const home = homedir();
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Quire');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Quire');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Quire');
}

/** The user's default project, in the user data folder. */
export function defaultProjectPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userDataDir(env), 'Default.quire');
}

/** The busy timeout in ms: QUIRE_BUSY_TIMEOUT (seconds) for a slow shared disk, else BUSY_TIMEOUT_MS. */
export function busyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.QUIRE_BUSY_TIMEOUT);
  return env.QUIRE_BUSY_TIMEOUT && Number.isFinite(seconds) && seconds > 0
    ? Math.round(seconds * 1000)
    : BUSY_TIMEOUT_MS;
}

function systemUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No user name to be had (a container without a passwd entry).
    return '';
  }
}

/** The machine as the engine is told of it: the user data folder, QUIRE_CODER, the system user and the busy timeout. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    dataDir: userDataDir(env),
    coder: env.QUIRE_CODER || undefined,
    user: systemUser(),
    busyTimeoutMs: busyTimeoutMs(env),
  };
}
