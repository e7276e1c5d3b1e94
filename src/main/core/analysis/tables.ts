// The analyst's tables as CSV files, as the coded segments export writes them
// (UTF-8 with a byte order mark, CRLF, text cells guarded against formulas).
import type { CodeQueryResult, KwicResult, WordsResult } from '../../../shared/api.ts';
import { csvBytes, guardCell } from '../export/csv.ts';

type Cell = string | number;
const text = (cells: readonly (string | null | undefined)[]) => cells.map((c) => guardCell(c ?? ''));

/** One row per coded segment a code query found. */
export function codeQueryCsv(result: CodeQueryResult): Uint8Array {
  const rows: Cell[][] = [
    ['document', 'source', 'date', 'code', 'coder', 'before', 'quote', 'after', 'memo', 'start', 'end'],
  ];
  for (const s of result.segments) {
    const d = s.document;
    rows.push([
      ...text([
        d.displayTitle,
        d.source,
        d.published,
        s.code.name,
        s.coding.coder,
        s.before,
        s.coding.quote,
        s.after,
        s.coding.memo,
      ]),
      s.coding.start,
      s.coding.end,
    ]);
  }
  return csvBytes(rows);
}

/** One row per concordance line, in the order asked. */
export function kwicCsv(result: KwicResult): Uint8Array {
  const rows: Cell[][] = [['document', 'left', 'hit', 'right', 'start', 'end']];
  for (const l of result.lines)
    rows.push([...text([result.titles[l.documentId] ?? '', l.left, l.hit, l.right]), l.start, l.end]);
  return csvBytes(rows);
}

/** One row per word, with the comparison's columns when two scopes were compared. */
export function wordsCsv(result: WordsResult): Uint8Array {
  const compared = result.compare !== null;
  const header = ['word', 'stem', 'count', 'documents', 'per 10,000 words'];
  const rows: Cell[][] = [
    compared ? [...header, 'count (second)', 'per 10,000 words (second)', 'log-likelihood', 'log ratio'] : header,
  ];
  for (const r of result.rows) {
    const base: Cell[] = [...text([r.word, r.stem]), r.count, r.documents, r.per10k];
    rows.push(compared ? [...base, r.other ?? 0, r.otherPer10k ?? 0, r.keyness ?? 0, r.logRatio ?? 0] : base);
  }
  return csvBytes(rows);
}
