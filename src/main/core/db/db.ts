// The project's database connection as every layer names it. Its own module, so
// what open.ts opens with (backups, migrations, the search index) can name it
// without importing open.ts back.
import type Database from 'better-sqlite3';

export type Db = Database.Database;

/** How far long work on the whole file has got (a migration rebuilding an index): documents done of all. */
export interface IndexProgress {
  done: number;
  total: number;
}

/** How many calls that change records the engine has begun on each connection (writesBegun). */
const begun = new WeakMap<Db, number>();

/** Counts a call that changes records beginning on `db` (the engine, before it runs the call). */
export function writeBegins(db: Db): void {
  begun.set(db, writesBegun(db) + 1);
}

/**
 * How many calls that change records have begun on `db`: long work that gives other calls turns between its
 * transactions (an import) learns from it whether one began meanwhile, on its own connection, where SQLite's
 * data_version, which counts other connections' commits, does not tell.
 */
export function writesBegun(db: Db): number {
  return begun.get(db) ?? 0;
}
