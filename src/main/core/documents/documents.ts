import { QuireError } from '../../../shared/errors.ts';
import { clip } from '../../../shared/text.ts';
import { DERIVED_TITLE_OPENING, derivedTitle } from '../corpus/metadata.ts';
import {
  ListDocumentsInput,
  type Contract,
  type DocumentDetail,
  type DocumentSummary,
  type ListDocumentsOutput,
  type ProjectInfo,
} from '../../../shared/api.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { viewerParam, visible, type Viewer } from '../viewer.ts';
import { dateBounds } from './dates.ts';

type ListOptions = (typeof ListDocumentsInput)['_output'];

export interface DocumentRow {
  id: number;
  guid: string;
  title: string | null;
  source: string | null;
  author: string | null;
  published: string | null;
  filename: string | null;
  char_count: number;
  imported_at: string;
  coding_count: number;
  /** The opening of the text, read only for a document without a title (to derive one). */
  title_opening: string | null;
}

/**
 * Whether a document (on `documents AS alias`) is called by a title derived from its text: it has no title, and its name
 * is a file's, not one a person gave it in another QDA program (a REFI-QDA source's name is kept as its name).
 */
const NEEDS_DERIVED_TITLE = (alias: string) => `${alias}.title IS NULL AND ${alias}.format != 'qdpx'`;

/**
 * Columns for a DocumentSummary, for queries that join `documents AS d`; its coding count is the viewer's, so they bind @viewer (viewerParam).
 * A document without a title brings the opening of its text, from which its title is derived (never the whole text: a list of
 * 100,000 documents reads a few hundred characters of each untitled one it shows).
 */
export const SUMMARY_COLUMNS =
  'd.id, d.guid, d.title, d.source, d.author, d.published, d.filename, d.char_count, d.imported_at, ' +
  `CASE WHEN ${NEEDS_DERIVED_TITLE('d')} THEN substr(d.body, 1, ${DERIVED_TITLE_OPENING}) END AS title_opening, ` +
  `(SELECT count(*) FROM codings k WHERE k.document_id = d.id AND k.orphaned = 0 AND ${visible('k')}) AS coding_count`;

export function toSummary(row: DocumentRow): DocumentSummary {
  const derived = row.title ? null : derivedTitle(row.title_opening ?? '');
  return {
    id: row.id,
    guid: row.guid,
    title: row.title,
    displayTitle: row.title || derived || row.filename || `Document ${row.id}`,
    titleDerived: derived !== null,
    source: row.source,
    author: row.author,
    published: row.published,
    filename: row.filename,
    charCount: row.char_count,
    importedAt: row.imported_at,
    codingCount: row.coding_count,
  };
}

/** SQL conditions (on `documents AS d`) for the source and date filters shared by listing and search. */
export function documentFilters(filter: {
  text?: string | null;
  source?: string | null;
  dateFrom?: string | null;
  dateTo?: string | null;
  attribute?: { id: number; value: string | null };
  /** More attribute filters, all to be met (a query's attr:). */
  attributes?: readonly { id: number; value: string | null }[];
  /** Lists of document ids (document sets' members), a document to be in each. */
  within?: readonly (readonly number[])[];
}) {
  const where: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.text?.trim()) {
    where.push(
      `(d.title LIKE @text ESCAPE '\\' OR d.filename LIKE @text ESCAPE '\\' OR d.source LIKE @text ESCAPE '\\' OR d.author LIKE @text ESCAPE '\\')`,
    );
    params.text = `%${filter.text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (filter.source) {
    where.push('d.source = @source COLLATE NOCASE');
    params.source = filter.source;
  }
  for (const [i, a] of [...(filter.attribute ? [filter.attribute] : []), ...(filter.attributes ?? [])].entries()) {
    params[`filterAttribute${i}`] = a.id;
    if (a.value === null) where.push(`NOT EXISTS (SELECT 1 FROM document_attributes fa WHERE fa.document_id = d.id AND fa.attribute_id = @filterAttribute${i})`);
    else {
      where.push(`EXISTS (SELECT 1 FROM document_attributes fa WHERE fa.document_id = d.id AND fa.attribute_id = @filterAttribute${i} AND fa.value = @filterValue${i})`);
      params[`filterValue${i}`] = a.value;
    }
  }
  for (const [i, ids] of (filter.within ?? []).entries()) {
    where.push(`d.id IN (SELECT value FROM json_each(@within${i}))`);
    params[`within${i}`] = JSON.stringify(ids);
  }
  const { from, to } = dateBounds(filter.dateFrom ?? null, filter.dateTo ?? null);
  if (from) {
    where.push('d.published >= @dateFrom');
    params.dateFrom = from;
  }
  if (to) {
    where.push('d.published <= @dateTo');
    params.dateTo = to;
  }
  return { where, params };
}

/** How documents (`documents AS d`) sort by title: an untitled one by the opening of its text, where its derived title comes from. */
export const TITLE_ORDER = `lower(coalesce(d.title, CASE WHEN ${NEEDS_DERIVED_TITLE('d')} THEN ltrim(substr(d.body, 1, 60)) END, d.filename, ''))`;

const SORT_SQL: Record<ListOptions['sort'], string> = {
  title: TITLE_ORDER,
  source: "lower(coalesce(d.source, ''))",
  published: "coalesce(d.published, '')",
  imported: 'd.id',
};

/** The library's documents, filtered and sorted; `within`: only these (a document set's members, resolved by the caller). */
export function listDocuments(db: Db, input: ListOptions, viewer: Viewer, within?: readonly number[]): ListDocumentsOutput {
  const { where, params } = documentFilters({ ...input, within: within ? [within] : undefined });
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM documents AS d ${clause}`).get(params) as { n: number }).n;
  const direction = input.descending ? 'DESC' : 'ASC';
  const rows = db
    .prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM documents AS d ${clause}
       ORDER BY ${SORT_SQL[input.sort]} ${direction}, d.id ${direction} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: input.limit, offset: input.offset, viewer: viewerParam(viewer) }) as DocumentRow[];
  return { total, documents: rows.map(toSummary) };
}

