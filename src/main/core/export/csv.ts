// The coded segments as a CSV table, one row per coding, for spreadsheets and
// statistics packages: RFC 4180 (CRLF between records, fields with a comma,
// quote or line break quoted) in UTF-8 with a byte order mark, which is how
// Excel knows the file is UTF-8 rather than the local code page.
import { stringify } from 'csv-stringify/sync';
import type { ReportModel } from './model.ts';

const HEADER = [
  'document',
  'source',
  'date',
  'author',
  'code',
  'groups',
  'coder',
  'quote',
  'memo',
  'start',
  'end',
  'created',
];

/**
 * Guards a text cell against formula injection. A spreadsheet takes a cell
 * that starts with = + - or @ for a formula (and tab or CR can hide such a
 * start), so an article quoting "=HYPERLINK(…)" or "=cmd|…" would run as one
 * when the file is opened. A leading apostrophe makes the spreadsheet read the
 * cell as text (Excel hides the apostrophe). The full-width forms are included
 * because some spreadsheets fold them to the ASCII ones. Only for text: numbers
 * (start, end) are written as they are, and a negative number is never text here.
 */
export function guardCell(text: string): string {
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? `'${text}` : text;
}

/** One row per coding of the chosen documents and codes, in document and text order. */
export function reportCsv(model: ReportModel): Uint8Array {
  const codes = new Map(model.codes.map((c) => [c.id, c]));
  const rows: (string | number)[][] = [HEADER];
  for (const { document: d, codings } of model.documents) {
    for (const k of codings) {
      const code = codes.get(k.codeId)!;
      const text = [
        d.displayTitle,
        d.source ?? '',
        d.published ?? '',
        d.author ?? '',
        code.path,
        code.groups.join('; '),
        k.coder,
        k.quote,
        model.include.memos ? (k.memo ?? '') : '',
      ];
      rows.push([...text.map(guardCell), k.start, k.end, guardCell(k.createdAt)]);
    }
  }
  return csvBytes(rows);
}

/** Rows as the bytes of a CSV file: UTF-8 with a byte order mark, CRLF records (cells are guarded by the caller). */
export function csvBytes(rows: readonly (readonly (string | number)[])[]): Uint8Array {
  // csv-stringify quotes fields holding the delimiter or a quote, but with CRLF
  // records not those holding a lone LF or CR: quote those too, as RFC 4180 asks.
  const csv = stringify(rows as (string | number)[][], {
    bom: true,
    record_delimiter: 'windows',
    quoted_match: /[\r\n]/,
  });
  return new TextEncoder().encode(csv);
}
