import { attributeNamed, checkedValue, listAttributes } from '../documents/attributes.ts';
import type { AttributeCondition, SetCondition } from './query-parse.ts';
import type {
  FindInDocumentInput,
  FindInDocumentOutput,
  MarkedText,
  SearchHit,
  SearchInput,
  SearchOutput,
  Span,
} from '../../../shared/api.ts';
import { countCodePoints, spansToUtf16 } from '../../../shared/codepoints.ts';
import { clip } from '../../../shared/text.ts';
import { QuireError } from '../../../shared/errors.ts';
import { translateSqliteError } from '../db/errors.ts';
import type { Db } from '../db/open.ts';
import { documentSummary } from '../db/queries/documents.ts';
import { statement, values, type NamedParams } from '../db/statement.ts';
import { dateBounds } from '../documents/dates.ts';
import { documentFilters, SUMMARY_COLUMNS, toSummary, type DocumentRow } from '../documents/documents.ts';
import { viewerParam, type Viewer } from '../viewer.ts';
import { compileQuery, parseQuery, type Phrase } from './query.ts';
import { variantIndexFor } from './variants.ts';
import { decodeWordMap } from './words.ts';
import { placeMarkedWords } from './marked-words.ts';
import { bodyInstances, foundRows, placeInstances } from './instances.ts';

type SearchOptions = (typeof SearchInput)['_output'];
type FindOptions = (typeof FindInDocumentInput)['_output'];

/** Marks around hits in FTS5's highlight() and snippet(); stored text never holds these characters. */
const OPEN = '\u0002';
const CLOSE = '\u0003';
const SNIPPET_CHARS = 200;
const PLAIN_SNIPPET_CHARS = 240;

/** A query's attr: filters as attribute ids and values as stored; an unknown attribute or an impossible value is said. */
function attributeConditions(
  db: Db,
  conditions: readonly AttributeCondition[],
): { filters: { id: number; value: string }[]; warnings: string[]; none: boolean } {
  const filters: { id: number; value: string }[] = [];
  const warnings: string[] = [];
  let none = false;
  for (const c of conditions) {
    const attribute = attributeNamed(db, c.name);
    if (!attribute) {
      const names = listAttributes(db).map((a) => `"${a.name}"`);
      warnings.push(
        `Nothing matches "${c.raw}": there is no attribute called "${c.name}" (${names.length ? `the attributes are ${names.join(', ')}` : 'the project has no attributes'}).`,
      );
      none = true;
      continue;
    }
    const checked = checkedValue(attribute, c.value);
    if ('error' in checked) {
      warnings.push(`Nothing matches "${c.raw}": ${checked.error}`);
      none = true;
      continue;
    }
    filters.push({ id: attribute.id, value: checked.value });
  }
  return { filters, warnings, none };
}

/**
 * How a search reads document sets (its set: filters and the set chosen beside it) as their members now: given by
 * documents/sets.ts (setScopes), whose saved sets run a search in turn, so search never imports it. A search given none
 * takes no set filters.
 */
export type SetScopes = (
  db: Db,
  conditions: readonly SetCondition[],
  chosen: number | undefined,
  viewer: Viewer,
) => { within: number[][]; warnings: string[]; none: boolean };

const noSets: SetScopes = (_db, conditions, chosen) => {
  if (conditions.length || chosen !== undefined)
    throw new QuireError('internal', 'This search cannot read document sets.');
  return { within: [], warnings: [], none: false };
};

/** How many of a query's newest hits a quick search ranks, and estimates its total from. */
export const RANK_WINDOW = 2000;

/**
 * How much work a quick search takes on at once. `window`: how many of a query's newest hits it ranks (RANK_WINDOW).
 * `counted`: how many documents ranking may have to count before a search asked with `rankLater` lists the newest
 * hits unranked instead. FTS5's bm25 counts the documents of every phrase of the query over the whole index, each
 * search, about 0.05–0.12 µs a document on the machines we measure: 250,000 of them cost 12–30 ms, and the most
 * common word of a million articles (918,000) 100 ms and more.
 */
