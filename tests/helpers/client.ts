// An API client for renderer stores that calls the engine in-process, as the
// browser harness and the preload do over their transports.
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import type { QuireApi } from '../../src/shared/api.ts';
import { methodNames } from '../../src/shared/api.ts';

export function engineClient(project: ProjectHandle): QuireApi {
  return Object.fromEntries(methodNames.map((m) => [m, (input: unknown) => call(project, m, input)])) as QuireApi;
}
