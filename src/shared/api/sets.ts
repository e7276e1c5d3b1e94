// Document sets: named sets of documents, made by hand or saved from a search
// or filter (run again whenever read), a scope for every analysis and export.
// Handlers: src/main/core/documents/handlers.ts (setsHandlers).
import { z } from 'zod';
import { AttributeFilter, type ContractSlice, Empty, Id, IsoDate, method } from './common.ts';
import { DocumentSummary } from './documents.ts';

/** What a set saved from a search or filter keeps: the search text and the library's filters, run again whenever the set is read. */
export const SetQuery = z.object({
  /** Words in Quire's query language (attr:, set:, date: and all). */
  query: z.string().max(10_000).optional(),
  variants: z.boolean().optional(),
  /** The library's instant filter: title, file name, source or author contain this. */
  text: z.string().max(500).optional(),
  source: z.string().max(300).optional(),
  attribute: AttributeFilter.optional(),
  dateFrom: IsoDate.optional(),
  dateTo: IsoDate.optional(),
});
export type SetQuery = z.infer<typeof SetQuery>;
export const DocumentSet = z.object({
  id: Id,
  guid: z.string(),
  name: z.string(),
  description: z.string(),
  /** By hand (members listed), or saved from a search or filter (members found anew on every read). */
  kind: z.enum(['hand', 'query']),
  query: SetQuery.nullable(),
  /** A saved query in words: “search “Belarus” · Outlet type is state”. */
  queryText: z.string().nullable(),
  /** How many documents it holds now. */
  count: z.number().int(),
  /** What a saved query met on its last reading (an attribute deleted or renamed, a word not understood), in words. */
  notes: z.array(z.string()),
});
export type DocumentSet = z.infer<typeof DocumentSet>;
const SetName = z.string().trim().min(1, 'a name').max(200);
export const CreateSetInput = z.object({
  name: SetName,
  description: z.string().max(10_000).optional(),
  /** A hand set's first members. */
  documentIds: z.array(Id).optional(),
  /** A set saved from a search or filter. */
  query: SetQuery.optional(),
});
export const SetMembersInput = z.object({ id: Id, documentIds: z.array(Id).min(1) });
export const SetMembersResult = z.object({
  set: DocumentSet,
  /** Documents added or removed. */
  changed: z.number().int(),
  /** Documents that were already in the set (adding) or not in it (removing). */
  unchanged: z.number().int(),
  /** What happened, in words. */
  message: z.string(),
});

export const setsContract = {
  listSets: method(Empty, z.object({ sets: z.array(DocumentSet) })),
  /** A set with its members, in the library's order. */
  getSet: method(z.object({ id: Id }), z.object({ set: DocumentSet, documents: z.array(DocumentSummary) })),
  createSet: method(CreateSetInput, DocumentSet, { changes: ['documents'] }),
  /** Renames a set, describes it, or changes a saved set's query. */
  updateSet: method(
    z.object({
      id: Id,
      name: SetName.optional(),
      description: z.string().max(10_000).optional(),
      query: SetQuery.optional(),
    }),
    DocumentSet,
    { changes: ['documents'] },
  ),
  deleteSet: method(z.object({ id: Id }), z.object({ members: z.number().int() }), { changes: ['documents'] }),
  addToSet: method(SetMembersInput, SetMembersResult, { changes: ['documents'] }),
  removeFromSet: method(SetMembersInput, SetMembersResult, { changes: ['documents'] }),
  /** Makes a set saved from a search a hand set of the documents it holds now. */
  freezeSet: method(z.object({ id: Id }), DocumentSet, { changes: ['documents'] }),
} satisfies ContractSlice;