export interface SearchLimits {
  window: number;
  counted: number;
}
export const SEARCH_LIMITS: SearchLimits = { window: RANK_WINDOW, counted: 250_000 };

/**
 * Runs a query in Quire's query language: ranked results (bm25, title above
 * text) with snippets and hit offsets in code points, a total count, the
 * spelling variants used, and how a malformed query was read. The documents'
 * coding counts are those the viewer may see.
 */
export function search(
  db: Db,
  input: SearchOptions,
  viewer: Viewer,
  setScopes: SetScopes = noSets,
  limits: SearchLimits = SEARCH_LIMITS,
): SearchOutput {
  const compiled = compile(db, input.query, input.variants);
  const given = dateBounds(input.dateFrom ?? null, input.dateTo ?? null);
  const attributes = attributeConditions(db, compiled.attributes);
  const sets = setScopes(db, compiled.sets, input.setId, viewer);
  const filters = documentFilters({
    source: input.source,
    attribute: input.attribute,
    attributes: attributes.filters,
    within: sets.within,
    dateFrom: later(given.from, compiled.dateFrom),
    dateTo: earlier(given.to, compiled.dateTo),
  });
  const base = {
    expansions: compiled.expansions,
    warnings: [...compiled.warnings, ...attributes.warnings, ...sets.warnings],
  };
  // An attribute, value or set the project does not have matches nothing: said, never dropped (that would widen the search).
  if (attributes.none || sets.none) return { ...base, total: 0, results: [] };
  try {
    if (compiled.match) {
      const unranked = input.quick && input.rankLater ? rankingCounts(db, compiled.phrases, limits) : null;
      const found =
        (unranked && newestFirst(db, compiled.match, filters, input, viewer, limits.window, unranked)) ||
        (input.quick && quickRanked(db, compiled.match, filters, input, viewer, limits.window)) ||
        ranked(db, compiled.match, filters, input, viewer);
      const { total, results, quick } = found;
      return {
        ...base,
        total,
        results,
        warnings: [...base.warnings, ...found.warnings],
        ...(quick ? { quick } : {}),
        ...(unranked ? { unranked } : {}),
      };
    }
    if (compiled.exclude || filters.where.length)
      return { ...base, ...listed(db, compiled.exclude, filters, input, viewer) };
    return { ...base, total: 0, results: [] };
  } catch (e) {
    // A damaged file or search index is said as such (with what to do), not as an internal error.
    const said = translateSqliteError(e, db.name);
    if (said instanceof QuireError) throw said;
    throw new QuireError('internal', `The search could not be run: ${(e as Error).message}`, { cause: e });
  }
}

/** Every document a query finds (not a page of them), by id in the project's order, with how the query was read. */
export function searchIds(
  db: Db,
  input: Omit<SearchInput, 'offset' | 'limit'>,
  viewer: Viewer,
  setScopes: SetScopes = noSets,
): { ids: number[]; warnings: string[] } {
  const ids: number[] = [];
  let warnings: string[];
  for (let offset = 0; ; offset += 500) {
    // Every hit, so never a quick look.
    const page = search(
      db,
      { ...input, variants: input.variants ?? false, offset, limit: 500, quick: false, rankLater: false },
      viewer,
      setScopes,
    );
    ids.push(...page.results.map((r) => r.document.id));
    warnings = page.warnings;
    if (offset + 500 >= page.total) break;
  }
  return { ids: ids.sort((a, b) => a - b), warnings };
}

function compile(db: Db, query: string, allVariants: boolean) {
  const variants = variantIndexFor(db);
  return compileQuery(parseQuery(query), {
    resolveVariants: (term, distance) => variants.resolve(term, distance),
    allVariants,
  });
}

