// The commands' way to the engine (engine.ts), loaded when a command runs: the modules that declare the commands
// import only this, commander and what their help says, so listing the commands or printing the version loads no
// engine code, no schema and no project library.
import type { ProjectHandle } from '../core/project.ts';
import type { GlobalOptions } from './context.ts';

export type Engine = typeof import('./engine.ts');

/** The engine's parts the commands use, loaded on first use. */
export const engine = (): Promise<Engine> => import('./engine.ts');

/** Opens the project for a command and runs it there, with the engine's parts (context.ts's withProject). */
export async function withProject<T>(
  opts: GlobalOptions,
  run: (project: ProjectHandle, engine: Engine) => Promise<T>,
): Promise<T> {
  const e = await engine();
  return e.withProject(opts, (project) => run(project, e));
}
