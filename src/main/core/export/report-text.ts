// What every report format (HTML, Markdown, Word) shows alike, as plain text
// and numbers: the export's date, the coding memos' note numbers, and the
// code-by-document matrix. Each format escapes and lays them out its own way.
import type { Note } from '../../../shared/api.ts';
import { closingSections, type ReportModel, type ReportPassage } from './model.ts';

/** The day the report was made: "2024-05-06". */
export const exportDay = (model: ReportModel) => model.generatedAt.slice(0, 10);

export interface NoteNumbers {
  /** The note number of each coding memo, in reading order across the report. */
  of: Map<number, number>;
}

/** Numbers the coding memos in the order a reader meets them. */
export function numberNotes(model: ReportModel): NoteNumbers {
  const of = new Map<number, number>();
  if (!model.include.memos) return { of };
  for (const d of model.documents) for (const k of d.codings) if (k.memo) of.set(k.id, of.size + 1);
  return { of };
}

export interface MatrixTable {
  /** One row per code, in the matrix's order; a cell per document (null where the code has no passage). */
  rows: {
    name: string;
    /** "Parent › Child" where the report has the code's path, else its name. */
    path: string;
    colour: string;
    cells: ({ count: number; percent: number } | null)[];
  }[];
  /** The documents in column order (numbered from 1), for the key under the table. */
  documents: { title: string; source: string | null }[];
}

/** The matrix as every format shows it: passages coded, and the share of the text as a whole percentage. */
export function matrixTable(model: ReportModel): MatrixTable {
  const m = model.matrix;
  const paths = new Map(model.codes.map((c) => [c.id, c.path]));
  const cells = new Map(m.cells.map((c) => [`${c.codeId}:${c.documentId}`, c]));
  return {
    rows: m.codes.map((c) => ({
      name: c.name,
      path: paths.get(c.id) ?? c.name,
      colour: c.colour,
      cells: m.documents.map((d) => {
        const x = cells.get(`${c.id}:${d.id}`);
        return x ? { count: x.count, percent: Math.round(x.share * 100) } : null;
      }),
    })),
    documents: m.documents.map((d) => ({ title: d.displayTitle, source: d.source })),
  };
}

// Quotation marks a passage may already begin or end with: straight, curly, low, angle (guillemets) and CJK brackets.
const OPENING_MARK = /^["'“‘„‚«»‹›「『]/u;
const CLOSING_MARK = /["'”’“‘»«›‹」』]$/u;

/**
 * A passage in quotation marks, without doubling the ones it already has: a
 * coded quote ("no one…") keeps its own marks and gets no second pair.
 */
export function quoted(text: string): string {
  const t = text.trim();
  return `${OPENING_MARK.test(t) ? '' : '“'}${t}${CLOSING_MARK.test(t) && t.length > 1 ? '' : '”'}`;
}

/** Where a passage is in the report, to cite it in a paper: "Document title, ¶ 4" (a no-break space before the number). */
export function citation(passage: ReportPassage): string {
  const title = passage.document.document.displayTitle;
  // A no-break space keeps "¶" with its number when the cell wraps.
  return passage.paragraph === null ? title : `${title}, ¶\u00a0${passage.paragraph}`;
}

/** One line of the report's contents: the section's anchor, its heading, and for a document its outlet and date. */
export interface ContentsEntry {
  id: string;
  title: string;
  detail: string | null;
}

/** The report's contents, in its order: the codes, each document, then the parts after them (as closingSections orders them). */
export function contentsOf(model: ReportModel): ContentsEntry[] {
  const entry = (id: string, title: string) => ({ id, title, detail: null });
  return [
    entry('codes', 'Codes'),
    ...model.documents.map(({ document: d }) => ({
      id: `document-${d.id}`,
      title: d.displayTitle,
      detail: [d.source, d.published].filter(Boolean).join(', ') || null,
    })),
    ...closingSections<ContentsEntry>(model, {
      matrix: () => entry('matrix', 'Codes by document'),
      agreement: () => entry('agreement', 'Intercoder agreement'),
      stance: (s, i) => entry(`stance-${i + 1}`, `Stance overview: ${s.overview.group.name}`),
      cooccurrence: () => entry('cooccurrence', 'Code co-occurrence'),
      quotes: () => entry('quotes', 'Passages by code'),
      codebook: () => entry('codebook', 'Codebook'),
      journal: () => entry('journal', 'Journal and memos'),
    }),
  ];
}

/** What a journal entry or free memo is, who wrote it when, and what it is about, in one line. */
export function noteByline(note: Note): string {
  const what = note.kind === 'journal' ? 'Journal entry' : 'Memo';
  const about = note.links.length
    ? `; about ${note.links.map((l) => (l.type === 'code' ? `the code “${l.label}”` : l.type === 'document' && l.id !== null ? `“${l.label}”` : l.label)).join(', ')}`
    : '';
  return `${what} by ${note.coder}, ${note.createdAt.slice(0, 10)}${about}`;
}