/** Where a query matches in one document, for the reader to highlight (any document, not just a result page). */
export function findInDocument(db: Db, input: FindOptions): FindInDocumentOutput {
  const { match } = compile(db, input.query, input.variants);
  if (!match) return { titleHits: [], hits: [] };
  // better-sqlite3 binds JS numbers as REAL, and FTS5 ignores a REAL rowid equality: hence the CAST.
  const row = db
    .prepare<{ match: string; id: number }, { title: string | null; body: string }>(
      `SELECT highlight(documents_fts, 0, char(2), char(3)) AS title, highlight(documents_fts, 1, char(2), char(3)) AS body
       FROM documents_fts WHERE documents_fts MATCH @match AND rowid = CAST(@id AS INTEGER)`,
    )
    .get({ match, id: input.id });
  if (!row) return { titleHits: [], hits: [] };
  const placed = placeHits(db, input.id, row);
  if (!placed) return { titleHits: [], hits: [], warning: unplacedWarning([storedText(db, input.id).title]) };
  return { titleHits: placed.title?.marks ?? [], hits: placed.body.marks };
}

/**
 * A result's hits placed on its stored title and text, by their word maps
 * (words.ts). Null when the index text and its map disagree (the file was
 * damaged or changed by hand): hits are then not placed at all rather than
 * placed on the wrong words.
 */
function placeHits(
  db: Db,
  id: number,
  marked: { title: string | null; body: string },
): { title: ParsedMarks | null; body: ParsedMarks } | null {
  const stored = storedText(db, id);
  const body = placeMarks(marked.body, stored.bodyMap, stored.body);
  const title =
    marked.title !== null && stored.title !== null && stored.titleMap
      ? placeMarks(marked.title, stored.titleMap, stored.title)
      : null;
  if (!body || (marked.title !== null && !title)) return null;
  return { title, body };
}

function unplacedWarning(titles: (string | null)[]): string {
  const named = titles.map((t) => `“${clip(t ?? 'untitled', 60)}”`).join(', ');
  return (
    `Where the words were found in ${named} cannot be shown: ${titles.length === 1 ? 'its' : 'their'} search index does not match the text. ` +
    'Check the project with repair (quire check --repair) to make it anew.'
  );
}

interface StoredText {
  title: string | null;
  body: string;
  titleMap: Uint8Array | null;
  bodyMap: Uint8Array;
}
const storedTexts = statement<[number], StoredText>(
  'SELECT d.title, d.body, w.title_map AS titleMap, w.body_map AS bodyMap FROM documents AS d JOIN document_words AS w ON w.id = d.id WHERE d.id = ?',
);
/** The stored text of a document the index matched: it is there, as the index is kept with the documents. */
function storedText(db: Db, id: number): StoredText {
  return storedTexts(db).get(id)!;
}

type Filters = ReturnType<typeof documentFilters>;

function restriction(filters: Filters): string {
  return filters.where.length
    ? `AND rowid IN (SELECT d.id FROM documents AS d WHERE ${filters.where.join(' AND ')})`
    : '';
}

/**
 * One statement gives the page with its highlights: FTS5 sorts the matches by
 * rank itself, so highlight() runs only for the rows of the page, without
 * matching the query again per row. The snippet is cut from that highlight.
 */
