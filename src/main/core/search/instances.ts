// A query's hits read from the index's own list of where each word is (fts5vocab's instance table: term,
// document, column, token offset), for a concordance that places every hit of thousands of documents. The
// same hits as highlight() gives (search.ts hitsEverywhere places those): highlight() re-reads and re-cuts
// every matching document's index text to mark the words at those very offsets, which is most of the time a
// concordance takes. Used only where the two must agree:
// - the query marks every place each of its phrases is (CompiledQuery.terms: no phrase of an AND inside an OR,
//   no NEAR), and each phrase is one index word (a prefix: every word it begins);
// - the document's text, as the index counts its words (its docsize), has as many words as its word map, so the
//   word at offset k is word k of the map. A document whose counts differ is left to highlight().
import type { Span } from '../../../shared/api.ts';
import type { Db } from '../db/open.ts';
import type { NamedParams } from '../db/statement.ts';
import { wordReader, wordsInMap } from './marked-words.ts';
import type { MatchTerm } from './query-compile.ts';

/** The temporary tables that read the index: its instances, and the words of a query as its tokenizer cuts them. */
const INSTANCES = 'temp.quire_index_instances';
const QUERY_WORDS = 'quire_query_words';
const QUERY_INSTANCES = 'temp.quire_query_instances';

/** The body's column in documents_fts (title, body, source, author). */
const BODY = 1;

/** A document a query finds, with what its hits are placed by. */
export interface FoundRow {
  id: number;
  bodyMap: Uint8Array;
  /** The index's word count per column (FTS5's docsize record); null when the index has none for the document. */
  sizes: Uint8Array | null;
}

/**
 * Where the phrases' words are in the bodies of the documents `ids` (the documents a query finds, in any order),
 * as token offsets per document, in order, each once. Null when a phrase is not one word of the index (a phrase of
 * several, or none), or the index's tokenizer cannot be read: then only highlight() places the hits.
 */
export function bodyInstances(
  db: Db,
  terms: readonly MatchTerm[],
  ids: readonly number[],
): Map<number, number[]> | null {
  const searched = terms.filter((t) => t.field === null);
  const tokens = indexTokens(
    db,
    searched.map((t) => t.words),
  );
  if (!tokens) return null;
  const wanted = new Map<number, number[]>(ids.map((id) => [id, []]));
  if (searched.length) {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${INSTANCES} USING fts5vocab(main, 'documents_fts', 'instance')`);
    const exact = db.prepare<[string], { doc: number; offset: number }>(
      `SELECT doc, "offset" FROM ${INSTANCES} WHERE term = ? AND col = 'body'`,
    );
    // Every term the prefix begins: from it to it followed by the last code point (terms compare as UTF-8 bytes).
    const begun = db.prepare<[string, string], { doc: number; offset: number }>(
      `SELECT doc, "offset" FROM ${INSTANCES} WHERE term >= ? AND term <= ? AND col = 'body'`,
    );
    const seen = new Set<string>();
    searched.forEach((t, i) => {
      const token = tokens[i]!;
      const key = `${t.prefix ? '*' : '='}${token}`;
      if (seen.has(key)) return;
      seen.add(key);
      const rows = t.prefix ? begun.all(token, `${token}\u{10FFFF}`) : exact.all(token);
      for (const r of rows) wanted.get(r.doc)?.push(r.offset);
    });
  }
  // Two phrases can mark one word (a word and a prefix of it): highlight() marks it once.
  for (const [id, offsets] of wanted) {
    if (offsets.length < 2) continue;
    offsets.sort((a, b) => a - b);
    wanted.set(
      id,
      offsets.filter((o, k) => k === 0 || o !== offsets[k - 1]),
    );
  }
  return wanted;
}

/**
 * The index's term for each phrase, cut by the index's own tokenizer (and stemmer) as FTS5 cuts a query's
 * phrases: null when the tokenizer cannot be read or a phrase is not exactly one term.
 */
function indexTokens(db: Db, phrases: readonly string[]): string[] | null {
  if (!phrases.length) return [];
  const sql = db
    .prepare<[], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents_fts'")
    .pluck()
    .get();
  const tokenize = sql && /\btokenize\s*=\s*'([^']*)'/i.exec(sql)?.[1];
  if (!tokenize) return null;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${QUERY_WORDS} USING fts5(t, tokenize = '${tokenize}');
    CREATE VIRTUAL TABLE IF NOT EXISTS ${QUERY_INSTANCES} USING fts5vocab(temp, '${QUERY_WORDS}', 'instance');`);
  db.prepare(`DELETE FROM temp.${QUERY_WORDS}`).run();
  const insert = db.prepare<[number, string]>(`INSERT INTO temp.${QUERY_WORDS} (rowid, t) VALUES (?, ?)`);
  phrases.forEach((p, i) => insert.run(i, p));
  const cut = db.prepare<[], { doc: number; term: string }>(`SELECT doc, term FROM ${QUERY_INSTANCES}`).all();
  db.prepare(`DELETE FROM temp.${QUERY_WORDS}`).run();
  const terms: (string[] | undefined)[] = phrases.map(() => []);
  for (const r of cut) terms[r.doc]!.push(r.term);
  return terms.every((t) => t!.length === 1) ? terms.map((t) => t![0]!) : null;
}

/** A column's word count from FTS5's docsize record (one SQLite varint per column); null when it is not there. */
export function columnSize(sizes: Uint8Array, column: number): number | null {
  let i = 0;
  for (let c = 0; ; c++) {
    let n = 0;
    for (let k = 0; ; k++) {
      if (i >= sizes.length) return null;
      const b = sizes[i++]!;
      // The ninth byte of a varint gives all eight bits.
      if (k === 8) {
        n = n * 256 + b;
        break;
      }
      n = n * 128 + (b & 0x7f);
      if (b < 0x80) break;
    }
    if (c === column) return n;
  }
}

/**
 * A document's hits placed on its text from their token offsets (in order, each once), in code points. Null when the index counts the text's words otherwise than its word map (or the map is damaged), where
 * offsets are not word numbers: highlight() places those.
 */
export function placeInstances(row: FoundRow, offsets: readonly number[]): Span[] | null {
  const words = wordsInMap(row.bodyMap);
  if (words === null || !row.sizes || columnSize(row.sizes, BODY) !== words) return null;
  if (offsets.length && offsets.at(-1)! >= words) return null;
  const wordAt = wordReader(row.bodyMap);
  return offsets.map(wordAt);
}

/** The documents a query finds (within filters), in id order, with their word maps and word counts. */
export function foundRows(db: Db, match: string, restriction: string, params: NamedParams): FoundRow[] {
  return db
    .prepare<NamedParams, FoundRow>(
      `SELECT m.id, w.body_map AS bodyMap, s.sz AS sizes
       FROM (SELECT rowid AS id FROM documents_fts WHERE documents_fts MATCH @match ${restriction}) AS m
       JOIN document_words AS w ON w.id = m.id
       LEFT JOIN documents_fts_docsize AS s ON s.id = m.id ORDER BY m.id`,
    )
    .all({ ...params, match });
}
