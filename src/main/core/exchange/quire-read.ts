// Reading another Quire project (.quire) into the model a REFI-QDA file is
// read into, so merging it follows the same plan as importing a colleague's
// .qdpx. The other file is never opened in place: the caller hands over a
// copy (read.ts), so neither a migration nor SQLite's WAL files touch it.
import { attributeValues, listAttributes } from '../documents/attributes.ts';
import Database from 'better-sqlite3';
import { countCodePoints } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { plural } from '../../../shared/text.ts';
import { exchangeSets } from '../documents/sets.ts';
import { everyone } from '../viewer.ts';
import { LATEST_VERSION } from '../db/migrations/index.ts';
import { applyMigrations, isQuireProject, newerVersion, type Db } from '../db/open.ts';
import { allCoders } from '../db/queries/coders.ts';
import { settledCount } from '../db/queries/settled.ts';
import { emptyInput, type RefiCode, type RefiDocument, type RefiInput } from './model.ts';
import { codeScope, DOCUMENT_COLUMNS, memoRows, type DocumentRow, type ScopeCode } from './scope.ts';

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
    // The copy is brought up to this version's schema, so a project saved by an older Quire reads like a new one.
    applyMigrations(db);
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
  if (!isQuireProject(db))
    throw new QuireError(
      'invalid_input',
      `${label} cannot be merged: it is an SQLite database, but not a Quire project.`,
    );
  const newer = newerVersion(db);
  if (newer !== null) {
    throw new QuireError(
      'invalid_input',
      `${label} cannot be merged: it was saved by a newer version of Quire (project format ${newer}; this version reads up to ${LATEST_VERSION}). Update Quire to merge it.`,
    );
  }
  // A damaged page shows here rather than halfway through reading.
  const check = db.pragma('quick_check', { simple: true }) as string;
  if (check !== 'ok') throw new QuireError('invalid_input', `${label} cannot be merged: it is damaged (${check}).`);
}

function read(db: Db, label: string): RefiInput {
  const input = emptyInput();
  const coders = allCoders(db).all();
  input.users = coders.map(({ guid, name }) => ({ guid, name }));
  const coderGuid = new Map(coders.map((c) => [c.id, c.guid]));
  // The GUIDs of the memos on each document, code and coding ("coding:12").
  const memos = new Map<string, string[]>();
  for (const m of memoRows(db)) {
    if (!m.text.trim()) continue;
    input.notes.set(m.guid, {
      guid: m.guid,
      name: `memo on ${m.target} ${m.targetId}`,
      text: m.text,
      kind: null,
      user: coderGuid.get(m.coderId) ?? null,
      created: m.createdAt,
      modified: m.updatedAt,
    });
    const key = `${m.target}:${m.targetId}`;
    memos.set(key, [...(memos.get(key) ?? []), m.guid]);
  }
  readNotes(db, input, coderGuid, memos);
  const scope = codeScope(db, {});
  input.codes = nest(scope.codes, memos);
  input.sets = [
    ...scope.groups.map((g) => ({ ...g, sourceGuids: [], noteMembers: 0 })),
    ...exchangeSets(db, everyone()).map((s) => ({
      guid: s.guid,
      name: s.name,
      description: s.description,
      exclusive: false,
      codeGuids: [],
      sourceGuids: s.memberGuids,
      noteMembers: 0,
    })),
  ];
  if (scope.misplaced) {
    const one = scope.misplaced === 1;
    input.info.push(
      `${plural(scope.misplaced, 'code')} in ${label} had lost ${one ? 'its' : 'their'} place in the code tree (that project is damaged) and ${one ? 'was' : 'were'} merged at the top level.`,
    );
  }
  const codings = db.prepare<
    [documentId: number],
    {
      id: number;
      guid: string;
      start: number;
      end: number;
      created: string;
      orphaned: number;
      code: string;
      coder: string;
    }
  >(
    `SELECT k.id, k.guid, k.start, k."end", k.created_at AS created, k.orphaned, c.guid AS code, u.guid AS coder
     FROM codings k JOIN codes c ON c.id = k.code_id JOIN coders u ON u.id = k.coder_id WHERE k.document_id = ? ORDER BY k.start, k."end", k.id`,
  );
  let orphaned = 0;
  let outside = 0;
  // Its document attributes, and each document's values of them.
  const attributes = listAttributes(db);
  input.variables = attributes.map((a) => ({ guid: a.guid, name: a.name, type: a.type, choices: a.choices }));
  const guidOf = new Map(attributes.map((a) => [a.id, a.guid]));
  const values = attributeValues(db);
  const documents = db.prepare<[], DocumentRow & { bytes: Buffer | null }>(
    `SELECT ${DOCUMENT_COLUMNS}, o.bytes FROM documents d LEFT JOIN document_originals o ON o.document_id = d.id ORDER BY d.id`,
  );
  for (const d of documents.iterate()) {
    const length = countCodePoints(d.body);
    const doc: RefiDocument = {
      guids: [d.guid],
      name: d.title ?? d.filename ?? d.guid,
      text: d.body,
      original: d.bytes ? new Uint8Array(d.bytes) : null,
      encoding: d.encoding,
      metadata: {
        title: d.title,
        source: d.source,
        author: d.author,
        published: d.published,
        url: d.url,
        language: d.language,
      },
      description: '',
      noteRefs: memos.get(`document:${d.id}`) ?? [],
      passages: [],
      warnings: notesOf(d.importNotes),
      details: d.details ? (JSON.parse(d.details) as { name: string; value: string }[]) : [],
      attributes: Object.entries(values.get(d.id) ?? {}).map(([id, value]) => ({
        variable: guidOf.get(Number(id))!,
        value,
      })),
      quire: { filename: d.filename, path: d.path, format: d.format },
    };
    for (const k of codings.all(d.id)) {
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
          codings: [
            {
              guid: k.guid,
              codeGuid: k.code,
              user: k.coder,
              created: k.created,
              noteRefs: memos.get(`coding:${k.id}`) ?? [],
            },
          ],
        });
      }
    }
    input.documents.push(doc);
  }
  // Memos on codings left out go with them, rather than being reported as loose notes.
  const used = new Set([
    ...input.documents.flatMap((d) => [
      ...d.noteRefs,
      ...d.passages.flatMap((p) => p.codings.flatMap((k) => k.noteRefs)),
    ]),
    ...codeNotes(input.codes),
  ]);
  // (A journal entry or free memo stands on its own: it goes whatever it is linked to.)
  const unused = [...input.notes.values()].filter((n) => !n.kind && !used.has(n.guid)).map((n) => n.guid);
  for (const g of unused) input.notes.delete(g);
  if (orphaned) {
    input.skipped.push(
      `${plural(orphaned, 'coding')} in ${label} had lost ${orphaned === 1 ? 'its' : 'their'} passage when a text was replaced there and ${orphaned === 1 ? 'was' : 'were'} not merged${unused.length ? ` (nor ${plural(unused.length, 'memo')} on ${orphaned === 1 ? 'it' : 'them'})` : ''}: place ${orphaned === 1 ? 'it' : 'them'} in that project first.`,
    );
  }
  // Settled disagreements are decisions about that project's codings, not carried over.
  const settled = settledCount(db).get()!;
  if (settled)
    input.skipped.push(
      `${plural(settled, 'disagreement')} settled in ${label} ${settled === 1 ? 'is' : 'are'} not merged: settle ${settled === 1 ? 'it' : 'them'} here if the codings still differ.`,
    );
  if (outside)
    input.skipped.push(
      `${plural(outside, 'coding lies', 'codings lie')} outside ${outside === 1 ? 'its' : 'their'} document's text in ${label} and ${outside === 1 ? 'was' : 'were'} not merged.`,
    );
  return input;
}

