import type { Database } from 'better-sqlite3';
import type { MarkedText, SearchHit, SearchInput, SearchOutput, Span } from '../../../shared/api.ts';
import { countCodePoints } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';
import { dateBounds } from '../documents/dates.ts';
import { documentFilters, SUMMARY_COLUMNS, toSummary, type DocumentRow } from '../documents/documents.ts';
import { compileQuery, parseQuery } from './query.ts';
import { variantIndexFor } from './variants.ts';

type SearchOptions = (typeof SearchInput)['_output'];

/** Marks around hits in FTS5's highlight() and snippet(); stored text never holds these characters. */
const OPEN = '\u0002';
const CLOSE = '\u0003';
const SNIPPET_TOKENS = 24;
const PLAIN_SNIPPET_CHARS = 240;

/**
 * Runs a query in Quire's query language: ranked results (bm25, title above
 * text) with snippets and hit offsets in code points, a total count, the
 * spelling variants used, and how a malformed query was read.
 */
export function search(db: Db, input: SearchOptions): SearchOutput {
  const variants = variantIndexFor(db);
  const compiled = compileQuery(parseQuery(input.query), {
    resolveVariants: (term, distance) => variants.resolve(term, distance),
    allVariants: input.variants,
  });
  const given = dateBounds(input.dateFrom ?? null, input.dateTo ?? null);
  const filters = documentFilters({
    source: input.source,
    dateFrom: later(given.from, compiled.dateFrom),
    dateTo: earlier(given.to, compiled.dateTo),
  });
  const base = { expansions: compiled.expansions, warnings: compiled.warnings };
  try {
    if (compiled.match) return { ...base, ...ranked(db, compiled.match, filters, input) };
    if (compiled.exclude || filters.where.length) return { ...base, ...listed(db, compiled.exclude, filters, input) };
    return { ...base, total: 0, results: [] };
  } catch (e) {
    throw new QuireError('internal', `The search could not be run: ${(e as Error).message}`, { cause: e });
  }
}

type Filters = ReturnType<typeof documentFilters>;

function restriction(filters: Filters): string {
  return filters.where.length ? `AND rowid IN (SELECT d.id FROM documents AS d WHERE ${filters.where.join(' AND ')})` : '';
}

function ranked(db: Db, match: string, filters: Filters, input: SearchOptions) {
  const where = `documents_fts MATCH @match ${restriction(filters)}`;
  const params = { ...filters.params, match };
  const total = (db.prepare(`SELECT count(*) AS n FROM documents_fts WHERE ${where}`).get(params) as { n: number }).n;
  const page = db
    .prepare(`SELECT rowid AS id, rank FROM documents_fts WHERE ${where} ORDER BY rank LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: input.limit, offset: input.offset }) as { id: number; rank: number }[];
  const results = page.map(({ id, rank }) => hitFor(db, match, id, -rank));
  return { total, results };
}

function hitFor(db: Db, match: string, id: number, score: number): SearchHit {
  const row = statements(db).document.get(id) as DocumentRow;
  const marked = statements(db).marked.get({ match, id }) as { title: string | null; body: string; snippet: string };
  return {
    document: toSummary(row),
    score,
    snippet: parseMarked(marked.snippet),
    titleHits: marked.title ? parseMarked(marked.title).marks : [],
    hits: parseMarked(marked.body).marks,
  };
}

/** Documents by filters alone (or all but those matching an exclusion), newest first. */
function listed(db: Db, exclude: string | null, filters: Filters, input: SearchOptions) {
  const where = [...filters.where];
  if (exclude) where.push('d.id NOT IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @exclude)');
  const clause = `WHERE ${where.join(' AND ')}`;
  const params = { ...filters.params, ...(exclude ? { exclude } : {}) };
  const total = (db.prepare(`SELECT count(*) AS n FROM documents AS d ${clause}`).get(params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS}, substr(d.body, 1, ${PLAIN_SNIPPET_CHARS}) AS opening FROM documents AS d ${clause}
       ORDER BY coalesce(d.published, '') DESC, d.id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: input.limit, offset: input.offset }) as (DocumentRow & { opening: string })[];
  const results: SearchHit[] = rows.map((row) => ({
    document: toSummary(row),
    score: 0,
    snippet: { text: row.opening.length < PLAIN_SNIPPET_CHARS ? row.opening : `${row.opening}…`, marks: [] },
    titleHits: [],
    hits: [],
  }));
  return { total, results };
}

/** Text with OPEN/CLOSE marks → the plain text and the marked spans in code points. */
export function parseMarked(s: string): MarkedText {
  const marks: Span[] = [];
  let text = '';
  let position = 0;
  let start = -1;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== OPEN && c !== CLOSE) continue;
    const segment = s.slice(from, i);
    text += segment;
    position += countCodePoints(segment);
    from = i + 1;
    if (c === OPEN) start = position;
    else if (start >= 0) {
      if (position > start) marks.push([start, position]);
      start = -1;
    }
  }
  text += s.slice(from);
  return { text, marks };
}

function later(a: string | null, b: string | null): string | null {
  return a && b ? (a > b ? a : b) : (a ?? b);
}
function earlier(a: string | null, b: string | null): string | null {
  return a && b ? (a < b ? a : b) : (a ?? b);
}

const cache = new WeakMap<Db, ReturnType<typeof prepare>>();
function statements(db: Db) {
  let s = cache.get(db);
  if (!s) cache.set(db, (s = prepare(db)));
  return s;
}
// better-sqlite3 binds JS numbers as REAL, and FTS5 ignores a REAL rowid
// equality (it returns every match): the CAST keeps `rowid = @id` effective.
function prepare(db: Database) {
  return {
    document: db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents AS d WHERE d.id = ?`),
    marked: db.prepare(
      `SELECT highlight(documents_fts, 0, char(2), char(3)) AS title, highlight(documents_fts, 1, char(2), char(3)) AS body,
         snippet(documents_fts, 1, char(2), char(3), '…', ${SNIPPET_TOKENS}) AS snippet
       FROM documents_fts WHERE documents_fts MATCH @match AND rowid = CAST(@id AS INTEGER)`,
    ),
  };
}
