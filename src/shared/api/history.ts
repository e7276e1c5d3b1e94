// The command log: undo, redo and the history of changes.
import { z } from 'zod';
import { type ContractSlice, Empty, Id, method } from './common.ts';

export const HistoryEntry = z.object({
  id: Id,
  at: z.string(),
  command: z.string(),
  description: z.string(),
  coder: z.string().nullable(),
  undone: z.boolean(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** The history methods. */
export const historyContract = {
  undo: method(Empty, z.object({ undone: HistoryEntry.nullable() }), {
    changes: ['documents', 'codings', 'codebook', 'attributes', 'memos'],
  }),
  redo: method(Empty, z.object({ redone: HistoryEntry.nullable() }), {
    changes: ['documents', 'codings', 'codebook', 'attributes', 'memos'],
  }),
  history: method(z.object({ limit: z.number().int().min(1).max(10_000).default(100) }), z.array(HistoryEntry)),
} as const satisfies ContractSlice;