function ranked(db: Db, match: string, filters: Filters, input: SearchOptions, viewer: Viewer) {
  const where = `documents_fts MATCH @match ${restriction(filters)}`;
  const params = { ...filters.params, match };
  const total = db
    .prepare<NamedParams, { n: number }>(`SELECT count(*) AS n FROM documents_fts WHERE ${where}`)
    .get(params)!.n;
  const page = db
    .prepare<NamedParams, PageRow>(
      `SELECT rowid AS id, rank, highlight(documents_fts, 0, char(2), char(3)) AS title,
         highlight(documents_fts, 1, char(2), char(3)) AS body
       FROM documents_fts WHERE ${where} ORDER BY rank LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: input.limit, offset: input.offset });
  return { total, ...hitsOf(db, page, viewer), quick: undefined };
}

/**
 * A quick first look at a query with more hits than the window: its newest
 * hits (cheap: FTS5 walks the matches in rowid order and stops) ranked among
 * themselves by the very scores a full ranking gives them (bm25 takes its
 * statistics from the whole index), highlights made for the page's rows only,
 * and the total estimated. Null when the query has no more hits than the
 * window: ranking them all is as cheap then, and exact.
 */
function quickRanked(db: Db, match: string, filters: Filters, input: SearchOptions, viewer: Viewer, window: number) {
  const where = `documents_fts MATCH @match ${restriction(filters)}`;
  const params = { ...filters.params, match };
  // First whether there are more hits than the window, by rowid alone (no scores): a query with fewer is ranked once, exactly.
  const beyond = db
    .prepare<NamedParams, number>(
      `SELECT rowid FROM documents_fts WHERE ${where} ORDER BY rowid DESC LIMIT 1 OFFSET @window`,
    )
    .pluck()
    .get({ ...params, window });
  if (beyond === undefined) return null;
  const newest = db
    .prepare<NamedParams, { id: number; rank: number }>(
      `SELECT rowid AS id, rank FROM documents_fts WHERE ${where} AND rowid > CAST(@beyond AS INTEGER) ORDER BY rowid DESC`,
    )
    .all({ ...params, beyond });
  const oldest = newest.at(-1)!.id;
  const page = newest.sort((a, b) => a.rank - b.rank || a.id - b.id).slice(input.offset, input.offset + input.limit);
  // The page's highlights in one statement that walks the window's matches from the page's first rowid to its last
  // (cheap) and highlights only the page's rows: looking each row up by rowid costs five to ten times more.
  const ids = page.map((row) => row.id);
  const highlights = new Map(
    db
      .prepare<
        { match: string; first: number; last: number; ids: string },
        { id: number; title: string | null; body: string }
      >(
        `SELECT rowid AS id, highlight(documents_fts, 0, char(2), char(3)) AS title, highlight(documents_fts, 1, char(2), char(3)) AS body
         FROM documents_fts WHERE documents_fts MATCH @match AND rowid BETWEEN CAST(@first AS INTEGER) AND CAST(@last AS INTEGER)
           AND +rowid IN (SELECT value FROM json_each(@ids))`,
      )
      .all({ match, first: Math.min(...ids), last: Math.max(...ids), ids: JSON.stringify(ids) })
      .map((row) => [row.id, row]),
  );
  const rows = page.map((row): PageRow => ({ ...highlights.get(row.id)!, rank: row.rank }));
  return {
    total: estimatedTotal(db, filters, oldest, window),
    ...hitsOf(db, rows, viewer),
    quick: { rankedAmong: window },
  };
}

/**
 * The documents ranking a query would count (see SearchLimits), when they are more than `limits.counted`: the
 * phrases found in more documents than the window, commonest first, each with about how many documents hold it;
 * null when ranking is cheap. Each such phrase is told by how densely its window of newest documents lies among the
 * project's newest, as a quick search's total is (a fraction of a millisecond each: FTS5 walks a phrase's matches
 * from the newest and stops).
 */
function rankingCounts(db: Db, phrases: Phrase[], limits: SearchLimits): Unranked | null {
  const ids = idRange(db).get()!;
  const common: Unranked['words'] = [];
  for (const phrase of phrases) {
    const beyond = phraseProbe(db).get({ match: phrase.expression, probe: limits.window });
    if (beyond !== undefined)
      common.push({
        text: phrase.shown,
        documents: Math.round((limits.window * (ids.last - ids.first + 1)) / (ids.last - beyond)),
      });
  }
  if (common.reduce((sum, p) => sum + p.documents, 0) <= limits.counted) return null;
  return {
    words: common.sort((a, b) => b.documents - a.documents).map((p) => ({ ...p, documents: rounded(p.documents) })),
  };
}
type Unranked = NonNullable<SearchOutput['unranked']>;
const phraseProbe = values<{ match: string; probe: number }, number>(
  'SELECT rowid FROM documents_fts WHERE documents_fts MATCH @match ORDER BY rowid DESC LIMIT 1 OFFSET @probe',
);

/**
 * A first look that ranks nothing, for a query whose ranking would count too many documents (rankingCounts): its
 * newest hits, newest first, highlights made for the page's rows only, the total estimated as a quick search's is
 * when there are more hits than the window (and counted when not: there are few then). Scores are 0.
 */
function newestFirst(
  db: Db,
  match: string,
  filters: Filters,
  input: SearchOptions,
  viewer: Viewer,
  window: number,
  unranked: Unranked,
) {
  const where = `documents_fts MATCH @match ${restriction(filters)}`;
  const params = { ...filters.params, match };
  const [oldest, beyond] = db
    .prepare<NamedParams, number>(
      `SELECT rowid FROM documents_fts WHERE ${where} ORDER BY rowid DESC LIMIT 2 OFFSET @skip`,
    )
    .pluck()
    .all({ ...params, skip: window - 1 });
  const total =
    beyond !== undefined
      ? estimatedTotal(db, filters, oldest!, window)
      : db.prepare<NamedParams, number>(`SELECT count(*) FROM documents_fts WHERE ${where}`).pluck().get(params)!;
  const page = db
    .prepare<NamedParams, PageRow>(
      `SELECT rowid AS id, 0 AS rank, highlight(documents_fts, 0, char(2), char(3)) AS title,
         highlight(documents_fts, 1, char(2), char(3)) AS body
       FROM documents_fts WHERE ${where} ORDER BY rowid DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: input.limit, offset: input.offset });
  return {
    total,
    ...hitsOf(db, page, viewer),
    quick: beyond !== undefined ? { rankedAmong: window } : undefined,
    unranked,
  };
}

