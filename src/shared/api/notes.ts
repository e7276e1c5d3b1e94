// The project journal and free memos: notes that stand on their own, linked
// to documents, codes and coded passages (the memos on one of those are the
// coding domain's). Handlers: src/main/core/notes/handlers.ts.
import { z } from 'zod';
import { MemoTarget } from './coding.ts';
import { Id, method } from './common.ts';

export const NoteKind = z.enum(['journal', 'memo']);
export type NoteKind = z.infer<typeof NoteKind>;
/** What a note is about: a document, a code or a coded passage, by id. */
export const LinkInput = z.object({ type: MemoTarget, id: Id });
export type LinkInput = z.infer<typeof LinkInput>;
export const NoteLink = z.object({
  type: MemoTarget,
  /** Null when the record was deleted since (undo brings it back, and the link with it). */
  id: Id.nullable(),
  /** The document to open for it: the document itself, or the one a coded passage is in. */
  documentId: Id.nullable(),
  label: z.string(),
});
export type NoteLink = z.infer<typeof NoteLink>;
export const Note = z.object({
  id: Id,
  kind: NoteKind,
  title: z.string(),
  text: z.string(),
  coder: z.string(),
  /** Written by the viewer, who alone may change it. */
  mine: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  links: z.array(NoteLink),
});
export type Note = z.infer<typeof Note>;
/** A memo on a document, code or coded passage, listed with the notes. */
export const TargetMemo = z.object({
  target: MemoTarget,
  id: Id,
  documentId: Id.nullable(),
  label: z.string(),
  text: z.string(),
  coder: z.string(),
  updatedAt: z.string(),
});
export type TargetMemo = z.infer<typeof TargetMemo>;
export const NotesList = z.object({ notes: z.array(Note), memos: z.array(TargetMemo) });
export type NotesList = z.infer<typeof NotesList>;
const NoteText = z.string().max(1_000_000);
const NoteTitle = z.string().max(500);

export const notesContract = {
  listNotes: method(
    z.object({ kind: NoteKind.optional(), query: z.string().max(1000).optional(), linkedTo: LinkInput.optional() }),
    NotesList,
  ),
  createNote: method(
    z.object({
      kind: NoteKind,
      title: NoteTitle.optional(),
      text: NoteText,
      links: z.array(LinkInput).max(1000).optional(),
    }),
    Note,
    { changes: ['memos'] },
  ),
  updateNote: method(
    z.object({
      id: Id,
      title: NoteTitle.optional(),
      text: NoteText.optional(),
      links: z.array(LinkInput).max(1000).optional(),
    }),
    Note,
    { changes: ['memos'] },
  ),
  deleteNote: method(z.object({ id: Id }), z.object({ deleted: z.string() }), { changes: ['memos'] }),
};
