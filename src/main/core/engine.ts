// One typed handler per contract method. Every transport (Electron IPC, the
// browser harness, the CLI, tests) calls the engine through `call`, which
// validates the input against the contract first.
import { z } from 'zod';
import { contract, type Contract, type ImportProgress, type MethodName, type MethodOutput } from '../../shared/api.ts';
import { QuireError } from '../../shared/errors.ts';
import { autoCode } from './coding/autocode.ts';
import { createCode, createCodeGroup, deleteCode, deleteCodeGroup, getCodebook, mergeCodes, moveCode, updateCode, updateCodeGroup } from './coding/codebook.ts';
import { chooseCoderName, coderId, defaultCoderName, listCoders, setBlind } from './coding/coders.ts';
import { refuseWhenBlind, viewerOf, type Viewer } from './viewer.ts';
import { agreement, disagreements, settleDisagreement } from './analysis/agreement.ts';
import { applyCode, getMemo, listCodings, listOrphans, placeOrphan, removeCoding, setMemo } from './coding/codings.ts';
import { deleteDocuments } from './coding/delete-documents.ts';
import { mergeCodings, recodeCoding, resizeCoding, splitCoding } from './coding/edit.ts';
import { cleanupDocuments, previewCleanup, replaceDocument } from './coding/replace.ts';
import { CLEANUP_RULES } from './corpus/cleanup.ts';
import { codedSegments, codeMatrix } from './coding/retrieval.ts';
import { coOccurrence, coOccurrencePassages } from './analysis/cooccurrence.ts';
import { stanceOverview } from './analysis/stance.ts';
import { history, redo, undo } from './commands/log.ts';
import { importFiles, importUploads } from './corpus/import.ts';
import { backupDocuments, backupFolder, backupsToKeep, listBackups } from './db/backups.ts';
import { checkProject } from './db/check.ts';
import { readOnlyRefusal, translateSqliteError } from './db/errors.ts';
import { restoreBackup } from './db/restore.ts';
import { getDocument, listDocuments, projectInfo, updateDocument } from './documents/documents.ts';
import { attributeTable, createAttribute, deleteAttribute, fillAttributesFromImport, listAttributes, setAttributeValues, updateAttribute } from './documents/attributes.ts';
import { importAttributesFrom } from './documents/attributes-csv.ts';
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

/** Who is asking: the session's coder, blind or not as the project keeps it for them. Every read and write that returns codings, counts or memos takes it. */
const viewer = (p: ProjectHandle): Viewer => viewerOf(p.db, (p.coder ??= defaultCoderName()));

/** The viewer of a method that compares or brings in other coders' work, refused while coding blind. */
const seeingAll = (p: ProjectHandle, what: string): Viewer => {
  const v = viewer(p);
  refuseWhenBlind(v, what);
  return v;
};

/**
 * The session's coder, and whether they code blind. The name chosen is this
 * session's coder and, stored as a preference, the next session's. Blind
 * coding is each coder's own setting, kept in the project; a coder new to the
 * project starts as the session was, so renaming oneself never unblinds.
 */
function coderSession(p: ProjectHandle, change: { name?: string; blind?: boolean } = {}) {
  if (change.name !== undefined) {
    const wasBlind = viewer(p).blind;
    p.coder = chooseCoderName(change.name);
    if (wasBlind && viewer(p).coderId === null) setBlind(p.db, p.coder, true);
  }
  const name = (p.coder ??= defaultCoderName());
  if (change.blind !== undefined) setBlind(p.db, name, change.blind);
  return { name, blind: viewer(p).blind };
}

