// The code-by-document matrix with its columns grouped by a document
// variable: by source (which outlets call Belarus complicit?), by year of
// publication, or by author. Counts add up; the share is of the group's text.
import type { CodeMatrix } from './api.ts';

/** By a document variable, or by a document attribute's values ("attribute:3"). */
export type MatrixGrouping = 'document' | 'source' | 'year' | 'author' | `attribute:${number}`;

export interface MatrixColumn {
  key: string;
  label: string;
  documentIds: number[];
}

export interface MatrixCell {
  count: number;
  coded: number;
  share: number;
}

const NONE = { source: 'No source', year: 'No date', author: 'No author' } as const;

/** The columns for a grouping (documents keep their order; groups are sorted, the "none" group last) and each code's cell in them. */
export function groupMatrix(
  m: CodeMatrix,
  by: MatrixGrouping,
): { columns: MatrixColumn[]; cell: (codeId: number, column: MatrixColumn) => MatrixCell | null } {
  const attribute = by.startsWith('attribute:') ? m.attributes.find((a) => `attribute:${a.id}` === by) : undefined;
  const keyOf = (d: CodeMatrix['documents'][number]): string | null =>
    attribute
      ? (m.values[String(d.id)]?.[String(attribute.id)] ?? null)
      : by === 'document'
        ? String(d.id)
        : by === 'source'
          ? d.source
          : by === 'year'
            ? (d.published?.slice(0, 4) ?? null)
            : d.author;
  const none = attribute ? `No ${attribute.name}` : NONE[by as keyof typeof NONE];
  const columns = new Map<string, MatrixColumn>();
  for (const d of m.documents) {
    const key = keyOf(d);
    const id = key ?? '\u0000none';
    const column = columns.get(id) ?? {
      key: id,
      label: by === 'document' ? d.displayTitle : (key ?? none),
      documentIds: [],
    };
    column.documentIds.push(d.id);
    columns.set(id, column);
  }
  // A choice's values in the order of its list; other groups by name; the "none" group last.
  const rank = (c: MatrixColumn) => (attribute?.choices.includes(c.label) ? attribute.choices.indexOf(c.label) : -1);
  const ordered =
    by === 'document'
      ? [...columns.values()]
      : [...columns.values()].sort((a, b) =>
          a.key.startsWith('\u0000')
            ? 1
            : b.key.startsWith('\u0000')
              ? -1
              : rank(a) - rank(b) || a.label.localeCompare(b.label),
        );
  const length = new Map(m.documents.map((d) => [d.id, d.charCount]));
  const cells = new Map(m.cells.map((c) => [`${c.codeId}:${c.documentId}`, c]));
  const cell = (codeId: number, column: MatrixColumn): MatrixCell | null => {
    let count = 0;
    let coded = 0;
    for (const id of column.documentIds) {
      const c = cells.get(`${codeId}:${id}`);
      if (!c) continue;
      count += c.count;
      coded += c.coded;
    }
    const total = column.documentIds.reduce((n, id) => n + (length.get(id) ?? 0), 0);
    return count ? { count, coded, share: coded / Math.max(1, total) } : null;
  };
  return { columns: ordered, cell };
}
