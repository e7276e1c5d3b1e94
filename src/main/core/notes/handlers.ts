// The project journal and free memos.
import type { notesContract } from '../../../shared/api/notes.ts';
import { coder, viewer, type Handlers } from '../calls.ts';
import { createNote, deleteNote, listNotes, updateNote } from './notes.ts';

export const notesHandlers: Handlers<typeof notesContract> = {
  listNotes: (p, input) => listNotes(p.db, input, viewer(p)),
  createNote: (p, input) => createNote(p.db, coder(p), input, viewer(p)),
  updateNote: (p, input) => updateNote(p.db, coder(p), input, viewer(p)),
  deleteNote: (p, input) => deleteNote(p.db, coder(p), input, viewer(p)),
};
