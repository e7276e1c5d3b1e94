// The statements on the journal and free memos (notes) and what they are
// linked to. Writes go through the command log (commands/log.ts); these read.
import { visible } from '../../viewer.ts';
import { statement, values } from '../statement.ts';
import type { MemoTargetType, NoteKind, NotesRow } from '../types.ts';

type N = NotesRow;

/** A note with its writer's name, as the engine reads it. */
export interface NoteRead {
  id: N['id'];
  guid: N['guid'];
  kind: N['kind'];
  title: N['title'];
  text: N['text'];
  coder: string;
  coderId: N['coder_id'];
  createdAt: N['created_at'];
  updatedAt: N['updated_at'];
}

const NOTE = `SELECT n.id, n.guid, n.kind, n.title, n.text, c.name AS coder, n.coder_id AS coderId, n.created_at AS createdAt, n.updated_at AS updatedAt
  FROM notes n JOIN coders c ON c.id = n.coder_id`;

/** The notes the viewer may see (of one kind, or all), newest first. */
export const notesSeen = statement<{ viewer: number | null; kind: NoteKind | null }, NoteRead>(
  `${NOTE} WHERE ${visible('n')} AND (@kind IS NULL OR n.kind = @kind) ORDER BY n.created_at DESC, n.id DESC`,
);

/** The notes the viewer may see, oldest first: for reports and exchange files. */
export const notesInOrder = statement<{ viewer: number | null }, NoteRead>(
  `${NOTE} WHERE ${visible('n')} ORDER BY n.created_at, n.id`,
);

/** One note, if the viewer may see it. */
export const noteSeen = statement<{ id: number; viewer: number | null }, NoteRead>(
  `${NOTE} WHERE n.id = @id AND ${visible('n')}`,
);

/** Whether a note with this GUID is here (a file merged again). */
export const noteExists = (db: Parameters<typeof noteIdByGuid>[0], guid: string): boolean =>
  noteIdByGuid(db).get(guid) !== undefined;
const noteIdByGuid = values<[string], number>('SELECT id FROM notes WHERE guid = ?');

/** The links of some notes (a JSON array of their ids), in the order written. */
export const linksOfNotes = statement<[string], { noteId: number; type: MemoTargetType; guid: string }>(
  'SELECT note_id AS noteId, target_type AS type, target_guid AS guid FROM note_links WHERE note_id IN (SELECT value FROM json_each(?)) ORDER BY id',
);

/** The ids of a note's links. */
export const linkIdsOf = values<[number], number>('SELECT id FROM note_links WHERE note_id = ?');

/** The GUIDs of the notes the viewer may see that are linked to one record. */
export const notesLinkedTo = values<{ type: MemoTargetType; guid: string; viewer: number | null }, string>(
  `SELECT n.guid FROM note_links l JOIN notes n ON n.id = l.note_id WHERE l.target_type = @type AND l.target_guid = @guid AND ${visible('n')} ORDER BY n.id`,
);

/** What a link names, found by its GUID: a document's id, a code's id and name, a coded passage with its code and coder. */
export const linkedDocument = values<[string], number>('SELECT id FROM documents WHERE guid = ?');
export const linkedCode = statement<[string], { id: number; name: string }>(
  'SELECT id, name FROM codes WHERE guid = ?',
);
export const linkedCoding = statement<
  [string],
  { id: number; documentId: number; quote: string; coderId: number; code: string }
>(
  'SELECT k.id, k.document_id AS documentId, k.quote, k.coder_id AS coderId, c.name AS code FROM codings k JOIN codes c ON c.id = k.code_id WHERE k.guid = ?',
);

/** The GUID a new link takes: of a document, a code, or a coded passage the viewer may see. */
export const documentGuid = values<{ id: number }, string>('SELECT guid FROM documents WHERE id = @id');
export const codeGuid = values<{ id: number }, string>('SELECT guid FROM codes WHERE id = @id');
export const codingGuidSeen = values<{ id: number; viewer: number | null }, string>(
  `SELECT guid FROM codings k WHERE id = @id AND ${visible('k')}`,
);

/** The memos on documents, codes and passages the viewer may see, newest first, with their coders' names. */
export const targetMemosSeen = statement<
  { viewer: number | null },
  { target: MemoTargetType; id: number; text: string; coder: string; updatedAt: string }
>(
  `SELECT m.target_type AS target, m.target_id AS id, m.text, c.name AS coder, m.updated_at AS updatedAt
     FROM memos m JOIN coders c ON c.id = m.coder_id WHERE ${visible('m')} ORDER BY m.updated_at DESC, m.id DESC`,
);

/** A coded passage as a memo on it names it: its document, quote and code. */
export const codingNamed = statement<[number], { documentId: number; quote: string; code: string }>(
  'SELECT k.document_id AS documentId, k.quote, c.name AS code FROM codings k JOIN codes c ON c.id = k.code_id WHERE k.id = ?',
);
