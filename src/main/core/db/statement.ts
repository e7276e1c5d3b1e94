// Typed, prepared-once statements for the query modules (db/queries/). Each
// module writes its SQL once, with the parameters it binds and the row it
// gives, so callers read typed rows without casts; the statement is prepared
// the first time it runs on a connection and kept for that connection (as
// the search's hot statements were kept by hand), so no call prepares again.
import type Database from 'better-sqlite3';
import type { Db } from './db.ts';

export type Statement<Params extends unknown[] | object, Row> = Database.Statement<Params, Row>;

/** A statement as a function of the connection: `statement<[number], CodesRow>('SELECT … WHERE id = ?')(db).get(id)`. */
export type Prepared<Params extends unknown[] | object, Row> = (db: Db) => Statement<Params, Row>;

/**
 * The statement `sql`, prepared once per connection. Use it with get, all and
 * run: a statement being iterated is busy, so a loop must not use the same one
 * inside itself (prepare those with db.prepare where they are iterated).
 */
export function statement<Params extends unknown[] | object = [], Row = never>(sql: string): Prepared<Params, Row> {
  return preparedOnce(sql, false);
}

/** Like statement, for a query of one column: its rows are that column's values. */
export function values<Params extends unknown[] | object = [], Value = never>(sql: string): Prepared<Params, Value> {
  return preparedOnce(sql, true);
}

function preparedOnce<Params extends unknown[] | object, Row>(sql: string, pluck: boolean): Prepared<Params, Row> {
  const prepared = new WeakMap<Db, Statement<Params, Row>>();
  return (db) => {
    let s = prepared.get(db);
    if (!s) {
      s = db.prepare<Params, Row>(sql);
      if (pluck) s.pluck();
      prepared.set(db, s);
    }
    return s;
  };
}

/** Named parameters of a statement whose SQL is built per call (filters the user chose): db.prepare<NamedParams, Row>(sql). */
export type NamedParams = Record<string, unknown>;
