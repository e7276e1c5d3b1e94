// Reading another Quire project (.quire) into the model a REFI-QDA file is
// read into, so merging it follows the same plan as importing a colleague's
// .qdpx. The other file is never opened in place: the caller hands over a
// copy (read.ts), so neither a migration nor SQLite's WAL files touch it.
import Database from 'better-sqlite3';
import { countCodePoints } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { LATEST_VERSION } from '../db/migrations/index.ts';
import { APPLICATION_ID } from '../db/open.ts';
import { emptyInput, plural, type RefiCode, type RefiDocument, type RefiInput } from './model.ts';

type Db = Database.Database;

/**
 * Reads the Quire project in `copy` (a temporary copy of the user's file,
 * which `label` names in messages). Throws QuireError('invalid_input') for a
 * file that is not a Quire project, is damaged, or was saved by a newer Quire.
 */
export function readQuireProject(copy: string, label: string): RefiInput {
  let db: Db;
  try {
    db = new Database(copy, { fileMustExist: true });
  } catch (e) {
    throw damaged(label, e);
  }
  try {
    assertReadable(db, label);
    return read(db, label);
  } catch (e) {
    throw e instanceof QuireError ? e : damaged(label, e);
  } finally {
    db.close();
  }
}

function damaged(label: string, cause: unknown): QuireError {
  return new QuireError('invalid_input', `${label} cannot be merged: it is damaged or not a Quire project.`, { cause });
}

function assertReadable(db: Db, label: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== APPLICATION_ID) throw new QuireError('invalid_input', `${label} cannot be merged: it is an SQLite database, but not a Quire project.`);
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > LATEST_VERSION) {
    throw new QuireError(
      'invalid_input',
      `${label} cannot be merged: it was saved by a newer version of Quire (project format ${version}; this version reads up to ${LATEST_VERSION}). Update Quire to merge it.`,
    );
  }
  if (version < 1) throw new QuireError('invalid_input', `${label} cannot be merged: it is an empty Quire project file.`);
  // A damaged page shows here rather than halfway through reading.
  const check = db.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') throw new QuireError('invalid_input', `${label} cannot be merged: it is damaged (${check}).`);
}

interface DocumentRow {
  id: number;
  guid: string;
  title: string | null;
  body: string;
  source: string | null;
  author: string | null;
  published: string | null;
  url: string | null;
  language: string | null;
  filename: string | null;
  path: string | null;
  format: string;
  encoding: string;
  import_notes: string | null;
  bytes: Buffer | null;
}