/**
 * About how many documents a query finds, knowing that `hits` of them are the
 * documents it finds from document `from` on: as many per document in the rest
 * of the project (within the filters) as there. Without filters the documents
 * are told by their ids (dense but for deletions), as counting rows would read
 * the whole table. Rounded to three figures, as the number is an estimate;
 * never fewer than the hits seen.
 */
function estimatedTotal(db: Db, filters: Filters, from: number, hits: number): number {
  const counted = (conditions: string[]) =>
    db
      .prepare<NamedParams, number>(`SELECT count(*) FROM documents AS d WHERE ${conditions.join(' AND ')}`)
      .pluck()
      .get({ ...filters.params, from })!;
  const ids = idRange(db).get()!;
  const [all, recent] = filters.where.length
    ? [counted(filters.where), counted([...filters.where, 'd.id >= @from'])]
    : [ids.last - ids.first + 1, ids.last - from + 1];
  const estimate = Math.min(all, Math.round((hits * all) / Math.max(recent, 1)));
  return Math.max(hits + 1, rounded(estimate));
}

/** An estimate rounded to three figures. */
function rounded(estimate: number): number {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(estimate, 1))) - 2);
  return Math.round(estimate / unit) * unit;
}
const idRange = statement<[], { first: number; last: number }>(
  'SELECT (SELECT min(id) FROM documents) AS first, (SELECT max(id) FROM documents) AS last',
);

interface PageRow {
  id: number;
  rank: number;
  title: string | null;
  body: string;
}

/** A page of ranked index rows as results: each document's summary as the viewer sees it, its snippet and its hits placed. */
function hitsOf(db: Db, page: PageRow[], viewer: Viewer) {
  const document = documentSummary(db);
  const unplaced: (string | null)[] = [];
  const results = page.map((row): SearchHit => {
    const summary = toSummary(document.get({ id: row.id, viewer: viewerParam(viewer) })!);
    const placed = placeHits(db, row.id, row);
    if (!placed) unplaced.push(storedText(db, row.id).title);
    const body = placed?.body ?? { text: storedText(db, row.id).body, marks: [], units: [] as Span[] };
    return {
      document: summary,
      score: -row.rank || 0, // not -0 for an unranked row
      snippet: snippetOf(body),
      titleHits: placed?.title?.marks ?? [],
      hits: body.marks,
    };
  });
  return { results, warnings: unplaced.length ? [unplacedWarning(unplaced)] : [] };
}

