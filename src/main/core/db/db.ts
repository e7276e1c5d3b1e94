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