/** The codes (parents before children) as a tree, each with its memo. */
function nest(codes: readonly ScopeCode[], memos: Map<string, string[]>): RefiCode[] {
  const top: RefiCode[] = [];
  const byId = new Map<number, RefiCode>();
  for (const c of codes) {
    const code: RefiCode = {
      guid: c.guid,
      name: c.name,
      colour: c.colour,
      description: c.description,
      codable: true,
      noteRefs: memos.get(`code:${c.id}`) ?? [],
      children: [],
    };
    byId.set(c.id, code);
    (c.parentId === null ? top : byId.get(c.parentId)!.children).push(code);
  }
  return top;
}

const codeNotes = (codes: readonly RefiCode[]): string[] =>
  codes.flatMap((c) => [...c.noteRefs, ...codeNotes(c.children)]);

function notesOf(json: string | null): string[] {
  if (!json) return [];
  try {
    const notes: unknown = JSON.parse(json);
    return Array.isArray(notes) ? notes.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The journal entries and free memos of the other project (one saved before
 * Quire had them has none), each referred to by what it is linked to, as a
 * .qdpx refers to a Note: merge-plan.ts links them to the same records here.
 */
function readNotes(db: Db, input: RefiInput, coderGuid: Map<number, string>, refs: Map<string, string[]>): void {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'notes'").get()) return;
  const notes = db
    .prepare<
      [],
      {
        id: number;
        guid: string;
        kind: 'journal' | 'memo';
        title: string;
        text: string;
        coderId: number;
        created: string;
        modified: string;
      }
    >(
      'SELECT id, guid, kind, title, text, coder_id AS coderId, created_at AS created, updated_at AS modified FROM notes ORDER BY id',
    )
    .all();
  const TABLE = { document: 'documents', code: 'codes', coding: 'codings' } as const;
  const links = db.prepare<[number], { type: keyof typeof TABLE; guid: string }>(
    'SELECT target_type AS type, target_guid AS guid FROM note_links WHERE note_id = ? ORDER BY id',
  );
  for (const n of notes) {
    input.notes.set(n.guid, {
      guid: n.guid,
      name: n.title,
      text: n.text,
      kind: n.kind,
      user: coderGuid.get(n.coderId) ?? null,
      created: n.created,
      modified: n.modified,
    });
    for (const l of links.all(n.id)) {
      const id = db.prepare<[string], number>(`SELECT id FROM ${TABLE[l.type]} WHERE guid = ?`).pluck().get(l.guid);
      if (id === undefined) continue;
      // A passage that lost its place there is not merged (the reader says so), nor the link to it.
      if (l.type === 'coding' && db.prepare('SELECT orphaned FROM codings WHERE id = ?').pluck().get(id) === 1) {
        input.info.push(
          `The memo “${n.title}” is linked to a passage that lost its place there when a text was replaced; the memo is merged without that link.`,
        );
        continue;
      }
      refs.set(`${l.type}:${id}`, [...(refs.get(`${l.type}:${id}`) ?? []), n.guid]);
    }
  }
}
