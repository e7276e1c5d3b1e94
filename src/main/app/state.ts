// What the desktop app remembers between runs: recent projects and the
// window's bounds. Plain JSON in the user-data folder; a damaged file is
// ignored, never fatal.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicallySync } from '../core/export/write.ts';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

export interface AppState {
  recentProjects: string[];
  window: WindowBounds;
}

export const MAX_RECENT = 10;
export const DEFAULT_STATE: AppState = { recentProjects: [], window: { width: 1280, height: 820 } };

export function loadState(file: string): AppState {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<AppState>;
    const recent = Array.isArray(data.recentProjects)
      ? data.recentProjects.filter((p): p is string => typeof p === 'string')
      : [];
    const w = data.window;
    const window =
      w && typeof w.width === 'number' && typeof w.height === 'number' && w.width >= 400 && w.height >= 300
        ? { x: num(w.x), y: num(w.y), width: w.width, height: w.height, maximized: w.maximized === true }
        : DEFAULT_STATE.window;
    return { recentProjects: recent.slice(0, MAX_RECENT), window };
  } catch {
    return structuredClone(DEFAULT_STATE);
  }
}

/** Writes the state through a temporary file, so a crash never leaves half a file. */
export function saveState(file: string, state: AppState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomicallySync(file, JSON.stringify(state, null, 2));
}

/** Puts a project first in the recent list (once), keeping the list short. */
export function addRecent(state: AppState, path: string): AppState {
  return { ...state, recentProjects: [path, ...state.recentProjects.filter((p) => p !== path)].slice(0, MAX_RECENT) };
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
