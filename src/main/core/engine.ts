// The engine behind the contract. Every transport (Electron IPC, the browser
// harness, the CLI, tests) calls it through `call`, which validates the input
// against the contract first, refuses a write to a read-only project, and says
// SQLite's errors in words. The handlers live with their domains
// (src/main/core/<domain>/handlers.ts); here they are only put together.
import type { z } from 'zod';
import type { Contract, ContractSlice, MethodName, MethodOutput } from '../../shared/api.ts';
import type { agreementContract } from '../../shared/api/agreement.ts';
import type { analysisContract } from '../../shared/api/analysis.ts';
import type { analystContract } from '../../shared/api/analyst.ts';
import type { attributesContract } from '../../shared/api/attributes.ts';
import type { codingContract } from '../../shared/api/coding.ts';
import type { corpusContract } from '../../shared/api/corpus.ts';
import type { documentsContract } from '../../shared/api/documents.ts';
import type { exchangeContract } from '../../shared/api/exchange.ts';
import type { exportContract } from '../../shared/api/export.ts';
import type { historyContract } from '../../shared/api/history.ts';
import type { notesContract } from '../../shared/api/notes.ts';
import type { projectContract } from '../../shared/api/project.ts';
import type { searchContract } from '../../shared/api/search.ts';
import type { setsContract } from '../../shared/api/sets.ts';
import { QuireError } from '../../shared/errors.ts';
import type { ServerEvent } from '../../shared/events.ts';
import type { CallContext, Handler, Handlers } from './calls.ts';
import { readOnlyRefusal, translateSqliteError } from './db/errors.ts';
import type { ProjectHandle } from './project.ts';
import { writeBegins } from './db/db.ts';

export type { CallContext } from './calls.ts';

/**
 * A domain: the names of its methods, known before anything of it is loaded (the compiler holds them to its part of
 * the contract: every method, and no other), and how to load that part (its methods' schemas) and its handlers (typed
 * to answer exactly that part).
 */
const domain = <S extends ContractSlice>(
  methods: NoInfer<{ [M in keyof S]: true }>,
  slice: () => Promise<S>,
  handlers: () => Promise<Handlers<S>>,
) => ({ methods: Object.keys(methods), slice, handlers });

