// The statements on documents and their originals. Documents are written by
// the import (corpus/import.ts) and by commands through the command log; these
// read. A listing with filters the user chose (documents/documents.ts, the
// search, the attribute table) builds its SQL from these columns.
import { DERIVED_TITLE_OPENING } from '../../corpus/metadata.ts';
import { statement, values } from '../statement.ts';
import type { DocumentOriginalsRow, DocumentsRow } from '../types.ts';
import { visibleCodingCount } from './codings.ts';

type D = DocumentsRow;
type ViewerParam = { viewer: number | null };

/**
 * Whether a document (on `documents AS alias`) is called by a title derived from its text: it has no title, and its name
 * is a file's, not one a person gave it in another QDA program (a REFI-QDA source's name is kept as its name).
 */
export const NEEDS_DERIVED_TITLE = (alias: string) => `${alias}.title IS NULL AND ${alias}.format != 'qdpx'`;

/**
 * Columns for a DocumentSummary, for queries that join `documents AS d`; its coding count is the viewer's, so they bind @viewer (viewerParam).
 * A document without a title brings the opening of its text, from which its title is derived (never the whole text: a list of
 * 100,000 documents reads a few hundred characters of each untitled one it shows).
 */
export const SUMMARY_COLUMNS =
  'd.id, d.guid, d.title, d.source, d.author, d.published, d.filename, d.char_count, d.imported_at, ' +
  `CASE WHEN ${NEEDS_DERIVED_TITLE('d')} THEN substr(d.body, 1, ${DERIVED_TITLE_OPENING}) END AS title_opening, ` +
  `${visibleCodingCount('document_id', 'd.id')} AS coding_count`;

/** A row of SUMMARY_COLUMNS. */
export type SummaryRow = Pick<
  D,
  'id' | 'guid' | 'title' | 'source' | 'author' | 'published' | 'filename' | 'char_count' | 'imported_at'
> & {
  coding_count: number;
  /** The opening of the text, read only for a document without a title (to derive one). */
  title_opening: string | null;
};

export const documentSummary = statement<{ id: number } & ViewerParam, SummaryRow>(
  `SELECT ${SUMMARY_COLUMNS} FROM documents AS d WHERE d.id = @id`,
);

/** A document's summary with everything else it holds but its original file. */
export type DetailRow = SummaryRow &
  Pick<
    D,
    | 'body'
    | 'url'
    | 'language'
    | 'path'
    | 'format'
    | 'encoding'
    | 'content_hash'
    | 'original_hash'
    | 'original_size'
    | 'import_notes'
    | 'details'
    | 'ocr'
  >;

export const documentDetail = statement<{ id: number } & ViewerParam, DetailRow>(
  `SELECT ${SUMMARY_COLUMNS}, d.body, d.url, d.language, d.path, d.format, d.encoding,
      d.content_hash, d.original_hash, d.original_size, d.import_notes, d.details, d.ocr FROM documents AS d WHERE d.id = @id`,
);

/** The listed documents' summaries with their texts (a JSON array of ids). */
export const summariesWithBodies = statement<{ ids: string } & ViewerParam, SummaryRow & Pick<D, 'body'>>(
  `SELECT ${SUMMARY_COLUMNS}, d.body FROM documents d WHERE d.id IN (SELECT value FROM json_each(@ids))`,
);

/** What a message names a document by: its title, else the title derived from its opening, else its file name or GUID. */
export const documentNaming = statement<[number], { title: D['title']; name: string; opening: string | null }>(
  `SELECT title, coalesce(filename, guid) AS name, CASE WHEN ${NEEDS_DERIVED_TITLE('d')} THEN substr(body, 1, ${DERIVED_TITLE_OPENING}) END AS opening FROM documents AS d WHERE id = ?`,
);

/** Documents a person may mean by `ref`: its GUID, file name or title (at most two, to tell one from many). */
export const documentsCalled = values<{ ref: string }, D['id']>(
  'SELECT id FROM documents WHERE guid = @ref OR filename = @ref OR title = @ref COLLATE NOCASE LIMIT 2',
);

export const documentCount = values<[], number>('SELECT count(*) FROM documents');
export const documentIds = values<[], D['id']>('SELECT id FROM documents ORDER BY id');
export const documentBody = values<[number], D['body']>('SELECT body FROM documents WHERE id = ?');

/**
 * A stretch of a document's text, `count` code points from code point `from`
 * (SQLite counts a text's characters as code points), with the whole text's
 * length in code points and where its first NUL is (0: none; SQLite's length
 * stops at one, so a text holding one is read whole instead).
 */
export const documentStretch = statement<
  { id: number; from: number; count: number },
  { length: number; nul: number; stretch: string }
>(
  'SELECT length(body) AS length, instr(body, char(0)) AS nul, substr(body, @from + 1, @count) AS stretch FROM documents WHERE id = @id',
);

/** The listed documents' texts (a JSON array of ids). */
export const documentBodies = statement<[string], Pick<D, 'id' | 'body'>>(
  'SELECT id, body FROM documents WHERE id IN (SELECT value FROM json_each(?))',
);

/** Every document as a spreadsheet of attributes may name it. */
export const documentNames = statement<[], Pick<D, 'id' | 'guid' | 'filename' | 'title'>>(
  'SELECT id, guid, filename, title FROM documents',
);

/** The sources with their numbers of documents, most first (sources differing only in case are one). */
export const sourceCounts = statement<[], { source: string; documents: number }>(
  'SELECT source, count(*) AS documents FROM documents WHERE source IS NOT NULL GROUP BY source COLLATE NOCASE ORDER BY documents DESC, source',
);

/** A document's name as a replacement speaks of it (title or file name), and its text's hash. */
export const documentToReplace = statement<[number], { id: D['id']; name: string | null; hash: D['content_hash'] }>(
  'SELECT id, coalesce(title, filename) AS name, content_hash AS hash FROM documents WHERE id = ?',
);

/** The title or file name of the document with this text (by hash), other than `except` (null: any). */
export const documentWithText = values<[hash: string, except: number | null], string | null>(
  'SELECT coalesce(title, filename) FROM documents WHERE content_hash = ? AND id IS NOT ?',
);

/** The document with this text (by hash), named by title, file name or GUID. */
export const documentByHash = statement<[string], { id: D['id']; title: string }>(
  'SELECT id, coalesce(title, filename, guid) AS title FROM documents WHERE content_hash = ?',
);
export const documentNameByGuid = values<[string], string>(
  'SELECT coalesce(title, filename, guid) FROM documents WHERE guid = ?',
);

export const originalIdsOf = values<[number], DocumentOriginalsRow['id']>(
  'SELECT id FROM document_originals WHERE document_id = ?',
);
export const documentExists = values<[number], 1>('SELECT 1 FROM documents WHERE id = ?');
