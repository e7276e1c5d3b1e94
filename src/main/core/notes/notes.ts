// The project journal and free memos: notes that stand on their own rather
// than on one document, code or coded passage (those memos live with their
// target, in coding/codings.ts). A note belongs to its writer, as a memo does:
// a blind coder sees and edits only their own, and nobody edits another's.
// Everything a coder has written — journal, free memos and the memos on
// documents, codes and passages — is listed and searched here, in one place.
import type { LinkInput, Note, NoteKind, NoteLink, NotesList, TargetMemo } from '../../../shared/api.ts';
import { QuireError } from '../../../shared/errors.ts';
import { clip, visible as shown } from '../../../shared/text.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { documentTitle } from '../documents/documents.ts';
import { newGuid } from '../guid.ts';
import { foldWord } from '../search/fold.ts';
import { codeName } from '../db/queries/codes.ts';
import {
  codeGuid,
  codingGuidSeen,
  codingNamed,
  documentGuid,
  linkedCode,
  linkedCoding,
  linkedDocument,
  linkIdsOf,
  linksOfNotes,
  noteSeen,
  notesInOrder,
  notesLinkedTo,
  notesSeen,
  targetMemosSeen,
  type NoteRead,
} from '../db/queries/notes.ts';
import { viewerParam, type Viewer } from '../viewer.ts';

/** The journal entries and free memos the viewer may see, newest first, each with its links; and, with them, the memos on documents, codes and passages. */
export function listNotes(
  db: Db,
  input: { kind?: NoteKind; query?: string; linkedTo?: LinkInput },
  viewer: Viewer,
): NotesList {
  const rows = notesSeen(db).all({ viewer: viewerParam(viewer), kind: input.kind ?? null });
  const links = linksOf(
    db,
    rows.map((r) => r.id),
    viewer,
  );
  let notes = rows.map((r) => toNote(r, links.get(r.id) ?? [], viewer));
  let memos = input.kind ? [] : targetMemos(db, viewer);
  if (input.linkedTo) {
    const { type, id } = input.linkedTo;
    notes = notes.filter((n) => n.links.some((l) => l.type === type && l.id === id));
    memos = memos.filter((m) => m.target === type && m.id === id);
  }
  const words = searchWords(input.query ?? '');
  if (words.length) {
    notes = notes.filter((n) => matches([n.title, n.text, ...n.links.map((l) => l.label)], words));
    memos = memos.filter((m) => matches([m.text, m.label], words));
  }
  return { notes, memos };
}

/** Writes a new journal entry or free memo, linked to what it is about; one undoable step. */
export function createNote(
  db: Db,
  coder: number,
  input: { kind: NoteKind; title?: string; text: string; links?: LinkInput[] },
  viewer: Viewer,
): Note {
  const text = input.text.replace(/\r\n?/g, '\n');
  const title = (input.title ?? '').trim() || defaultTitle(input.kind, text);
  if (!text.trim() && input.kind === 'journal')
    throw new QuireError('invalid_input', 'A journal entry needs some text.');
  const targets = (input.links ?? []).map((l) => linkTarget(db, l, viewer));
  const at = new Date().toISOString();
  const id = runCommand(
    db,
    coder,
    'createNote',
    `Write the ${input.kind === 'journal' ? 'journal entry' : 'memo'} “${clip(title)}”`,
    (c) => {
      const noteId = c.insert('notes', {
        guid: newGuid(),
        kind: input.kind,
        title,
        text,
        coder_id: coder,
        created_at: at,
        updated_at: at,
      });
      for (const t of unique(targets))
        c.insert('note_links', { note_id: noteId, target_type: t.type, target_guid: t.guid });
      return noteId;
    },
  );
  return getNote(db, id, viewer);
}

