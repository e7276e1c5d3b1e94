// The engine behind the contract. Every transport (Electron IPC, the browser
// harness, the CLI, tests) calls it through `call`, which validates the input
// against the contract first, refuses a write to a read-only project, and says
// SQLite's errors in words. The handlers live with their domains
// (src/main/core/<domain>/handlers.ts); here they are only put together.
import type { z } from 'zod';
import { contract, type Contract, type ContractSlice, type MethodName, type MethodOutput } from '../../shared/api.ts';
import { agreementContract } from '../../shared/api/agreement.ts';
import { analysisContract } from '../../shared/api/analysis.ts';
import { analystContract } from '../../shared/api/analyst.ts';
import { attributesContract } from '../../shared/api/attributes.ts';
import { codingContract } from '../../shared/api/coding.ts';
import { corpusContract } from '../../shared/api/corpus.ts';
import { documentsContract } from '../../shared/api/documents.ts';
import { exchangeContract } from '../../shared/api/exchange.ts';
import { exportContract } from '../../shared/api/export.ts';
import { historyContract } from '../../shared/api/history.ts';
import { notesContract } from '../../shared/api/notes.ts';
import { projectContract } from '../../shared/api/project.ts';
import { searchContract } from '../../shared/api/search.ts';
import { setsContract } from '../../shared/api/sets.ts';
import { QuireError } from '../../shared/errors.ts';
import type { ServerEvent } from '../../shared/events.ts';
import type { CallContext, Handler, Handlers } from './calls.ts';
import { readOnlyRefusal, translateSqliteError } from './db/errors.ts';
import type { ProjectHandle } from './project.ts';

export type { CallContext } from './calls.ts';

/** A domain's part of the contract and how to load its handlers (typed to answer exactly that part). */
const domain = <S extends ContractSlice>(slice: S, load: () => Promise<Handlers<S>>) => ({ slice, load });

// Each domain's handlers are loaded on the first call of one of its methods: a command line that lists
// documents never loads the importers, the exporters or the libraries they use.
const DOMAINS = [
  domain(projectContract, async () => (await import('./db/handlers.ts')).projectHandlers),
  domain(documentsContract, async () => (await import('./documents/handlers.ts')).documentsHandlers),
  domain(corpusContract, async () => (await import('./corpus/handlers.ts')).corpusHandlers),
  domain(searchContract, async () => (await import('./search/handlers.ts')).searchHandlers),
  domain(codingContract, async () => (await import('./coding/handlers.ts')).codingHandlers),
  domain(attributesContract, async () => (await import('./documents/handlers.ts')).attributesHandlers),
  domain(analysisContract, async () => (await import('./analysis/handlers.ts')).analysisHandlers),
  domain(agreementContract, async () => (await import('./analysis/handlers.ts')).agreementHandlers),
  domain(exchangeContract, async () => (await import('./exchange/handlers.ts')).exchangeHandlers),
  domain(exportContract, async () => (await import('./export/handlers.ts')).exportHandlers),
  domain(historyContract, async () => (await import('./commands/handlers.ts')).historyHandlers),
  domain(notesContract, async () => (await import('./notes/handlers.ts')).notesHandlers),
  domain(setsContract, async () => (await import('./documents/handlers.ts')).setsHandlers),
  domain(analystContract, async () => (await import('./analysis/handlers.ts')).analystHandlers),
];

type AnyHandlers = Record<string, Handler<ContractSlice, string>>;
/** The domain of each method, and the handlers of the domains loaded so far. */
const domainOf = new Map(DOMAINS.flatMap((d) => Object.keys(d.slice).map((name) => [name, d] as const)));
const loaded = new Map<(typeof DOMAINS)[number], AnyHandlers>();
const loading = new Set<(typeof DOMAINS)[number]>();
/**
 * The loads under way, as one promise (null when none): while a domain loads, every call waits for it, whatever
 * its own domain, so calls start in the order they were made (a write to a domain still loading is never
 * overtaken by a later read of a loaded one).
 */
let underway: Promise<unknown> | null = null;

/** Starts loading a domain's handlers, once however many ask (again after a load that failed). */
function startLoading(d: (typeof DOMAINS)[number]): void {
  if (loading.has(d)) return;
  loading.add(d);
  const load = d.load().then(
    (h) => void loaded.set(d, h as unknown as AnyHandlers),
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
  return Object.assign({}, ...(await Promise.all(DOMAINS.map((d) => d.load())))) as Handlers<Contract>;
}

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
  if (writes(method, parsed.data)) {
    if (project.db.readonly) refuseReadOnly(project);
    // The day's backup, when it was left until the first change (a command line that may only read).
    project.beforeChange?.();
  }
  // With every domain it needs loaded and none loading, a call starts at once; else it waits its turn.
  const d = domainOf.get(method)!;
  startLoading(d);
  if (underway) await underway;
  const handler = loaded.get(d)![method] as unknown as Handler<Contract, M>;
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
