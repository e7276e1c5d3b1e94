// An API client for renderer stores that calls the engine in-process, as the
// browser harness and the preload do over their transports: with the
// project's events, and the client's own mark on the changes it makes.
import { randomUUID } from 'node:crypto';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { methodNames, type QuireClient } from '../../src/shared/api.ts';
import type { ServerEventListener } from '../../src/shared/events.ts';

export function engineClient(project: ProjectHandle): QuireClient {
  const origin = randomUUID();
  const methods: Record<string, unknown> = Object.fromEntries(
    methodNames.map((m) => [m, (input: unknown) => call(project, m, input, { origin })]),
  );
  // Not enumerable: a test that wraps each method (counting calls) wraps only the methods, and its client hears no events.
  return Object.defineProperties(methods, {
    origin: { value: origin },
    subscribe: { value: (listener: ServerEventListener) => project.events?.subscribe(listener) ?? (() => undefined) },
  }) as unknown as QuireClient;
}