/** Changes a note's title, text or links (the links given replace the old ones); only its writer may. */
export function updateNote(
  db: Db,
  coder: number,
  input: { id: number; title?: string; text?: string; links?: LinkInput[] },
  viewer: Viewer,
): Note {
  const before = ownNote(db, input.id, coder, viewer, 'change');
  const patch: Record<string, unknown> = {};
  if (input.title !== undefined)
    patch.title = input.title.trim() || defaultTitle(before.kind, input.text ?? before.text);
  if (input.text !== undefined) patch.text = input.text.replace(/\r\n?/g, '\n');
  const targets = input.links?.map((l) => linkTarget(db, l, viewer));
  runCommand(
    db,
    coder,
    'updateNote',
    `Edit the ${before.kind === 'journal' ? 'journal entry' : 'memo'} “${clip(before.title)}”`,
    (c) => {
      if (Object.keys(patch).length) c.update('notes', before.id, { ...patch, updated_at: new Date().toISOString() });
      if (!targets) return;
      for (const old of linkIdsOf(db).all(before.id)) c.delete('note_links', old);
      for (const t of unique(targets))
        c.insert('note_links', { note_id: before.id, target_type: t.type, target_guid: t.guid });
    },
  );
  return getNote(db, before.id, viewer);
}

/** Deletes a note and its links; one undoable step; only its writer may. */
export function deleteNote(db: Db, coder: number, input: { id: number }, viewer: Viewer): { deleted: string } {
  const note = ownNote(db, input.id, coder, viewer, 'delete');
  runCommand(
    db,
    coder,
    'deleteNote',
    `Delete the ${note.kind === 'journal' ? 'journal entry' : 'memo'} “${clip(note.title)}”`,
    (c) => {
      for (const link of linkIdsOf(db).all(note.id)) c.delete('note_links', link);
      c.delete('notes', note.id);
    },
  );
  return { deleted: note.title };
}

/** One note as the viewer sees it; a note they may not see is answered as if it did not exist. */
export function getNote(db: Db, id: number, viewer: Viewer): Note {
  const row = noteSeen(db).get({ id, viewer: viewerParam(viewer) });
  if (!row) throw new QuireError('not_found', 'That memo no longer exists: it may have been deleted or undone.');
  return toNote(row, linksOf(db, [row.id], viewer).get(row.id) ?? [], viewer);
}

/** Every note the viewer may see, oldest first, for reports and exchange files. */
export function notesForExport(db: Db, viewer: Viewer): (Note & { guid: string; coderId: number })[] {
  const rows = notesInOrder(db).all({ viewer: viewerParam(viewer) });
  const links = linksOf(
    db,
    rows.map((r) => r.id),
    viewer,
  );
  return rows.map((r) => ({ ...toNote(r, links.get(r.id) ?? [], viewer), guid: r.guid, coderId: r.coderId }));
}

/** The guids of the notes linked to one record, for exchange files that attach notes to what they are about. */
export function noteGuidsLinkedTo(db: Db, type: NoteLink['type'], guid: string, viewer: Viewer): string[] {
  return notesLinkedTo(db).all({ type, guid, viewer: viewerParam(viewer) });
}

function ownNote(db: Db, id: number, coder: number, viewer: Viewer, doing: 'change' | 'delete'): NoteRead {
  const row = noteSeen(db).get({ id, viewer: viewerParam(viewer) });
  if (!row) throw new QuireError('not_found', 'That memo no longer exists: it may have been deleted or undone.');
  if (row.coderId !== coder)
    throw new QuireError(
      'invalid_input',
      `The ${row.kind === 'journal' ? 'journal entry' : 'memo'} “${clip(row.title)}” is ${row.coder}’s: only its writer can ${doing} it.`,
    );
  return row;
}

function toNote(row: NoteRead, links: NoteLink[], viewer: Viewer): Note {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    text: row.text,
    coder: row.coder,
    mine: row.coder === viewer.name,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    links,
  };
}

/** A journal entry is named by its first line, or its date; a memo by its first line. */
function defaultTitle(kind: NoteKind, text: string): string {
  const first = text.trim().split('\n')[0]?.trim() ?? '';
  if (first) return clip(first, 60);
  return kind === 'journal' ? `Journal, ${new Date().toISOString().slice(0, 10)}` : 'Untitled memo';
}

