// The stance overview: for a code group (a stance dimension such as "Belarus
// role": neutral / complicit / co-belligerent), how much of each document's
// text — or of each source's, year's or month's texts together — is coded
// with each value.
//
// Definitions (the UI and the report say the same in words):
// - A value's coded text is the union of its codings: a character coded with
//   it by two coders, or by two overlapping codings, counts once. Coders are
//   pooled: a character counts if any of the coders counted (all, or the ones
//   chosen) coded it with the value.
// - Its share is that coded text over the row's coded text (text coded with any
//   of the group's values: which way what was coded leans), or, as an option,
//   over the row's whole text; in code points, a column's documents added, so a
//   long article weighs more than a short one in a source's share. The uncoded
//   text is given as a number beside the shares of coded text.
// - Text coded with more than one value (coders who disagree, or a group that
//   is not exclusive) counts towards each of them and, once, as `several`;
//   `alone` is each value's text without it. So the values' `alone`, `several`
//   and `uncoded` add up to the row's text exactly: that is what the chart stacks.
// Any group may be used, not only exclusive ones: a group of themes can be
// profiled the same way, and `several` keeps the arithmetic honest where its
// codes overlap. The output says whether the group is exclusive.
import type {
  Attribute,
  AttributeFilter,
  DocumentSummary,
  StanceBase,
  StanceBy,
  StanceGrouping,
  StanceOverview,
  StanceRow,
} from '../../../shared/api.ts';
import { STANCE_GROUPINGS } from '../../../shared/stance.ts';
import { attributeValues, getAttribute } from '../documents/attributes.ts';
import { QuireError } from '../../../shared/errors.ts';
import { sweepLayers } from '../../../shared/spans.ts';
import type { Db } from '../db/open.ts';
import { codesOfGroup, groupRow } from '../db/queries/codes.ts';
import type { Viewer } from '../viewer.ts';
import { addCounts, byKey, chosenDocumentSummaries, codersOf, readSpans, type Span } from './scope.ts';

/** One document's (or column's) tallies, in code points; arrays follow the group's code order. */
interface Tally {
  chars: number;
  coded: number[];
  alone: number[];
  passages: number[];
  several: number;
  /** Text coded with any value. */
  any: number;
}

const emptyTally = (n: number): Tally => ({
  chars: 0,
  coded: Array(n).fill(0),
  alone: Array(n).fill(0),
  passages: Array(n).fill(0),
  several: 0,
  any: 0,
});

/** Sweeps a document's codings once: between consecutive boundaries the set of values present is constant. */
function tallyDocument(chars: number, spans: readonly Span[], index: ReadonlyMap<number, number>, n: number): Tally {
  const tally = emptyTally(n);
  tally.chars = chars;
  // Passages are codings here: each coding counts, by whichever coder.
  for (const s of spans) tally.passages[index.get(s.codeId)!]!++;
  sweepLayers(
    spans,
    n,
    (s) => index.get(s.codeId)!,
    (length, depth, present) => {
      tally.any += length;
      if (present > 1) tally.several += length;
      for (let k = 0; k < n; k++) {
        if (!depth[k]) continue;
        tally.coded[k]! += length;
        if (present === 1) tally.alone[k]! += length;
      }
    },
  );
  return tally;
}

function toRow(
  key: string,
  label: string,
  documentIds: number[],
  t: Tally,
  codeIds: readonly number[],
  base: StanceBase,
): StanceRow {
  const most = Math.max(0, ...t.coded);
  const leaders = codeIds.filter((_, i) => most > 0 && t.coded[i] === most);
  const whole = base === 'coded' ? t.any : t.chars;
  return {
    key,
    label,
    documentIds,
    chars: t.chars,
    values: codeIds.map((codeId, i) => ({
      codeId,
      coded: t.coded[i]!,
      share: whole ? t.coded[i]! / whole : 0,
      alone: t.alone[i]!,
      passages: t.passages[i]!,
    })),
    several: t.several,
    uncoded: t.chars - t.any,
    codedChars: t.any,
    dominant: leaders.length === 1 ? leaders[0]! : null,
  };
}