function read(db: Db, label: string): RefiInput {
  const input = emptyInput();
  // Format 1 had documents only; coders, codes, codings and memos came with format 2.
  const coding = (db.pragma('user_version', { simple: true }) as number) >= 2;
  const memos = new Map<string, string[]>();
  if (coding) {
    for (const m of db
      .prepare(
        `SELECT m.guid, m.target_type AS target, m.target_id AS targetId, m.text, c.guid AS coder, m.created_at AS created, m.updated_at AS modified
         FROM memos m JOIN coders c ON c.id = m.coder_id WHERE trim(m.text) != '' ORDER BY m.id`,
      )
      .all() as { guid: string; target: string; targetId: number; text: string; coder: string; created: string; modified: string }[]) {
      input.notes.set(m.guid, { guid: m.guid, name: `memo on ${m.target} ${m.targetId}`, text: m.text, user: m.coder, created: m.created, modified: m.modified });
      const key = `${m.target}:${m.targetId}`;
      memos.set(key, [...(memos.get(key) ?? []), m.guid]);
    }
    input.users = db.prepare('SELECT guid, name FROM coders ORDER BY id').all() as { guid: string; name: string }[];
    input.codes = readCodes(db, memos);
    const members = db.prepare('SELECT m.group_id AS groupId, c.guid FROM code_group_members m JOIN codes c ON c.id = m.code_id ORDER BY m.id').all() as { groupId: number; guid: string }[];
    input.sets = (db.prepare('SELECT id, guid, name, description, exclusive FROM code_groups ORDER BY id').all() as { id: number; guid: string; name: string; description: string; exclusive: number }[]).map(
      (g) => ({ guid: g.guid, name: g.name, description: g.description, exclusive: g.exclusive === 1, codeGuids: members.filter((m) => m.groupId === g.id).map((m) => m.guid), otherMembers: 0 }),
    );
  }
  const codings = coding
    ? db.prepare(
        `SELECT k.id, k.guid, k.start, k."end", k.created_at AS created, k.orphaned, c.guid AS code, u.guid AS coder
         FROM codings k JOIN codes c ON c.id = k.code_id JOIN coders u ON u.id = k.coder_id WHERE k.document_id = ? ORDER BY k.start, k."end", k.id`,
      )
    : null;
  let orphaned = 0;
  let outside = 0;
  const documents = db.prepare('SELECT d.*, o.bytes FROM documents d LEFT JOIN document_originals o ON o.document_id = d.id ORDER BY d.id');
  for (const d of documents.iterate() as IterableIterator<DocumentRow>) {
    const length = countCodePoints(d.body);
    const doc: RefiDocument = {
      guids: [d.guid],
      name: d.title ?? d.filename ?? d.guid,
      text: d.body,
      original: d.bytes ? new Uint8Array(d.bytes) : null,
      encoding: d.encoding,
      metadata: { title: d.title, source: d.source, author: d.author, published: d.published, url: d.url, language: d.language },
      description: '',
      noteRefs: memos.get(`document:${d.id}`) ?? [],
      passages: [],
      warnings: notesOf(d.import_notes),
      quire: { filename: d.filename, path: d.path, format: d.format },
    };
    for (const k of (codings?.all(d.id) ?? []) as { id: number; guid: string; start: number; end: number; created: string; orphaned: number; code: string; coder: string }[]) {
      if (k.orphaned) orphaned++;
      else if (k.end > length) outside++;
      else {
        doc.passages.push({
          guid: null,
          start: k.start,
          end: k.end,
          user: k.coder,
          created: k.created,
          description: '',
          noteRefs: [],
          codings: [{ guid: k.guid, codeGuid: k.code, user: k.coder, created: k.created, noteRefs: memos.get(`coding:${k.id}`) ?? [] }],
        });
      }
    }
    input.documents.push(doc);
  }
  // Memos on codings left out go with them, rather than being reported as loose notes.
  const used = new Set([...input.documents.flatMap((d) => [...d.noteRefs, ...d.passages.flatMap((p) => p.codings.flatMap((k) => k.noteRefs))]), ...codeNotes(input.codes)]);
  const unused = [...input.notes.keys()].filter((g) => !used.has(g));
  for (const g of unused) input.notes.delete(g);
  if (orphaned) {
    input.skipped.push(
      `${plural(orphaned, 'coding', 'codings')} in ${label} had lost ${orphaned === 1 ? 'its' : 'their'} passage when a text was replaced there and ${orphaned === 1 ? 'was' : 'were'} not merged${unused.length ? ` (nor ${plural(unused.length, 'memo', 'memos')} on ${orphaned === 1 ? 'it' : 'them'})` : ''}: place ${orphaned === 1 ? 'it' : 'them'} in that project first.`,
    );
  }
  // Settled disagreements (format 4) are decisions about that project's codings, not carried over.
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'settled_disagreements'").get()) {
    const settled = db.prepare('SELECT count(*) FROM settled_disagreements').pluck().get() as number;
    if (settled) input.skipped.push(`${plural(settled, 'disagreement', 'disagreements')} settled in ${label} ${settled === 1 ? 'is' : 'are'} not merged: settle ${settled === 1 ? 'it' : 'them'} here if the codings still differ.`);
  }
  if (outside) input.skipped.push(`${plural(outside, 'coding lies', 'codings lie')} outside ${outside === 1 ? 'its' : 'their'} document's text in ${label} and ${outside === 1 ? 'was' : 'were'} not merged.`);
  return input;
}

/** The codebook as a tree, siblings in their order, each code with its memo. */
function readCodes(db: Db, memos: Map<string, string[]>): RefiCode[] {
  const rows = db.prepare('SELECT id, guid, parent_id AS parentId, name, colour, description FROM codes ORDER BY position, id').all() as {
    id: number;
    guid: string;
    parentId: number | null;
    name: string;
    colour: string;
    description: string;
  }[];
  const ids = new Set(rows.map((r) => r.id));
  const seen = new Set<number>();
  const tree = (parentId: number | null): RefiCode[] =>
    rows
      // A code whose parent is missing (a damaged file) is read as a top-level code rather than lost; a loop is cut.
      .filter((r) => (parentId === null ? r.parentId === null || !ids.has(r.parentId) : r.parentId === parentId) && !seen.has(r.id) && seen.add(r.id))
      .map((r) => ({ guid: r.guid, name: r.name, colour: r.colour, description: r.description, codable: true, noteRefs: memos.get(`code:${r.id}`) ?? [], children: tree(r.id) }));
  return tree(null);
}

const codeNotes = (codes: readonly RefiCode[]): string[] => codes.flatMap((c) => [...c.noteRefs, ...codeNotes(c.children)]);

function notesOf(json: string | null): string[] {
  if (!json) return [];
  try {
    const notes: unknown = JSON.parse(json);
    return Array.isArray(notes) ? notes.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}