interface DetailRow extends DocumentRow {
  body: string;
  url: string | null;
  language: string | null;
  path: string | null;
  format: string;
  encoding: string;
  content_hash: string;
  original_hash: string;
  original_size: number;
  import_notes: string | null;
  details: string | null;
  ocr: string | null;
}

/** A document's summary, without its text; an id the project does not hold is refused. */
export function getDocumentSummary(db: Db, id: number, viewer: Viewer): DocumentSummary {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents AS d WHERE d.id = @id`).get({ id, viewer: viewerParam(viewer) }) as DocumentRow | undefined;
  if (!row) throw noDocument(id);
  return toSummary(row);
}

/** What a message calls a document: what the library shows (its title, the title derived from its text, or else its file name). */
export function documentTitle(db: Db, id: number): string {
  const row = db
    .prepare(`SELECT title, coalesce(filename, guid) AS name, CASE WHEN ${NEEDS_DERIVED_TITLE('d')} THEN substr(body, 1, ${DERIVED_TITLE_OPENING}) END AS opening FROM documents AS d WHERE id = ?`)
    .get(id) as { title: string | null; name: string; opening: string | null } | undefined;
  if (!row) throw noDocument(id);
  return row.title || derivedTitle(row.opening ?? '') || row.name;
}

const noDocument = (id: number) => new QuireError('not_found', `There is no document ${id} in this project.`);

export function getDocument(db: Db, id: number, viewer: Viewer): DocumentDetail {
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS}, d.body, d.url, d.language, d.path, d.format, d.encoding,
      d.content_hash, d.original_hash, d.original_size, d.import_notes, d.details, d.ocr FROM documents AS d WHERE d.id = @id`).get({ id, viewer: viewerParam(viewer) }) as
    | DetailRow
    | undefined;
  if (!row) throw noDocument(id);
  return {
    ...toSummary(row),
    body: row.body,
    url: row.url,
    language: row.language,
    path: row.path,
    format: row.format,
    encoding: row.encoding,
    contentHash: row.content_hash,
    originalHash: row.original_hash,
    originalSize: row.original_size,
    importNotes: row.import_notes ? (JSON.parse(row.import_notes) as string[]) : [],
    details: row.details ? (JSON.parse(row.details) as { name: string; value: string }[]) : [],
    ocr: row.ocr ? (JSON.parse(row.ocr) as DocumentDetail['ocr']) : null,
  };
}

/** Finds a document by id, GUID, or (unique) file name or title, as a person types it on the command line. */
export function findDocument(db: Db, ref: string): number {
  if (/^\d+$/.test(ref)) return Number(ref);
  const rows = db
    .prepare('SELECT id FROM documents WHERE guid = @ref OR filename = @ref OR title = @ref COLLATE NOCASE LIMIT 2')
    .all({ ref }) as { id: number }[];
  if (rows.length === 1) return rows[0]!.id;
  if (rows.length > 1) throw new QuireError('invalid_input', `More than one document is called “${ref}”; use its number.`);
  throw new QuireError('not_found', `There is no document “${ref}” in this project.`);
}

export function projectInfo(db: Db, path: string): ProjectInfo {
  const guid = (db.prepare("SELECT value FROM project WHERE key = 'guid'").get() as { value: string }).value;
  const documents = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  const sources = db
    .prepare('SELECT source, count(*) AS documents FROM documents WHERE source IS NOT NULL GROUP BY source COLLATE NOCASE ORDER BY documents DESC, source')
    .all() as { source: string; documents: number }[];
  return { path, guid, schemaVersion: db.pragma('user_version', { simple: true }) as number, documents, sources, readOnly: db.readonly, notices: [] };
}

/** Corrects a document's metadata (never its text), as one undoable command; an empty string clears a field. */
export function updateDocument(db: Db, coder: number, input: Contract['updateDocument']['input']['_output'], viewer: Viewer): DocumentDetail {
  const before = getDocumentSummary(db, input.id, viewer);
  const patch: Record<string, string | null> = {};
  for (const field of ['title', 'source', 'author', 'published', 'url', 'language'] as const) {
    const value = input[field];
    if (value !== undefined) patch[field] = value.trim() || null;
  }
  runCommand(db, coder, 'updateDocument', `Edit the details of “${clip(before.displayTitle)}”`, (c) => c.update('documents', input.id, patch));
  return getDocument(db, input.id, viewer);
}