/** Documents by filters alone (or all but those matching an exclusion), newest first. */
function listed(db: Db, exclude: string | null, filters: Filters, input: SearchOptions, viewer: Viewer) {
  const where = [...filters.where];
  if (exclude) where.push('d.id NOT IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH @exclude)');
  const clause = `WHERE ${where.join(' AND ')}`;
  const params = { ...filters.params, ...(exclude ? { exclude } : {}) };
  const total = db
    .prepare<NamedParams, { n: number }>(`SELECT count(*) AS n FROM documents AS d ${clause}`)
    .get(params)!.n;
  const rows = db
    .prepare<NamedParams, DocumentRow & { opening: string }>(
      `SELECT ${SUMMARY_COLUMNS}, substr(d.body, 1, ${PLAIN_SNIPPET_CHARS}) AS opening FROM documents AS d ${clause}
       ORDER BY coalesce(d.published, '') DESC, d.id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: input.limit, offset: input.offset, viewer: viewerParam(viewer) });
  const results: SearchHit[] = rows.map((row) => ({
    document: toSummary(row),
    score: 0,
    snippet: { text: row.opening.length < PLAIN_SNIPPET_CHARS ? row.opening : `${row.opening}…`, marks: [] },
    titleHits: [],
    hits: [],
  }));
  return { total, results };
}

/** Marked text that also knows its marks in UTF-16 units, to cut snippets without re-counting. */
interface ParsedMarks extends MarkedText {
  units: Span[];
}

/**
 * Hits marked (OPEN/CLOSE) in an index text, placed on the stored text it was
 * made of: a mark covers whole index words, the word map says where word k of
 * the index text is in the stored text, and the mark covers the stored text
 * from its first word's start to its last word's end. Null when the index
 * text and the map do not have the same words.
 */
export function placeMarks(marked: string, map: Uint8Array, stored: string): ParsedMarks | null {
  const words = decodeWordMap(map);
  const pieces = marked ? marked.split(' ') : [];
  if (!words || pieces.length !== words.length) return null;
  const marks: Span[] = [];
  let first = -1;
  for (let k = 0; k < pieces.length; k++) {
    const piece = pieces[k]!;
    if (piece.startsWith(OPEN)) first = k;
    if (piece.endsWith(CLOSE) && first >= 0) {
      marks.push([words[first]![0], words[k]![1]]);
      first = -1;
    }
  }
  return { text: stored, marks, units: spansToUtf16(stored, marks) };
}

/**
 * About SNIPPET_CHARS of text around the densest run of hits, cut at spaces,
 * with an ellipsis where text was left out; marks relative to the snippet.
 */
export function snippetOf({ text, units }: ParsedMarks): MarkedText {
  if (!units.length) {
    const cut = text.length > PLAIN_SNIPPET_CHARS ? text.lastIndexOf(' ', PLAIN_SNIPPET_CHARS) : text.length;
    return { text: text.slice(0, cut > 0 ? cut : PLAIN_SNIPPET_CHARS) + (cut < text.length ? '…' : ''), marks: [] };
  }
  let best = 0;
  let bestCount = 0;
  for (let i = 0, j = 0; i < units.length; i++) {
    while (j < units.length && units[j]![1] <= units[i]![0] + SNIPPET_CHARS) j++;
    if (j - i > bestCount) [best, bestCount] = [i, j - i];
  }
  const first = units[best]!;
  let start = Math.max(0, first[0] - SNIPPET_CHARS / 4);
  let end = Math.min(text.length, start + SNIPPET_CHARS);
  if (start > 0) start = Math.min(first[0], text.indexOf(' ', start) + 1 || first[0]);
  if (end < text.length) end = Math.max(units[best + bestCount - 1]![1], text.lastIndexOf(' ', end));
  const prefix = start > 0 ? '…' : '';
  const body = text.slice(start, end);
  const offset = countCodePoints(prefix);
  const marks: Span[] = [];
  for (const [a, b] of units) {
    if (a < start || b > end) continue;
    const s = offset + countCodePoints(text.slice(start, a));
    marks.push([s, s + countCodePoints(text.slice(a, b))]);
  }
  return { text: prefix + body + (end < text.length ? '…' : ''), marks };
}

function later(a: string | null, b: string | null): string | null {
  return a && b ? (a > b ? a : b) : (a ?? b);
}
function earlier(a: string | null, b: string | null): string | null {
  return a && b ? (a < b ? a : b) : (a ?? b);
}

/** A document's hits for a concordance (code points). */
export interface DocumentHits {
  id: number;
  hits: Span[];
}

/**
 * Every hit of a query in the text of every document it matches (within the
 * input's filters), placed on the stored text as search places them: the same
 * hits search and the reader show. For a concordance, which needs them all
 * rather than a ranked page. Documents whose index does not match their text
 * are counted in `unplaced`, not guessed at. The hits are read from the
 * index's instances where they are sure to be those highlight() marks
 * (instances.ts), else from highlight() as search marks them; `via` makes
 * every document go by highlight(), to compare the two.
 */
export function hitsEverywhere(
  db: Db,
  input: { query: string; variants: boolean; attribute?: { id: number; value: string | null }; setId?: number },
  viewer: Viewer,
  setScopes: SetScopes = noSets,
  via: 'instances' | 'highlight' = 'instances',
): {
  documents: DocumentHits[];
  warnings: string[];
  unplaced: (string | null)[];
  exclusionOnly: boolean;
} {
  const compiled = compile(db, input.query, input.variants);
  const attributes = attributeConditions(db, compiled.attributes);
  const sets = setScopes(db, compiled.sets, input.setId, viewer);
  const filters = documentFilters({
    attribute: input.attribute,
    attributes: attributes.filters,
    within: sets.within,
    dateFrom: compiled.dateFrom,
    dateTo: compiled.dateTo,
  });
  const warnings = [...compiled.warnings, ...attributes.warnings, ...sets.warnings];
  const match = compiled.match;
  if (attributes.none || sets.none || !match)
    return { documents: [], warnings, unplaced: [], exclusionOnly: !match && !!compiled.exclude };
  // Each document's hits, or null where they cannot be placed (with its title, to say which).
  const placed = new Map<number, { title: string | null; hits: Span[] | null }>();
  let rest: number[] | null = null;
  if (via === 'instances' && compiled.terms) {
    const rows = foundRows(db, match, restriction(filters), filters.params);
    const offsets = bodyInstances(
      db,
      compiled.terms,
      rows.map((r) => r.id),
    );
    if (offsets) {
      rest = [];
      for (const row of rows) {
        const hits = placeInstances(row, offsets.get(row.id)!);
        if (hits) placed.set(row.id, { title: null, hits });
        else rest.push(row.id);
      }
    }
  }
  // The others by highlight(), with their texts and word maps in the one statement (not read again per document).
  // (The marks in UTF-16 units placeMarkedWords also gives are not needed: the concordance counts in the text around each hit.)
  if (rest === null || rest.length) {
    const only = rest ? `AND rowid IN (SELECT value FROM json_each(@only))` : restriction(filters);
    const rows = db
      .prepare<NamedParams, { id: number; marked: string } & StoredText>(
        `SELECT m.id, m.marked, d.title, d.body, w.title_map AS titleMap, w.body_map AS bodyMap
         FROM (SELECT rowid AS id, highlight(documents_fts, 1, char(2), char(3)) AS marked FROM documents_fts WHERE documents_fts MATCH @match ${only}) AS m
         JOIN documents AS d ON d.id = m.id JOIN document_words AS w ON w.id = m.id ORDER BY m.id`,
      )
      .all(rest ? { match, only: JSON.stringify(rest) } : { ...filters.params, match });
    for (const row of rows)
      placed.set(row.id, {
        title: row.title,
        hits: placeMarkedWords(row.marked, row.bodyMap, row.body)?.marks ?? null,
      });
  }
  const documents: DocumentHits[] = [];
  const unplaced: (string | null)[] = [];
  for (const id of [...placed.keys()].sort((a, b) => a - b)) {
    const { title, hits } = placed.get(id)!;
    if (!hits) unplaced.push(title);
    else if (hits.length) documents.push({ id, hits });
  }
  if (unplaced.length) warnings.push(unplacedWarning(unplaced));
  return { documents, warnings, unplaced, exclusionOnly: false };
}
