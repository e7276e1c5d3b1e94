// The one contract between the engine and every client (Electron IPC, the
// preload bridge, the browser harness, the renderer), put together from each
// domain's part in src/shared/api/<domain>.ts. Each method has an input and an
// output schema; inputs are validated wherever they cross a process boundary.
// Adding a method is one entry in its domain's api file plus its handler in
// that domain's src/main/core/<domain>/handlers.ts and its name in the engine's
// list of the domain's methods (src/main/core/engine.ts: the compiler asks for
// it), which lets the engine load a domain's schemas only when one of its
// methods is called; its types and its IPC channel follow from the entry.
import type { z } from 'zod';
import type { EventSubscription } from './events.ts';
import { agreementContract } from './api/agreement.ts';
import { analysisContract } from './api/analysis.ts';
import { attributesContract } from './api/attributes.ts';
import { codingContract } from './api/coding.ts';
import type { ContractSlice } from './api/common.ts';
import { corpusContract } from './api/corpus.ts';
import { documentsContract } from './api/documents.ts';
import { exchangeContract } from './api/exchange.ts';
import { exportContract } from './api/export.ts';
import { historyContract } from './api/history.ts';
import { notesContract } from './api/notes.ts';
import { setsContract } from './api/sets.ts';
import { analystContract } from './api/analyst.ts';
import { projectContract } from './api/project.ts';
import { searchContract } from './api/search.ts';

export * from './api/common.ts';
export * from './api/project.ts';
export * from './api/documents.ts';
export * from './api/corpus.ts';
export * from './api/search.ts';
export * from './api/coding.ts';
export * from './api/attributes.ts';
export * from './api/analysis.ts';
export * from './api/agreement.ts';
export * from './api/exchange.ts';
export * from './api/export.ts';
export * from './api/history.ts';
export * from './api/notes.ts';
export * from './api/sets.ts';
export * from './api/analyst.ts';

/** The domains' methods as one object; a name two domains both declare is a mistake, found when the module loads. */
function combine<S extends ContractSlice[]>(...slices: S): UnionToIntersection<S[number]> {
  const all: ContractSlice = {};
  for (const slice of slices) {
    for (const name of Object.keys(slice)) {
      if (Object.hasOwn(all, name)) throw new Error(`The contract declares the method ${name} twice.`);
      all[name] = slice[name]!;
    }
  }
  return all as UnionToIntersection<S[number]>;
}
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every method a client may call. */
export const contract = combine(
  projectContract,
  documentsContract,
  corpusContract,
  searchContract,
  codingContract,
  attributesContract,
  analysisContract,
  agreementContract,
  exchangeContract,
  exportContract,
  historyContract,
  notesContract,
  setsContract,
  analystContract,
);

export type Contract = typeof contract;
export type MethodName = keyof Contract & string;
/** Every method's name, for the transports that make one channel per method (the desktop app's IPC). */
export const methodNames = Object.keys(contract) as MethodName[];
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Contract[M]['output']>;
/** The API as a client sees it: one async function per method. */
export type QuireApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };
/** The API client the renderer's stores use: the methods, and (where the transport carries them) the engine's events. */
export type QuireClient = QuireApi & Partial<EventSubscription>;