// Each domain's schemas and handlers are loaded on the first call of one of its methods: a command line that searches
// never loads the importers, the exporters, the libraries they use, nor the schemas (zod) of the other domains.
const DOMAINS = [
  domain<typeof projectContract>(
    { projectInfo: true, checkProject: true, listBackups: true, restoreBackup: true },
    async () => (await import('../../shared/api/project.ts')).projectContract,
    async () => (await import('./db/handlers.ts')).projectHandlers,
  ),
  domain<typeof documentsContract>(
    {
      listDocuments: true,
      getDocument: true,
      updateDocument: true,
      deleteDocuments: true,
      replaceDocument: true,
      cleanupRules: true,
      previewCleanup: true,
      cleanupDocuments: true,
    },
    async () => (await import('../../shared/api/documents.ts')).documentsContract,
    async () => (await import('./documents/handlers.ts')).documentsHandlers,
  ),
  domain<typeof corpusContract>(
    { importFiles: true, importUploads: true },
    async () => (await import('../../shared/api/corpus.ts')).corpusContract,
    async () => (await import('./corpus/handlers.ts')).corpusHandlers,
  ),
  domain<typeof searchContract>(
    { search: true, findInDocument: true },
    async () => (await import('../../shared/api/search.ts')).searchContract,
    async () => (await import('./search/handlers.ts')).searchHandlers,
  ),
  domain<typeof codingContract>(
    {
      getCoder: true,
      setCoder: true,
      listCoders: true,
      getCodebook: true,
      createCode: true,
      updateCode: true,
      moveCode: true,
      deleteCode: true,
      createCodeGroup: true,
      updateCodeGroup: true,
      deleteCodeGroup: true,
      mergeCodes: true,
      listCodings: true,
      listCodingMarks: true,
      applyCode: true,
      removeCoding: true,
      getMemo: true,
      setMemo: true,
      resizeCoding: true,
      recodeCoding: true,
      splitCoding: true,
      mergeCodings: true,
      listOrphans: true,
      placeOrphan: true,
      autoCode: true,
    },
    async () => (await import('../../shared/api/coding.ts')).codingContract,
    async () => (await import('./coding/handlers.ts')).codingHandlers,
  ),
  domain<typeof attributesContract>(
    {
      listAttributes: true,
      createAttribute: true,
      updateAttribute: true,
      deleteAttribute: true,
      setAttributeValues: true,
      attributeTable: true,
      fillAttribute: true,
      importAttributes: true,
    },
    async () => (await import('../../shared/api/attributes.ts')).attributesContract,
    async () => (await import('./documents/handlers.ts')).attributesHandlers,
  ),
  domain<typeof analysisContract>(
    { codedSegments: true, codeMatrix: true, stanceOverview: true, coOccurrence: true, coOccurrencePassages: true },
    async () => (await import('../../shared/api/analysis.ts')).analysisContract,
    async () => (await import('./analysis/handlers.ts')).analysisHandlers,
  ),
  domain<typeof agreementContract>(
    { agreement: true, disagreements: true, settleDisagreement: true },
    async () => (await import('../../shared/api/agreement.ts')).agreementContract,
    async () => (await import('./analysis/handlers.ts')).agreementHandlers,
  ),
  domain<typeof exchangeContract>(
    { importRefiQda: true, previewMerge: true, mergeProject: true },
    async () => (await import('../../shared/api/exchange.ts')).exchangeContract,
    async () => (await import('./exchange/handlers.ts')).exchangeHandlers,
  ),
  domain<typeof exportContract>(
    { previewReport: true, exportFile: true, exportProgress: true, cancelExport: true },
    async () => (await import('../../shared/api/export.ts')).exportContract,
    async () => (await import('./export/handlers.ts')).exportHandlers,
  ),
  domain<typeof historyContract>(
    { undo: true, redo: true, history: true },
    async () => (await import('../../shared/api/history.ts')).historyContract,
    async () => (await import('./commands/handlers.ts')).historyHandlers,
  ),
  domain<typeof notesContract>(
    { listNotes: true, createNote: true, updateNote: true, deleteNote: true },
    async () => (await import('../../shared/api/notes.ts')).notesContract,
    async () => (await import('./notes/handlers.ts')).notesHandlers,
  ),
  domain<typeof setsContract>(
    {
      listSets: true,
      getSet: true,
      createSet: true,
      updateSet: true,
      deleteSet: true,
      addToSet: true,
      removeFromSet: true,
      freezeSet: true,
    },
    async () => (await import('../../shared/api/sets.ts')).setsContract,
    async () => (await import('./documents/handlers.ts')).setsHandlers,
  ),
  domain<typeof analystContract>(
    { codeQuery: true, saveCodeQuery: true, kwic: true, kwicTexts: true, wordFrequencies: true, analysisCsv: true },
    async () => (await import('../../shared/api/analyst.ts')).analystContract,
    async () => (await import('./analysis/handlers.ts')).analystHandlers,
  ),
];

type Domain = (typeof DOMAINS)[number];
type AnyHandlers = Record<string, Handler<ContractSlice, string>>;
/** A loaded domain: its methods' schemas and its handlers. */
interface Loaded {
  slice: ContractSlice;
  handlers: AnyHandlers;
}
/** The domain of each method (a name two domains both declare is a mistake, found when the module loads), and the domains loaded so far. */
const domainOf = new Map<string, Domain>();
for (const d of DOMAINS)
  for (const name of d.methods) {
    if (domainOf.has(name)) throw new Error(`The engine declares the method ${name} twice.`);
    domainOf.set(name, d);
  }
