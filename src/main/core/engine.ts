// The engine behind the contract. Every transport (Electron IPC, the browser
// harness, the CLI, tests) calls it through `call`, which validates the input
// against the contract first, refuses a write to a read-only project, and says
// SQLite's errors in words. The handlers live with their domains
// (src/main/core/<domain>/handlers.ts); here they are only put together.
import type { z } from 'zod';
import { contract, type Contract, type MethodName, type MethodOutput } from '../../shared/api.ts';
import { QuireError } from '../../shared/errors.ts';
import { analysisHandlers, agreementHandlers } from './analysis/handlers.ts';
import type { CallContext, Handler, Handlers } from './calls.ts';
import { codingHandlers } from './coding/handlers.ts';
import { historyHandlers } from './commands/handlers.ts';
import { corpusHandlers } from './corpus/handlers.ts';
import { readOnlyRefusal, translateSqliteError } from './db/errors.ts';
import { projectHandlers } from './db/handlers.ts';
import { attributesHandlers, documentsHandlers } from './documents/handlers.ts';
import { exchangeHandlers } from './exchange/handlers.ts';
import { exportHandlers } from './export/handlers.ts';
import type { ProjectHandle } from './project.ts';
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
};

/** Whether a call would change the project: its method changes records (auto-coding does unless it only counts). */
function writes(method: MethodName, input: unknown): boolean {
  const m: Contract[MethodName] = contract[method];
  if (!('changes' in m)) return false;
  return !('readsOnly' in m && (m.readsOnly as (input: unknown) => boolean)(input));
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
  if (!parsed.success) throw new QuireError('invalid_input', `Invalid input for ${method}: ${describeIssues(parsed.error)}`);
  if (project.db.readonly && writes(method, parsed.data)) refuseReadOnly(project);
  const handler = handlers[method] as Handler<Contract, M>;
  try {
    return (await handler(project, parsed.data as z.output<Contract[M]['input']>, context)) as MethodOutput<M>;
  } catch (e) {
    // Whatever SQLite said (a damaged page, a writer that kept the file too long), in words, naming this project.
    throw translateSqliteError(e, project.path);
  }
}
