// One typed handler per contract method. Every transport (Electron IPC, the
// browser harness, the CLI, tests) calls the engine through `call`, which
// validates the input against the contract first.
import { z } from 'zod';
import { contract, type Contract, type ImportProgress, type MethodName, type MethodOutput } from '../../shared/api.ts';
import { QuireError } from '../../shared/errors.ts';
import { autoCode } from './coding/autocode.ts';
import { createCode, createCodeGroup, deleteCode, deleteCodeGroup, getCodebook, mergeCodes, moveCode, updateCode, updateCodeGroup } from './coding/codebook.ts';
import { chooseCoderName, coderId, defaultCoderName, listCoders } from './coding/coders.ts';
import { agreement, disagreements, settleDisagreement } from './analysis/agreement.ts';
import { applyCode, getMemo, listCodings, listOrphans, placeOrphan, removeCoding, setMemo } from './coding/codings.ts';
import { deleteDocuments } from './coding/delete-documents.ts';
import { cleanupDocuments, previewCleanup, replaceDocument } from './coding/replace.ts';
import { CLEANUP_RULES } from './corpus/cleanup.ts';
import { codedSegments, codeMatrix } from './coding/retrieval.ts';
import { coOccurrence, coOccurrencePassages } from './analysis/cooccurrence.ts';
import { stanceOverview } from './analysis/stance.ts';
import { history, redo, undo } from './commands/log.ts';
import { importFiles, importUploads } from './corpus/import.ts';
import { checkProject } from './db/check.ts';
import { getDocument, listDocuments, projectInfo, updateDocument } from './documents/documents.ts';
import { flagNearDuplicates } from './corpus/near-duplicates.ts';
import type { ProjectHandle } from './project.ts';
import { importRefiFile, mergeProject, previewMerge } from './exchange/import.ts';
import { cancelExport, exportFile, exportProgress, previewReport } from './export/index.ts';
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

/** The current coder's id, adding the coder to the project on first use. */
const coder = (p: ProjectHandle) => coderId(p.db, (p.coder ??= defaultCoderName()));

export const handlers: { [M in MethodName]: Handler<M> } = {
  projectInfo: (p) => projectInfo(p.db, p.path),
  listDocuments: (p, input) => listDocuments(p.db, input),
  getDocument: (p, input) => getDocument(p.db, input.id),
  search: (p, input) => search(p.db, input),
  findInDocument: (p, input) => findInDocument(p.db, input),
  updateDocument: (p, input) => updateDocument(p.db, coder(p), input),
  importFiles: async (p, input, context) => flagNearDuplicates(p.db, await importFiles(p.db, input.paths, { ...context, coderId: coder(p) })),
  importUploads: async (p, input) => flagNearDuplicates(p.db, await importUploads(p.db, input.files, { coderId: coder(p) })),
  deleteDocuments: (p, input) => deleteDocuments(p.db, coder(p), input),
  checkProject: (p) => checkProject(p.db),
  getCoder: (p) => ({ name: (p.coder ??= defaultCoderName()) }),
  // The name chosen is this session's coder and, stored as a preference, the next session's.
  setCoder: (p, input) => ({ name: (p.coder = chooseCoderName(input.name)) }),
  getCodebook: (p) => getCodebook(p.db),
  createCode: (p, input) => createCode(p.db, coder(p), input),
  updateCode: (p, input) => updateCode(p.db, coder(p), input),
  moveCode: (p, input) => moveCode(p.db, coder(p), input),
  deleteCode: (p, input) => deleteCode(p.db, coder(p), input),
  createCodeGroup: (p, input) => createCodeGroup(p.db, coder(p), input),
  updateCodeGroup: (p, input) => updateCodeGroup(p.db, coder(p), input),
  deleteCodeGroup: (p, input) => (deleteCodeGroup(p.db, coder(p), input), {}),
  listCodings: (p, input) => listCodings(p.db, input),
  applyCode: (p, input) => applyCode(p.db, coder(p), input),
  removeCoding: (p, input) => (removeCoding(p.db, coder(p), input), {}),
  getMemo: (p, input) => getMemo(p.db, input),
  setMemo: (p, input) => setMemo(p.db, coder(p), input),
  mergeCodes: (p, input) => mergeCodes(p.db, coder(p), input),
  codedSegments: (p, input) => codedSegments(p.db, input),
  codeMatrix: (p, input) => codeMatrix(p.db, input),
  listCoders: (p) => listCoders(p.db),
  agreement: (p, input) => agreement(p.db, input),
  disagreements: (p, input) => disagreements(p.db, input),
  settleDisagreement: (p, input) => settleDisagreement(p.db, coder(p), input),
  stanceOverview: (p, input) => stanceOverview(p.db, input),
  coOccurrence: (p, input) => coOccurrence(p.db, input),
  coOccurrencePassages: (p, input) => coOccurrencePassages(p.db, input),
  autoCode: (p, input) => autoCode(p.db, coder(p), input),
  replaceDocument: (p, input) => replaceDocument(p.db, coder(p), input),
  cleanupRules: () => CLEANUP_RULES.map(({ id, label }) => ({ id, label })),
  previewCleanup: (p, input) => previewCleanup(p.db, input),
  cleanupDocuments: (p, input) => cleanupDocuments(p.db, coder(p), input),
  listOrphans: (p, input) => listOrphans(p.db, input),
  placeOrphan: (p, input) => placeOrphan(p.db, coder(p), input),
  // By the coder's name: a preview must not add the coder to the project, the merge does so itself.
  importRefiQda: (p, input) => importRefiFile(p.db, (p.coder ??= defaultCoderName()), input, p.path),
  previewMerge: (p, input) => previewMerge(p.db, (p.coder ??= defaultCoderName()), input, p.path),
  mergeProject: (p, input) => mergeProject(p.db, (p.coder ??= defaultCoderName()), input, p.path),
  previewReport: (p, input) => previewReport(p, input),
  exportFile: (p, input, context) => exportFile(p, input, context),
  exportProgress: (p) => exportProgress(p),
  cancelExport: (p) => cancelExport(p),
  undo: (p) => ({ undone: undo(p.db) }),
  redo: (p) => ({ redone: redo(p.db) }),
  history: (p, input) => history(p.db, input.limit),
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