interface Column {
  key: string;
  label: string;
  /** Sorts the columns: documents by date then title, groups by name or date; "none" last. */
  order: [number, string, string, number];
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The column a document falls in. Documents without a source or date go in a column of their own, last. */
function columnOf(d: DocumentSummary, by: StanceGrouping): Column {
  const date = d.published?.trim() || null;
  switch (by) {
    case 'document':
      return { key: String(d.id), label: d.displayTitle, order: [date ? 0 : 1, date ?? '', d.displayTitle, d.id] };
    case 'source': {
      const source = d.source?.trim() || null;
      return source
        ? { key: `source:${source}`, label: source, order: [0, '', source, 0] }
        : { key: 'none', label: 'No source', order: [1, '', '', 0] };
    }
    case 'year':
      return date
        ? { key: date.slice(0, 4), label: date.slice(0, 4), order: [0, date.slice(0, 4), '', 0] }
        : { key: 'undated', label: 'No date', order: [1, '', '', 0] };
    case 'month': {
      if (!date) return { key: 'undated', label: 'No date', order: [1, '', '', 0] };
      // A date known only to the year sorts before that year's months.
      const month = /^\d{4}-\d{2}/.test(date) ? date.slice(0, 7) : date.slice(0, 4);
      return { key: month, label: month.length === 4 ? `${month} (no month)` : month, order: [0, month, '', 0] };
    }
  }
}

/**
 * The column of a document by an attribute's value: a choice's values in the order of its list, numbers and dates
 * in their order, text by name; documents without a value in a column of their own, last.
 */
function attributeColumn(attribute: Attribute, value: string | undefined): Column {
  if (value === undefined) return { key: 'none', label: `No ${attribute.name}`, order: [1, '', '', 0] };
  const position = attribute.type === 'choice' ? attribute.choices.indexOf(value) : 0;
  const numeric = attribute.type === 'number' ? Number(value) : 0;
  return {
    key: `value:${value}`,
    label: value,
    order: [
      0,
      attribute.type === 'date' ? value : '',
      attribute.type === 'text' ? value : '',
      attribute.type === 'number' ? numeric : position,
    ],
  };
}

const compare = (a: Column['order'], b: Column['order']) =>
  a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || collator.compare(a[2], b[2]) || a[3] - b[3];

export function stanceOverview(
  db: Db,
  input: {
    groupId: number;
    by: StanceBy;
    base?: StanceBase;
    documentIds?: number[];
    attribute?: AttributeFilter;
    setId?: number;
    coders?: string[];
  },
  viewer: Viewer,
): StanceOverview {
  const base = input.base ?? 'coded';
  const group = groupRow(db).get(input.groupId);
  if (!group) throw new QuireError('not_found', `There is no code group ${input.groupId}.`);
  const codes = codesOfGroup(db).all(group.id);
  const codeIds = codes.map((c) => c.id);
  const index = new Map(codeIds.map((id, i) => [id, i]));
  const documents = chosenDocumentSummaries(db, input.documentIds, viewer, input.attribute, input.setId);
  const spans = readSpans(db, { codeIds, documentIds: documents.map((d) => d.id), coders: input.coders }, viewer);
  const spansOf = byKey(spans, (s) => s.documentId);
  // By a document attribute: its values, read once.
  const attribute = input.by.startsWith('attribute:')
    ? getAttribute(db, Number(input.by.slice('attribute:'.length)))
    : null;
  const values = attribute
    ? attributeValues(
        db,
        documents.map((d) => d.id),
      )
    : null;
  const columnFor = (d: DocumentSummary) =>
    attribute ? attributeColumn(attribute, values!.get(d.id)?.[attribute.id]) : columnOf(d, input.by as StanceGrouping);

  const columns = new Map<string, { column: Column; documentIds: number[]; tally: Tally }>();
  const total = emptyTally(codes.length);
  let uncodedDocuments = 0;
  for (const d of documents) {
    const mine = spansOf.get(d.id) ?? [];
    const tally = tallyDocument(d.charCount, mine, index, codes.length);
    addCounts(total, tally);
    // One row per document would be mostly empty rows in a large corpus: by document, only those with a value.
    if (input.by === 'document' && !mine.length) {
      uncodedDocuments++;
      continue;
    }
    const column = columnFor(d);
    const entry = columns.get(column.key) ?? { column, documentIds: [], tally: emptyTally(codes.length) };
    entry.documentIds.push(d.id);
    addCounts(entry.tally, tally);
    columns.set(column.key, entry);
  }
  const rows = [...columns.values()]
    .sort((a, b) => compare(a.column.order, b.column.order))
    .map(({ column, documentIds, tally }) => toRow(column.key, column.label, documentIds, tally, codeIds, base));
  return {
    group: { id: group.id, name: group.name, exclusive: group.exclusive === 1 },
    by: input.by,
    byLabel: attribute ? attribute.name : STANCE_GROUPINGS.find(([by]) => by === input.by)![1],
    base,
    codes,
    coders: codersOf(
      db,
      spans.map((s) => s.id),
    ),
    rows,
    total: toRow(
      'total',
      'All documents',
      documents.map((d) => d.id),
      total,
      codeIds,
      base,
    ),
    uncodedDocuments,
  };
}
