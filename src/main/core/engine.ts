// The engine behind the contract. Every transport (Electron IPC, the browser
// harness, the CLI, tests) calls it through `call`, which validates the input
// against the contract first, refuses a write to a read-only project, and says
// SQLite's errors in words. The handlers live with their domains
// (src/main/core/<domain>/handlers.ts); here they are only put together.
import type { z } from 'zod';
import { contract, type Contract, type ContractSlice, type MethodName, type MethodOutput } from '../../shared/api.ts';
import { QuireError } from '../../shared/errors.ts';
import type { ServerEvent } from '../../shared/events.ts';
import { analysisHandlers, agreementHandlers, analystHandlers } from './analysis/handlers.ts';
import type { CallContext, Handler, Handlers } from './calls.ts';
import { codingHandlers } from './coding/handlers.ts';
import { historyHandlers } from './commands/handlers.ts';
import { corpusHandlers } from './corpus/handlers.ts';
import { readOnlyRefusal, translateSqliteError } from './db/errors.ts';
import { projectHandlers } from './db/handlers.ts';
import { attributesHandlers, documentsHandlers, setsHandlers } from './documents/handlers.ts';
import { exchangeHandlers } from './exchange/handlers.ts';
import { exportHandlers } from './export/handlers.ts';
import type { ProjectHandle } from './project.ts';
import { notesHandlers } from './notes/handlers.ts';
import { searchHandlers } from './search/handlers.ts';

export type { CallContext } from './calls.ts';

export const handlers: Handlers<Contract> = {
  ...projectHandlers,
  ...documentsHandlers,
  ...corpusHandlers,
  ...searchHandlers,
  ...codingHandlers,
  ...attributesHandlers,
  ...analysisHandlers,
  ...agreementHandlers,
  ...exchangeHandlers,
  ...exportHandlers,
  ...historyHandlers,
  ...notesHandlers,
  ...setsHandlers,
  ...analystHandlers,
};

/** Whether a call would change the project: its method changes records (auto-coding does unless it only counts). */
function writes(method: MethodName, input: unknown): boolean {
  const m = contract[method] as ContractSlice[string];
  return m.changes !== undefined && !m.readsOnly?.(input as never);
}

/** The context a handler runs in: for long work, its progress is also told as the project's events. */
function withProgress(project: ProjectHandle, method: MethodName, context: CallContext): CallContext {
  const work = (contract[method] as ContractSlice[string]).progress;
  const events = project.events;
  if (!work || !events) return context;
  return {
    ...context,
    onProgress: (p) => {
      context.onProgress?.(p);
      events.emit({ type: 'progress', work, done: p.done, total: p.total, current: p.current });
    },
  };
}

/** The event of a call that changed records: the kinds its method changes, never what it wrote. */
function changed(method: MethodName, origin: string | undefined): ServerEvent {
  const kinds = (contract[method] as ContractSlice[string]).changes ?? [];
  return { type: 'changed', kinds: [...kinds], ...(origin === undefined ? {} : { origin }) };
}

function refuseReadOnly(p: ProjectHandle): never {
  throw new QuireError('read_only', readOnlyRefusal(p.readOnly ?? 'it cannot be written'));
}

export function isMethod(name: string): name is MethodName {
  return Object.hasOwn(contract, name);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** Validates `input` against the contract and runs the method. */
export async function call<M extends MethodName>(
  project: ProjectHandle,
  method: M,
  input: unknown,
  context: CallContext = {},
): Promise<MethodOutput<M>> {
  if (!isMethod(method)) throw new QuireError('invalid_input', `There is no method “${String(method)}”.`);
  const parsed = contract[method].input.safeParse(input ?? {});
  if (!parsed.success)
    throw new QuireError('invalid_input', `Invalid input for ${method}: ${describeIssues(parsed.error)}`);
  if (project.db.readonly && writes(method, parsed.data)) refuseReadOnly(project);
  const handler = handlers[method] as Handler<Contract, M>;
  try {
    const output = (await handler(
      project,
      parsed.data as z.output<Contract[M]['input']>,
      withProgress(project, method, context),
    )) as MethodOutput<M>;
    if (writes(method, parsed.data)) project.events?.emit(changed(method, context.origin));
    return output;
  } catch (e) {
    // Whatever SQLite said (a damaged page, a writer that kept the file too long), in words, naming this project.
    throw translateSqliteError(e, project.path);
  }
}
