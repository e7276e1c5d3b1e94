// Every change to the codebook, codings and memos runs as a command: a
// transaction whose row changes (before and after images) are recorded in
// command_log. Undo puts the before images back, redo the after images, in
// the right order; the log also is the audit trail. It survives restarts.
import { QuireError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';

/** The tables commands may change; names are only ever taken from this list. */
const TABLES = ['documents', 'document_originals', 'coders', 'codes', 'code_groups', 'code_group_members', 'codings', 'memos'] as const;
export type Table = (typeof TABLES)[number];
type Row = Record<string, unknown> & { id: number };

export interface RowChange {
  table: Table;
  id: number;
  before: Row | null;
  after: Row | null;
}

/** Records the rows a command inserts, updates and deletes. */
export class ChangeSet {
  readonly changes: RowChange[] = [];
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  insert(table: Table, values: Record<string, unknown>): number {
    const columns = Object.keys(values);
    const id = Number(
      this.db.prepare(`INSERT INTO ${table} (${columns.map(quoteId).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(values)
        .lastInsertRowid,
    );
    this.changes.push({ table, id, before: null, after: this.read(table, id) });
    return id;
  }

  update(table: Table, id: number, values: Record<string, unknown>): void {
    const before = this.read(table, id);
    if (!before) throw new QuireError('not_found', `There is no ${table.replace(/s$/, '')} ${id}.`);
    const columns = Object.keys(values);
    if (!columns.length) return;
    this.db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${quoteId(c)} = @${c}`).join(', ')} WHERE id = @id`).run({ ...values, id });
    this.changes.push({ table, id, before, after: this.read(table, id) });
  }

  delete(table: Table, id: number): void {
    const before = this.read(table, id);
    if (!before) return;
    this.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
    this.changes.push({ table, id, before, after: null });
  }

  private read(table: Table, id: number): Row | null {
    return (this.db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined) ?? null;
  }
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Runs `apply` as one command in one transaction and logs its changes. A new
 * command clears what could have been redone.
 */
export function runCommand<T>(db: Db, coderId: number | null, command: string, description: string, apply: (changes: ChangeSet) => T): T {
  return db.transaction(() => {
    const changes = new ChangeSet(db);
    const result = apply(changes);
    if (changes.changes.length) {
      db.prepare('DELETE FROM command_log WHERE undone = 1').run();
      db.prepare('INSERT INTO command_log (at, coder_id, command, description, changes) VALUES (?, ?, ?, ?, ?)').run(
        new Date().toISOString(),
        coderId,
        command,
        description,
        JSON.stringify(changes.changes),
      );
    }
    return result;
  })();
}

export interface HistoryEntry {
  id: number;
  at: string;
  command: string;
  description: string;
  coder: string | null;
  undone: boolean;
}

/** Undoes the latest command not yet undone; null when there is none. */
export function undo(db: Db): HistoryEntry | null {
  return db.transaction(() => {
    const entry = db.prepare('SELECT id, changes FROM command_log WHERE undone = 0 ORDER BY id DESC LIMIT 1').get() as { id: number; changes: string } | undefined;
    if (!entry) return null;
    const changes = JSON.parse(entry.changes) as RowChange[];
    for (const change of [...changes].reverse()) put(db, change.table, change.id, change.before);
    db.prepare('UPDATE command_log SET undone = 1 WHERE id = ?').run(entry.id);
    return historyEntry(db, entry.id);
  })();
}

/** Redoes the command undone last; null when there is none. */
export function redo(db: Db): HistoryEntry | null {
  return db.transaction(() => {
    const entry = db.prepare('SELECT id, changes FROM command_log WHERE undone = 1 ORDER BY id ASC LIMIT 1').get() as { id: number; changes: string } | undefined;
    if (!entry) return null;
    for (const change of JSON.parse(entry.changes) as RowChange[]) put(db, change.table, change.id, change.after);
    db.prepare('UPDATE command_log SET undone = 0 WHERE id = ?').run(entry.id);
    return historyEntry(db, entry.id);
  })();
}

/** The log, newest first. */
export function history(db: Db, limit = 100): HistoryEntry[] {
  return (
    db
      .prepare(
        `SELECT l.id, l.at, l.command, l.description, c.name AS coder, l.undone FROM command_log l
         LEFT JOIN coders c ON c.id = l.coder_id ORDER BY l.id DESC LIMIT ?`,
      )
      .all(limit) as (Omit<HistoryEntry, 'undone'> & { undone: number })[]
  ).map((e) => ({ ...e, undone: e.undone === 1 }));
}

function historyEntry(db: Db, id: number): HistoryEntry {
  return history(db, 1_000_000).find((e) => e.id === id)!;
}

/** Makes row `id` of `table` be `image` (null: absent). */
function put(db: Db, table: Table, id: number, image: Row | null): void {
  if (!TABLES.includes(table)) throw new QuireError('internal', `The command log names an unknown table ${table}.`);
  const exists = db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id);
  if (!image) {
    if (exists) db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
    return;
  }
  const columns = Object.keys(image);
  if (exists) {
    db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${quoteId(c)} = @${c}`).join(', ')} WHERE id = @id`).run(image);
  } else {
    db.prepare(`INSERT INTO ${table} (${columns.map(quoteId).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(image);
  }
}
