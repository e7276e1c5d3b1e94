// Reading an import's report, without its schema (the renderer keeps zod out: see api/corpus.ts for the report).
import type { ImportReport } from './api.ts';

/** A report's documents (ImportReport.documents, ranges of ids), one id after another. */
export const documentIdsOf = (report: Pick<ImportReport, 'documents'>): number[] =>
  report.documents.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
