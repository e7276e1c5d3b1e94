// What every domain's handlers share: the handler's type, and the session's
// coder and viewer. A domain's handlers.ts holds one handler per method of its
// part of the contract (src/shared/api/<domain>.ts); engine.ts puts them together.
import type { z } from 'zod';
import type { ImportProgress } from '../../shared/api.ts';
import type { ContractSlice } from '../../shared/api/common.ts';
import { coderId, defaultCoderName } from './coding/coders.ts';
import type { ProjectHandle } from './project.ts';
import { refuseWhenBlind, viewerOf, type Viewer } from './viewer.ts';

export interface CallContext {
  /** The caller's own listener to the progress of long work (the project's events tell it too). */
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Which client calls (a window, a browser tab), so it can tell the changes it made from those made elsewhere. */
  origin?: string;
}

/** The handler of one method of a slice: takes the validated input, returns the output its schema describes. */
export type Handler<S extends ContractSlice, M extends keyof S> = (
  project: ProjectHandle,
  input: z.output<S[M]['input']>,
  context: CallContext,
) => z.infer<S[M]['output']> | Promise<z.infer<S[M]['output']>>;

/** One handler for every method of a domain's slice of the contract. */
export type Handlers<S extends ContractSlice> = { [M in keyof S]: Handler<S, M> };

/** The current coder's id, adding the coder to the project on first use. */
export const coder = (p: ProjectHandle) => coderId(p.db, (p.coder ??= defaultCoderName()));

/** Who is asking: the session's coder, blind or not as the project keeps it for them. Every read and write that returns codings, counts or memos takes it. */
export const viewer = (p: ProjectHandle): Viewer => viewerOf(p.db, (p.coder ??= defaultCoderName()));

/** The viewer of a method that compares or brings in other coders' work, refused while coding blind. */
export const seeingAll = (p: ProjectHandle, what: string): Viewer => {
  const v = viewer(p);
  refuseWhenBlind(v, what);
  return v;
};