export const handlers: { [M in MethodName]: Handler<M> } = {
  projectInfo: (p) => ({ ...projectInfo(p.db, p.path), notices: p.notices ?? [] }),
  listDocuments: (p, input) => listDocuments(p.db, input, viewer(p)),
  getDocument: (p, input) => getDocument(p.db, input.id, viewer(p)),
  search: (p, input) => search(p.db, input, viewer(p)),
  findInDocument: (p, input) => findInDocument(p.db, input),
  updateDocument: (p, input) => updateDocument(p.db, coder(p), input, viewer(p)),
  listAttributes: (p) => ({ attributes: listAttributes(p.db) }),
  createAttribute: (p, input) => createAttribute(p.db, coder(p), input),
  updateAttribute: (p, input) => updateAttribute(p.db, coder(p), input),
  deleteAttribute: (p, input) => deleteAttribute(p.db, coder(p), input),
  setAttributeValues: (p, input) => setAttributeValues(p.db, coder(p), input.values),
  attributeTable: (p, input) => attributeTable(p.db, input),
  fillAttribute: (p, input) => fillAttributesFromImport(p.db, coder(p), input),
  importAttributes: (p, input) => importAttributesFrom(p.db, coder(p), input),
  importFiles: async (p, input, context) =>
    flagNearDuplicates(p.db, await importFiles(p.db, input.paths, { ...context, coderId: coder(p), ocrLanguages: input.ocrLanguages })),
  importUploads: async (p, input) => flagNearDuplicates(p.db, await importUploads(p.db, input.files, { coderId: coder(p), ocrLanguages: input.ocrLanguages })),
  deleteDocuments: (p, input) => deleteDocuments(p.db, coder(p), input, viewer(p)),
  checkProject: (p) => checkProject(p.db, p.path, viewer(p)),
  getCoder: (p) => coderSession(p),
  setCoder: (p, input) => coderSession(p, input),
  getCodebook: (p) => getCodebook(p.db, viewer(p)),
  createCode: (p, input) => createCode(p.db, coder(p), input, viewer(p)),
  updateCode: (p, input) => updateCode(p.db, coder(p), input, viewer(p)),
  moveCode: (p, input) => moveCode(p.db, coder(p), input, viewer(p)),
  deleteCode: (p, input) => deleteCode(p.db, coder(p), input, viewer(p)),
  createCodeGroup: (p, input) => createCodeGroup(p.db, coder(p), input, viewer(p)),
  updateCodeGroup: (p, input) => updateCodeGroup(p.db, coder(p), input, viewer(p)),
  deleteCodeGroup: (p, input) => (deleteCodeGroup(p.db, coder(p), input), {}),
  listCodings: (p, input) => listCodings(p.db, input, viewer(p)),
  applyCode: (p, input) => applyCode(p.db, coder(p), input),
  removeCoding: (p, input) => (removeCoding(p.db, coder(p), input, viewer(p)), {}),
  getMemo: (p, input) => getMemo(p.db, input, viewer(p)),
  setMemo: (p, input) => setMemo(p.db, coder(p), input, viewer(p)),
  mergeCodes: (p, input) => mergeCodes(p.db, coder(p), input, viewer(p)),
  codedSegments: (p, input) => codedSegments(p.db, input, viewer(p)),
  codeMatrix: (p, input) => codeMatrix(p.db, input, viewer(p)),
  listCoders: (p) => listCoders(p.db, viewer(p)),
  agreement: (p, input) => (seeingAll(p, 'Intercoder agreement'), agreement(p.db, input)),
  disagreements: (p, input) => (seeingAll(p, 'The list of disagreements'), disagreements(p.db, input)),
  settleDisagreement: (p, input) => (seeingAll(p, 'Settling a disagreement'), settleDisagreement(p.db, coder(p), input)),
  stanceOverview: (p, input) => stanceOverview(p.db, input, viewer(p)),
  coOccurrence: (p, input) => coOccurrence(p.db, input, viewer(p)),
  coOccurrencePassages: (p, input) => coOccurrencePassages(p.db, input, viewer(p)),
  // A preview only counts: it must not add the coder to the project (a read-only one refuses that); -1 is no coder's id.
  autoCode: (p, input) => autoCode(p.db, input.preview ? (viewer(p).coderId ?? -1) : coder(p), input, viewer(p)),
  replaceDocument: (p, input) => replaceDocument(p.db, coder(p), input, viewer(p)),
  cleanupRules: () => CLEANUP_RULES.map(({ id, label }) => ({ id, label })),
  previewCleanup: (p, input) => previewCleanup(p.db, input),
  cleanupDocuments: (p, input) => cleanupDocuments(p.db, coder(p), input, viewer(p)),
  listOrphans: (p, input) => listOrphans(p.db, input, viewer(p)),
  placeOrphan: (p, input) => placeOrphan(p.db, coder(p), input, viewer(p)),
  // By the coder's name: a preview must not add the coder to the project, the merge does so itself.
  importRefiQda: (p, input) => importRefiFile(p.db, seeingAll(p, 'Importing another project').name, input, p.path),
  previewMerge: (p, input) => previewMerge(p.db, seeingAll(p, 'Merging another project').name, input, p.path),
  mergeProject: (p, input) => mergeProject(p.db, seeingAll(p, 'Merging another project').name, input, p.path),
  previewReport: (p, input) => previewReport(p, input, viewer(p)),
  exportFile: (p, input, context) => exportFile(p, input, viewer(p), context),
  exportProgress: (p) => exportProgress(p),
  cancelExport: (p) => cancelExport(p),
  undo: (p) => ({ undone: undo(p.db, viewer(p)) }),
  redo: (p) => ({ redone: redo(p.db, viewer(p)) }),
  history: (p, input) => history(p.db, input.limit, viewer(p)),
  listBackups: (p) => ({
    folder: backupFolder(p.path),
    keep: backupsToKeep(p.db),
    backups: listBackups(p.path).map((b) => ({ name: b.name, kind: b.kind, madeAt: b.madeAt.toISOString(), bytes: b.bytes, documents: backupDocuments(b.path) })),
  }),
  restoreBackup: (p, input) => restoreBackup(p.path, input.name, input.to),
  // -- Editing codings (reader): a coder's own codings only.
  resizeCoding: (p, input) => resizeCoding(p.db, coder(p), input, viewer(p)),
  recodeCoding: (p, input) => recodeCoding(p.db, coder(p), input, viewer(p)),
  splitCoding: (p, input) => splitCoding(p.db, coder(p), input, viewer(p)),
  mergeCodings: (p, input) => mergeCodings(p.db, coder(p), input, viewer(p)),
};