const loaded = new Map<Domain, Loaded>();
const loading = new Set<Domain>();
/**
 * The loads under way, as one promise (null when none): while a domain loads, every call waits for it, whatever
 * its own domain, so calls start in the order they were made (a write to a domain still loading is never
 * overtaken by a later read of a loaded one).
 */
let underway: Promise<unknown> | null = null;

/** Starts loading a domain's schemas and handlers, once however many ask (again after a load that failed). */
function startLoading(d: Domain): void {
  if (loading.has(d)) return;
  loading.add(d);
  const load = Promise.all([d.slice(), d.handlers()]).then(
    ([slice, handlers]) => void loaded.set(d, { slice, handlers: handlers as unknown as AnyHandlers }),
    (e: unknown) => {
      loading.delete(d);
      throw e;
    },
  );
  const all = Promise.all([underway, load]);
  underway = all;
  void all.finally(() => underway === all && (underway = null)).catch(() => undefined);
}

/** Every domain's handlers, put together: for the tests (a method no domain answers is missing here). */
export async function loadHandlers(): Promise<Handlers<Contract>> {
  return Object.assign({}, ...(await Promise.all(DOMAINS.map((d) => d.handlers())))) as Handlers<Contract>;
}

/** Every method's name, as the engine knows them before loading any domain: for the tests (the contract has the same). */
export const engineMethodNames = (): string[] => [...domainOf.keys()];

type Method = ContractSlice[string];

/** Whether a call would change the project: its method changes records (auto-coding does unless it only counts). */
function writes(m: Method, input: unknown): boolean {
  return m.changes !== undefined && !m.readsOnly?.(input as never);
}

/** The context a handler runs in: for long work, its progress is also told as the project's events. */
function withProgress(project: ProjectHandle, m: Method, context: CallContext): CallContext {
  const work = m.progress;
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
function changed(m: Method, origin: string | undefined): ServerEvent {
  const kinds = m.changes ?? [];
  return { type: 'changed', kinds: [...kinds], ...(origin === undefined ? {} : { origin }) };
}

function refuseReadOnly(p: ProjectHandle): never {
  throw new QuireError('read_only', readOnlyRefusal(p.readOnly ?? 'it cannot be written'));
}

export function isMethod(name: string): name is MethodName {
  return domainOf.has(name);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/**
 * Validates `input` against the contract and runs the method. Its domain's schemas and handlers are loaded first
 * when this is the first call of one of its methods.
 */
export async function call<M extends MethodName>(
  project: ProjectHandle,
  method: M,
  input: unknown,
  context: CallContext = {},
): Promise<MethodOutput<M>> {
  if (!isMethod(method)) throw new QuireError('invalid_input', `There is no method “${String(method)}”.`);
  // With every domain it needs loaded and none loading, a call starts at once; else it waits its turn.
  const d = domainOf.get(method)!;
  startLoading(d);
  if (underway) await underway;
  const { slice, handlers } = loaded.get(d)!;
  const m = slice[method]!;
  const parsed = m.input.safeParse(input ?? {});
  if (!parsed.success)
    throw new QuireError('invalid_input', `Invalid input for ${method}: ${describeIssues(parsed.error)}`);
  if (writes(m, parsed.data)) {
    if (project.db.readonly) refuseReadOnly(project);
    // The day's backup, when it was left until the first change (a command line that may only read).
    project.beforeChange?.();
    writeBegins(project.db);
  }
  const handler = handlers[method] as unknown as Handler<Contract, M>;
  try {
    const output = (await handler(
      project,
      parsed.data as z.output<Contract[M]['input']>,
      withProgress(project, m, context),
    )) as MethodOutput<M>;
    if (writes(m, parsed.data)) project.events?.emit(changed(m, context.origin));
    return output;
  } catch (e) {
    // Whatever SQLite said (a damaged page, a writer that kept the file too long), in words, naming this project.
    throw translateSqliteError(e, project.path);
  }
}
