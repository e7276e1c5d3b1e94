// Every change to the codebook, codings and memos runs as a command: a
// transaction whose row changes (before and after images) are recorded in
// command_log. Undo puts the before images back, redo the after images, in
// the right order; the log also is the audit trail. It survives restarts.
// Imports are logged too, but as ranges of the ids they added: the log never
// copies a document's text; undo moves the rows into command_trash instead.
// Before any of them commits, the invariants of the record are checked on
// the rows it touched (one value of an exclusive group per passage and
// coder), so no path can leave a violation behind: it rolls back instead.
import { QuireError } from '../../../shared/errors.ts';
import { assertExclusive } from '../db/exclusive-rule.ts';
import { translateSqliteError, type Db } from '../db/open.ts';
import { statement, type Prepared, type Statement } from '../db/statement.ts';
import {
  firstUndone,
  historyPage,
  historyRow,
  lastDone,
  latestEntry,
  trashImages,
  type HistoryRow,
  type LoggedEntry,
} from '../db/queries/command-log.ts';
import { viewerParam, type Viewer } from '../viewer.ts';

/**
 * The tables commands may change; names are only ever taken from this list.
 * Parents come before the tables that refer to them.
 */
export const TABLES = [
  'documents',
  'document_originals',
  'coders',
  'codes',
  'code_groups',
  'code_group_members',
  'codings',
  'memos',
  'settled_disagreements',
  'attributes',
  'document_attributes',
  'document_sets',
  'document_set_members',
  'notes',
  'note_links',
] as const;
export type Table = (typeof TABLES)[number];
type Row = Record<string, unknown> & { id: number };

export interface RowChange {
  table: Table;
  id: number;
  before: Row | null;
  after: Row | null;
}

/**
 * Rows a bulk writer (an import) added, ids `from` to `to` of one table,
 * logged by range rather than by image so the log stays small however much
 * text came in. Undo moves the rows to command_trash, redo moves them back.
 */
export interface AdoptedRange {
  adopted: Table;
  from: number;
  to: number;
}

type Change = RowChange | AdoptedRange;
const isAdopted = (c: Change): c is AdoptedRange => 'adopted' in c;

/** Records the rows a command inserts, updates and deletes. */
export class ChangeSet {
  readonly changes: RowChange[] = [];
  /** Rows the command added in bulk and logs by id range, not by image (documents, whose text the log never copies). */
  readonly adopted: AdoptedRange[] = [];
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  insert(table: Table, values: Record<string, unknown>): number {
    const columns = Object.keys(values);
    const id = Number(withNames(this.db, insertSql(table, columns)).run(values).lastInsertRowid);
    this.changes.push({ table, id, before: null, after: this.read(table, id) });
    return id;
  }

  update(table: Table, id: number, values: Record<string, unknown>): void {
    const before = this.read(table, id);
    if (!before) throw new QuireError('not_found', `There is no ${table.replace(/s$/, '')} ${id}.`);
    const columns = Object.keys(values);
    if (!columns.length) return;
    withNames(this.db, updateSql(table, columns)).run({ ...values, id });
    this.changes.push({ table, id, before, after: this.read(table, id) });
  }

  delete(table: Table, id: number): void {
    const before = this.read(table, id);
    if (!before) return;
    withId(this.db, `DELETE FROM ${table} WHERE id = ?`).run(id);
    this.changes.push({ table, id, before, after: null });
  }

  /**
   * Logs rows the command inserted itself (outside insert()) by their ids, as
   * an import does with documents. Undo moves them to the trash after undoing
   * everything else the command did (redo restores them first), so they must
   * not refer to rows the command added through insert().
   */
  adopt(table: Table, ids: readonly number[]): void {
    this.adopted.push(...idRanges(table, ids));
  }