/** Methods that change the project: refused at once, with one message, when it is read-only. */
const WRITES = new Set<MethodName>([
  'updateDocument', 'deleteDocuments', 'importFiles', 'createAttribute', 'updateAttribute', 'deleteAttribute', 'setAttributeValues', 'fillAttribute', 'importAttributes', 'importUploads', 'createCode', 'updateCode', 'moveCode', 'deleteCode', 'createCodeGroup',
  'updateCodeGroup', 'deleteCodeGroup', 'applyCode', 'removeCoding', 'setMemo', 'mergeCodes', 'settleDisagreement', 'replaceDocument',
  'cleanupDocuments', 'placeOrphan', 'importRefiQda', 'mergeProject', 'undo', 'redo',
  // Editing codings (reader)
  'resizeCoding', 'recodeCoding', 'splitCoding', 'mergeCodings',
]);

/** Whether a call would change the project (auto-coding does unless it only counts). */
const writes = (method: MethodName, input: unknown) => WRITES.has(method) || (method === 'autoCode' && !(input as { preview?: boolean }).preview);

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
  const handler = handlers[method] as Handler<M>;
  try {
    return await handler(project, parsed.data as z.output<Contract[M]['input']>, context);
  } catch (e) {
    // Whatever SQLite said (a damaged page, a writer that kept the file too long), in words, naming this project.
    throw translateSqliteError(e, project.path);
  }
}
