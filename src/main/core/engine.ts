// One typed handler per contract method. Every transport (Electron IPC, the
// browser harness, the CLI, tests) calls the engine through `call`, which
// validates the input against the contract first.
import { z } from 'zod';
import { contract, type Contract, type ImportProgress, type MethodName, type MethodOutput } from '../../shared/api.ts';
import { QuireError } from '../../shared/errors.ts';
import { importFiles, importUploads } from './corpus/import.ts';
import { checkProject } from './db/check.ts';
import { getDocument, listDocuments, projectInfo } from './documents/documents.ts';
import type { ProjectHandle } from './project.ts';
import { findInDocument, search } from './search/search.ts';

export interface CallContext {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

type Handler<M extends MethodName> = (
  project: ProjectHandle,
  input: z.output<Contract[M]['input']>,
  context: CallContext,
) => MethodOutput<M> | Promise<MethodOutput<M>>;

export const handlers: { [M in MethodName]: Handler<M> } = {
  projectInfo: (p) => projectInfo(p.db, p.path),
  listDocuments: (p, input) => listDocuments(p.db, input),
  getDocument: (p, input) => getDocument(p.db, input.id),
  search: (p, input) => search(p.db, input),
  findInDocument: (p, input) => findInDocument(p.db, input),
  importFiles: (p, input, context) => importFiles(p.db, input.paths, context),
  importUploads: (p, input) => importUploads(p.db, input.files),
  checkProject: (p) => checkProject(p.db),
};

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
  const handler = handlers[method] as Handler<M>;
  return handler(project, parsed.data as z.output<Contract[M]['input']>, context);
}