  private read(table: Table, id: number): Row | null {
    return withId(this.db, `SELECT * FROM ${table} WHERE id = ?`).get(id) ?? null;
  }
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;
const insertSql = (table: Table, columns: readonly string[]) =>
  `INSERT INTO ${table} (${columns.map(quoteId).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
const updateSql = (table: Table, columns: readonly string[]) =>
  `UPDATE ${table} SET ${columns.map((c) => `${quoteId(c)} = @${c}`).join(', ')} WHERE id = @id`;

// A command's statements name its tables and the columns of its rows: each is prepared once per connection and
// kept (preparing them on every change cost more than a coding's whole write on a long article).
const byId = new Map<string, Prepared<[number], Row>>();
const byNames = new Map<string, Prepared<Record<string, unknown>, Row>>();
/** A statement taking a row's id, prepared once per connection. */
function withId(db: Db, sql: string): Statement<[number], Row> {
  let prepared = byId.get(sql);
  if (!prepared) byId.set(sql, (prepared = statement<[number], Row>(sql)));
  return prepared(db);
}
/** A statement taking a row's values by name, prepared once per connection. */
function withNames(db: Db, sql: string): Statement<Record<string, unknown>, Row> {
  let prepared = byNames.get(sql);
  if (!prepared) byNames.set(sql, (prepared = statement<Record<string, unknown>, Row>(sql)));
  return prepared(db);
}
const newEntryStatements = {
  clearTrash: statement('DELETE FROM command_trash WHERE command_id IN (SELECT id FROM command_log WHERE undone = 1)'),
  clearUndone: statement('DELETE FROM command_log WHERE undone = 1'),
  insert: statement<[string, number | null, string, string, string]>(
    'INSERT INTO command_log (at, coder_id, command, description, changes) VALUES (?, ?, ?, ?, ?)',
  ),
};

/**
 * Runs `apply` as one command in one transaction and logs its changes. A new
 * command clears what could have been redone. A command that would break an
 * invariant of the record throws, and nothing of it is kept. The transaction
 * begins as a writer (BEGIN IMMEDIATE): a second writer waits its turn, where
 * one that read first and then wrote would fail at once (SQLITE_BUSY_SNAPSHOT).
 */
export function runCommand<T>(
  db: Db,
  coderId: number | null,
  command: string,
  description: string,
  apply: (changes: ChangeSet) => T,
): T {
  return db
    .transaction(() => {
      const changes = new ChangeSet(db);
      const result = apply(changes);
      assertExclusive(
        db,
        changes.changes.map((c) => ({ table: c.table, from: c.before, to: c.after })),
        'This change',
      );
      if (changes.changes.length || changes.adopted.length)
        newEntry(db, coderId, command, description, encodeImages([...changes.changes, ...changes.adopted]));
      return result;
    })
    .immediate();
}

/** The log entry a bulk writer last wrote, to tell whether it may still extend it. */
export interface AdoptedEntry {
  id: number;
  at: string;
  changes: string;
}

/**
 * Logs rows a bulk writer added, as ranges of ids, inside the writer's own
 * transaction (the caller keeps the returned entry only once it committed).
 * One import is one entry: each batch extends `entry` while the newest entry
 * of the log is still exactly it and not undone; otherwise (another command
 * came between, or it was undone) the batch starts a new entry.
 */
export function logAdopted(
  db: Db,
  entry: AdoptedEntry | null,
  coderId: number | null,
  command: string,
  added: readonly AdoptedRange[],
  describe: (ranges: readonly AdoptedRange[]) => string,
): AdoptedEntry | null {
  if (!added.length) return entry;
  const latest = latestEntry(db).get();
  const extend =
    entry !== null &&
    latest !== undefined &&
    latest.undone === 0 &&
    latest.id === entry.id &&
    latest.at === entry.at &&
    latest.changes === entry.changes;
  const ranges = joinRanges(extend ? (JSON.parse(entry.changes) as AdoptedRange[]) : [], added);
  const changes = encodeImages(ranges);
  if (extend) {
    db.prepare('UPDATE command_log SET changes = ?, description = ? WHERE id = ?').run(
      changes,
      describe(ranges),
      entry.id,
    );
    return { ...entry, changes };
  }
  return newEntry(db, coderId, command, describe(ranges), changes);
}

/** Ids as ranges of consecutive ids (within one batch they are all consecutive). */
export function idRanges(table: Table, ids: readonly number[]): AdoptedRange[] {
  const ranges: AdoptedRange[] = [];
  for (const id of [...ids].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && last.to + 1 === id) last.to = id;
    else ranges.push({ adopted: table, from: id, to: id });
  }
  return ranges;
}

/** Adds ranges, joining each to one of its table that it continues, so a long import stays a few ranges. */
function joinRanges(ranges: AdoptedRange[], added: readonly AdoptedRange[]): AdoptedRange[] {
  for (const r of added) {
    const before = ranges.find((c) => c.adopted === r.adopted && c.to + 1 === r.from);
    if (before) before.to = r.to;
    else ranges.push({ ...r });
  }
  return ranges;
}

/** Adds an entry to the log; a new command first clears what could have been redone, trash and all. */
function newEntry(db: Db, coderId: number | null, command: string, description: string, changes: string): AdoptedEntry {
  newEntryStatements.clearTrash(db).run();
  newEntryStatements.clearUndone(db).run();
  const at = new Date().toISOString();
  const id = Number(newEntryStatements.insert(db).run(at, coderId, command, description, changes).lastInsertRowid);
  return { id, at, changes };
}

/** Makes the project as it is the start of its history: nothing before now can be undone or redone. */
export function startHistory(db: Db): void {
  db.transaction(() => {
    db.prepare('DELETE FROM command_trash').run();
    db.prepare('DELETE FROM command_log').run();
  }).immediate();
}

export interface HistoryEntry {
  id: number;
  at: string;
  command: string;
  description: string;
  coder: string | null;
  undone: boolean;
}

/** Undoes the latest command not yet undone; null when there is none. A blind viewer undoes only their own. */
export function undo(db: Db, viewer: Viewer): HistoryEntry | null {
  return db
    .transaction(() => {
      const entry = lastDone(db).get();
      if (!entry) return null;
      refuseOthers(viewer, entry, 'undo');
      const { rows, adopted } = changesOf(entry);
      try {
        for (const change of [...rows].reverse()) put(db, change.table, change.id, change.before);
      } catch (e) {
        throw cannot('undo', entry, e);
      }
      // The log is linear, so undo returns to a state that was valid; the net proves it (and catches a project changed outside the log).
      assertExclusive(
        db,
        rows.map((c) => ({ table: c.table, from: c.after, to: c.before })),
        `Undoing “${entry.description}”`,
      );
      try {
        for (const range of [...adopted].reverse()) moveToTrash(db, entry.id, range);
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_FOREIGNKEY') throw cannot('undo', entry, e);
        throw new QuireError(
          'invalid_input',
          `Cannot undo “${entry.description}”: other things in the project (such as codings) still refer to what it added. Nothing was changed.`,
          { cause: e },
        );
      }
      db.prepare('UPDATE command_log SET undone = 1 WHERE id = ?').run(entry.id);
      return historyEntry(db, entry.id);
    })
    .immediate();
}

/** Redoes the command undone last; null when there is none. A blind viewer redoes only their own. */
export function redo(db: Db, viewer: Viewer): HistoryEntry | null {
  return db
    .transaction(() => {
      const entry = firstUndone(db).get();
      if (!entry) return null;
      refuseOthers(viewer, entry, 'redo');
      const { rows, adopted } = changesOf(entry);
      try {
        for (const range of adopted) restoreFromTrash(db, entry.id, range);
        for (const change of rows) put(db, change.table, change.id, change.after);
      } catch (e) {
        throw cannot('redo', entry, e);
      }
      assertExclusive(
        db,
        rows.map((c) => ({ table: c.table, from: c.before, to: c.after })),
        `Redoing “${entry.description}”`,
      );
      db.prepare('UPDATE command_log SET undone = 0 WHERE id = ?').run(entry.id);
      return historyEntry(db, entry.id);
    })
    .immediate();
}

/** Undo and redo follow one history; while coding blind, a step of another coder's is neither shown nor taken back. */
function refuseOthers(viewer: Viewer, entry: LoggedEntry, action: 'undo' | 'redo'): void {
  if (viewer.blind && entry.coderId !== viewer.coderId) {
    throw new QuireError(
      'blind',
      `There is nothing of yours to ${action}: the ${action === 'undo' ? 'last change' : 'next step'} in this project was made by another coder, and you code blind. Turn blind coding off to ${action} it.`,
    );
  }
}

/**
 * An entry's row changes, in order, and its adopted ranges, parents first:
 * adopted rows count as added before anything else the command did, so undo
 * removes them last and children first (never through ON DELETE CASCADE).
 */
function changesOf(entry: LoggedEntry): { rows: RowChange[]; adopted: AdoptedRange[] } {
  const changes = decodeImages<Change[]>(entry.changes);
  const adopted = changes.filter(isAdopted);
  for (const range of adopted) assertTable(range.adopted);
  adopted.sort((a, b) => TABLES.indexOf(a.adopted) - TABLES.indexOf(b.adopted));
  return { rows: changes.filter((c): c is RowChange => !isAdopted(c)), adopted };
}

/**
 * Undo and redo only fail on a constraint when the project changed outside
 * the log (the log's own order rules that out): say so in plain words; the
 * transaction leaves everything as it was.
 */
function cannot(action: 'undo' | 'redo', entry: LoggedEntry, e: unknown): unknown {
  if (((e as { code?: string }).code ?? '').startsWith('SQLITE_CONSTRAINT')) {
    return new QuireError(
      'invalid_input',
      `Cannot ${action} “${entry.description}”: the project has changed in a way that conflicts with it. Nothing was changed.`,
      { cause: e },
    );
  }
  return translateSqliteError(e);
}

const toEntry = (e: HistoryRow): HistoryEntry => ({ ...e, undone: e.undone === 1 });

/** The log as the viewer may see it (a blind coder: their own steps), newest first. */
export function history(db: Db, limit: number, viewer: Viewer): HistoryEntry[] {
  const rows = historyPage(db).all({ limit, viewer: viewerParam(viewer) });
  return rows.map(toEntry);
}

function historyEntry(db: Db, id: number): HistoryEntry {
  return toEntry(historyRow(db).get(id)!);
}

/** Makes row `id` of `table` be `image` (null: absent). */
function put(db: Db, table: Table, id: number, image: Row | null): void {
  assertTable(table);
  const exists = withId(db, `SELECT id FROM ${table} WHERE id = ?`).get(id);
  if (!image) {
    if (exists) withId(db, `DELETE FROM ${table} WHERE id = ?`).run(id);
    return;
  }
  const columns = Object.keys(image);
  withNames(db, exists ? updateSql(table, columns) : insertSql(table, columns)).run(image);
}

function assertTable(table: string): asserts table is Table {
  if (!TABLES.includes(table as Table))
    throw new QuireError('internal', `The command log names an unknown table ${table}.`);
}

/** Rows moved to or from the trash per statement: bounded memory for an import of any size. */
const TRASH_CHUNK = 500;

/** Undo of adopted rows: moves them into the command's trash (the full-text triggers drop them from the index). */
function moveToTrash(db: Db, commandId: number, { adopted: table, from, to }: AdoptedRange): void {
  const read = db.prepare<[from: number, to: number], Row>(
    `SELECT * FROM ${table} WHERE id BETWEEN ? AND ? ORDER BY id`,
  );
  const keep = db.prepare('INSERT INTO command_trash (command_id, table_name, row_id, image) VALUES (?, ?, ?, ?)');
  const remove = db.prepare(`DELETE FROM ${table} WHERE id BETWEEN ? AND ?`);
  for (let lo = from; lo <= to; lo += TRASH_CHUNK) {
    const hi = Math.min(to, lo + TRASH_CHUNK - 1);
    for (const row of read.all(lo, hi)) keep.run(commandId, table, row.id, encodeImages(row));
    remove.run(lo, hi);
  }
}

/** Redo of adopted rows: puts them back from the command's trash, with their ids, and empties it. */
function restoreFromTrash(db: Db, commandId: number, { adopted: table, from, to }: AdoptedRange): void {
  const remove = db.prepare(
    'DELETE FROM command_trash WHERE command_id = ? AND table_name = ? AND row_id BETWEEN ? AND ?',
  );
  for (let lo = from; lo <= to; lo += TRASH_CHUNK) {
    const hi = Math.min(to, lo + TRASH_CHUNK - 1);
    for (const image of trashImages(db).all(commandId, table, lo, hi)) {
      const row = decodeImages<Row>(image);
      withNames(db, insertSql(table, Object.keys(row))).run(row);
    }
    remove.run(commandId, table, lo, hi);
  }
}

/**
 * JSON for row images that keeps BLOB values (Buffers, such as an original
 * file's bytes) as {"$base64": …}, so they bind again on undo and redo.
 * Plain JSON.stringify would turn them into {type: 'Buffer', data: […]}.
 */
export function encodeImages(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, json: unknown) {
    const raw = this[key];
    return raw instanceof Uint8Array
      ? { $base64: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('base64') }
      : json;
  });
}

/** Reads what encodeImages wrote; a column value is never an object, so any object in a row is a BLOB. */
export function decodeImages<T>(json: string): T {
  return JSON.parse(json, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const v = value as { $base64?: unknown; type?: unknown; data?: unknown };
    if (typeof v.$base64 === 'string') return Buffer.from(v.$base64, 'base64');
    // Entries logged before BLOBs were encoded hold Buffer's own JSON.
    if (v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data as number[]);
    return value;
  }) as T;
}