/** The record a link names, checked: it exists and the viewer may see it. */
function linkTarget(db: Db, link: LinkInput, viewer: Viewer): { type: NoteLink['type']; guid: string } {
  const guid =
    link.type === 'document'
      ? documentGuid(db).get({ id: link.id })
      : link.type === 'code'
        ? codeGuid(db).get({ id: link.id })
        : codingGuidSeen(db).get({ id: link.id, viewer: viewerParam(viewer) });
  if (!guid) {
    const what = link.type === 'coding' ? 'coded passage' : link.type;
    throw new QuireError(
      'not_found',
      `The memo cannot be linked to that ${what}: it no longer exists${link.type === 'coding' && viewer.blind ? ', or it is another coder’s, which you cannot see while you code blind' : ''}.`,
    );
  }
  return { type: link.type, guid };
}

function unique<T extends { type: string; guid: string }>(targets: T[]): T[] {
  const seen = new Set<string>();
  return targets.filter((t) => !seen.has(`${t.type}:${t.guid}`) && !!seen.add(`${t.type}:${t.guid}`));
}

/**
 * The links of some notes, each with what it now points at. A link whose
 * target was deleted stays (undo brings the target back) and says so; a
 * coded passage another coder made, hidden from a blind viewer, is not shown.
 */
function linksOf(db: Db, noteIds: number[], viewer: Viewer): Map<number, NoteLink[]> {
  const out = new Map<number, NoteLink[]>();
  if (!noteIds.length) return out;
  const rows = linksOfNotes(db).all(JSON.stringify(noteIds));
  for (const r of rows) {
    let link: NoteLink | null;
    if (r.type === 'document') {
      const id = linkedDocument(db).get(r.guid);
      link =
        id === undefined
          ? gone('document')
          : { type: 'document', id, documentId: id, label: shown(documentTitle(db, id)) };
    } else if (r.type === 'code') {
      const code = linkedCode(db).get(r.guid);
      link = code ? { type: 'code', id: code.id, documentId: null, label: shown(code.name) } : gone('code');
    } else {
      const k = linkedCoding(db).get(r.guid);
      if (k && viewer.blind && k.coderId !== viewer.coderId) link = null;
      else
        link = k
          ? {
              type: 'coding',
              id: k.id,
              documentId: k.documentId,
              label: `“${clip(k.quote, 60)}” (${shown(k.code)}, in ${shown(documentTitle(db, k.documentId))})`,
            }
          : gone('coding');
    }
    if (link) out.set(r.noteId, [...(out.get(r.noteId) ?? []), link]);
  }
  return out;
}

const gone = (type: NoteLink['type']): NoteLink => ({
  type,
  id: null,
  documentId: null,
  label: `a ${type === 'coding' ? 'coded passage' : type} since deleted`,
});

/** The memos written on documents, codes and coded passages that the viewer may see, newest first, each with what it is on. */
function targetMemos(db: Db, viewer: Viewer): TargetMemo[] {
  const rows = targetMemosSeen(db).all({ viewer: viewerParam(viewer) });
  return rows.flatMap((r): TargetMemo[] => {
    if (r.target === 'document') return [{ ...r, documentId: r.id, label: shown(documentTitle(db, r.id)) }];
    if (r.target === 'code') {
      const name = codeName(db).get(r.id);
      return name === undefined ? [] : [{ ...r, documentId: null, label: shown(name) }];
    }
    const k = codingNamed(db).get(r.id);
    return k
      ? [
          {
            ...r,
            documentId: k.documentId,
            label: `“${clip(k.quote, 60)}” (${shown(k.code)}, in ${shown(documentTitle(db, k.documentId))})`,
          },
        ]
      : [];
  });
}

/** The words of a search of memos, folded as search folds them. */
function searchWords(query: string): string[] {
  return (query.match(WORD) ?? []).map(foldWord).filter(Boolean);
}

/** Whether every word searched for begins a word of the texts (accents and case folded as search does). */
function matches(texts: string[], words: string[]): boolean {
  const have = texts.flatMap((t) => (t.match(WORD) ?? []).map(foldWord));
  return words.every((w) => have.some((h) => h.startsWith(w)));
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
