import { QuireError } from '../../../shared/errors.ts';
import { clip } from '../../../shared/text.ts';
import { derivedTitle } from '../corpus/metadata.ts';
import type {
  Contract,
  DocumentDetail,
  DocumentSummary,
  ListDocumentsInput,
  ListDocumentsOutput,
  ProjectInfo,
} from '../../../shared/api.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import {
  documentCount,
  documentDetail,
  documentNaming,
  documentsCalled,
  documentSummary,
  NEEDS_DERIVED_TITLE,
  sourceCounts,
  SUMMARY_COLUMNS,
  type SummaryRow,
} from '../db/queries/documents.ts';
import { projectValue } from '../db/queries/project.ts';
import type { NamedParams } from '../db/statement.ts';
import { viewerParam, type Viewer } from '../viewer.ts';
import { dateBounds } from './dates.ts';

type ListOptions = (typeof ListDocumentsInput)['_output'];
type DocumentRow = SummaryRow;

/** The columns of a summary and their row live with the documents' statements; the listings here and in search build on them. */
export { SUMMARY_COLUMNS, type DocumentRow };

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
    if (a.value === null)
      where.push(
        `NOT EXISTS (SELECT 1 FROM document_attributes fa WHERE fa.document_id = d.id AND fa.attribute_id = @filterAttribute${i})`,
      );
    else {
      where.push(
        `EXISTS (SELECT 1 FROM document_attributes fa WHERE fa.document_id = d.id AND fa.attribute_id = @filterAttribute${i} AND fa.value = @filterValue${i})`,
      );
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
export function listDocuments(
  db: Db,
  input: ListOptions,
  viewer: Viewer,
  within?: readonly number[],
): ListDocumentsOutput {
  const { where, params } = documentFilters({ ...input, within: within ? [within] : undefined });
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // The filters make the SQL, so these are prepared per call, as before.
  const total = db
    .prepare<NamedParams, { n: number }>(`SELECT count(*) AS n FROM documents AS d ${clause}`)
    .get(params)!.n;
  const direction = input.descending ? 'DESC' : 'ASC';
  const rows = db
    .prepare<NamedParams, DocumentRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM documents AS d ${clause}
       ORDER BY ${SORT_SQL[input.sort]} ${direction}, d.id ${direction} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: input.limit, offset: input.offset, viewer: viewerParam(viewer) });
  return { total, documents: rows.map(toSummary) };
}

/** A document's summary, without its text; an id the project does not hold is refused. */
export function getDocumentSummary(db: Db, id: number, viewer: Viewer): DocumentSummary {
  const row = documentSummary(db).get({ id, viewer: viewerParam(viewer) });
  if (!row) throw noDocument(id);
  return toSummary(row);
}

/** What a message calls a document: what the library shows (its title, the title derived from its text, or else its file name). */
export function documentTitle(db: Db, id: number): string {
  const row = documentNaming(db).get(id);
  if (!row) throw noDocument(id);
  return row.title || derivedTitle(row.opening ?? '') || row.name;
}

const noDocument = (id: number) => new QuireError('not_found', `There is no document ${id} in this project.`);

export function getDocument(db: Db, id: number, viewer: Viewer): DocumentDetail {
  const row = documentDetail(db).get({ id, viewer: viewerParam(viewer) });
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
  const rows = documentsCalled(db).all({ ref });
  if (rows.length === 1) return rows[0]!;
  if (rows.length > 1)
    throw new QuireError('invalid_input', `More than one document is called “${ref}”; use its number.`);
  throw new QuireError('not_found', `There is no document “${ref}” in this project.`);
}

export function projectInfo(db: Db, path: string): ProjectInfo {
  const guid = projectValue(db).get('guid')!;
  const documents = documentCount(db).get()!;
  const sources = sourceCounts(db).all();
  return {
    path,
    guid,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    documents,
    sources,
    readOnly: db.readonly,
    notices: [],
  };
}

/** Corrects a document's metadata (never its text), as one undoable command; an empty string clears a field. */
export function updateDocument(
  db: Db,
  coder: number,
  input: Contract['updateDocument']['input']['_output'],
  viewer: Viewer,
): DocumentDetail {
  const before = getDocumentSummary(db, input.id, viewer);
  const patch: Record<string, string | null> = {};
  for (const field of ['title', 'source', 'author', 'published', 'url', 'language'] as const) {
    const value = input[field];
    if (value !== undefined) patch[field] = value.trim() || null;
  }
  runCommand(db, coder, 'updateDocument', `Edit the details of “${clip(before.displayTitle)}”`, (c) =>
    c.update('documents', input.id, patch),
  );
  return getDocument(db, input.id, viewer);
}
