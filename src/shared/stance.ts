// Words and numbers of the stance overview that the workbench and every
// report format show alike (no charting library here: the workbench's main
// bundle imports this).
import type { CoOccurrenceScope, StanceBase, StanceBy, StanceGrouping, StanceOverview, StanceRow } from './api.ts';
import { plural } from './text.ts';

// The workbench's panels import plural from here.
export { plural };

export const STANCE_GROUPINGS: [StanceGrouping, string][] = [
  ['document', 'Document'],
  ['source', 'Source'],
  ['year', 'Year'],
  ['month', 'Month'],
];

export const SEVERAL_LABEL = 'Several values';
export const UNCODED_LABEL = 'Uncoded';
export const DOMINANT_LABEL = 'Mostly';

/** A share (0–1) as a percentage with one decimal: "12.5%", "<0.1%" for a sliver, "0%" for none. */
export function formatShare(share: number): string {
  if (share <= 0) return '0%';
  if (share < 0.0005) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}

const ROW_WORD: Record<StanceGrouping, string> = {
  document: "each document's text",
  source: "each source's texts",
  year: "each year's texts",
  month: "each month's texts",
};
const CODED_WORD: Record<StanceGrouping, string> = {
  document: "each document's coded text",
  source: "each source's coded text",
  year: "each year's coded text",
  month: "each month's coded text",
};
const isAttribute = (by: StanceBy): by is `attribute:${number}` => by.startsWith('attribute:');
/** "each source's texts", or for an attribute "the texts of each “Outlet type”". */
const rowWords = (o: StanceOverview, coded: boolean) =>
  isAttribute(o.by)
    ? `the ${coded ? 'coded text' : 'texts'} of each “${o.byLabel}”`
    : (coded ? CODED_WORD : ROW_WORD)[o.by];

/** What the shares can be of, for the panel's and the export's choice. */
export const STANCE_BASES: [StanceBase, string][] = [
  ['coded', 'Of the coded text'],
  ['all', 'Of all the text'],
];

/** The length a row's shares are of: its coded text (text with any of the values), or all of it. */
export const shareBase = (o: StanceOverview, r: StanceRow) => (o.base === 'coded' ? r.codedChars : r.chars);

/** The “Uncoded” column's heading: of coded text, the uncoded share is still of all the text, and says so. */
export const uncodedHeading = (o: StanceOverview) =>
  o.base === 'coded' ? `${UNCODED_LABEL} (of all text)` : UNCODED_LABEL;

/** How the shares are counted, in words, for the panel and the report. */
export function stanceDescription(o: StanceOverview): string {
  const pooled = o.by === 'document' ? '' : ' (their lengths added, so a long text weighs more)';
  const parts =
    o.base === 'coded'
      ? [
          `Share of ${rowWords(o, true)} (text coded with any value of “${o.group.name}”) held by each value${pooled}; “${UNCODED_LABEL}” is the share of all the text coded with none.`,
          'Text coded by several coders counts once.',
        ]
      : [
          `Share of ${rowWords(o, false)} coded with each value of “${o.group.name}”${pooled}.`,
          'Text coded by several coders counts once.',
        ];
  if (!o.group.exclusive) parts.push('This group is not exclusive: a passage may hold several of its codes.');
  if (o.rows.some((r) => r.several > 0))
    parts.push(`Text coded with more than one value counts towards each, and once as “${SEVERAL_LABEL}” in the chart.`);
  if (o.by === 'document' && o.uncodedDocuments)
    parts.push(
      `${plural(o.uncodedDocuments, 'document')} with none of these values ${o.uncodedDocuments === 1 ? 'is' : 'are'} not listed.`,
    );
  return parts.join(' ');
}

/** The name of a row's dominant value, or a dash. */
export function dominantName(o: StanceOverview, row: StanceRow): string {
  return o.codes.find((c) => c.id === row.dominant)?.name ?? '–';
}

export const COOCCURRENCE_SCOPES: [CoOccurrenceScope, string][] = [
  ['overlap', 'Overlapping passages'],
  ['paragraph', 'Same paragraph'],
];

/** What a co-occurrence count means, in words. */
export function coOccurrenceDescription(scope: CoOccurrenceScope): string {
  return scope === 'overlap'
    ? 'How often passages coded with two codes overlap: each overlapping pair of passages counts once (as in MAXQDA’s Code Relations Browser). The diagonal is each code’s own passages; overlapping codings of one code, by several coders, count as one passage.'
    : 'In how many paragraphs two codes both occur: each paragraph counts once, however many passages it holds. The diagonal is the number of paragraphs holding the code.';
}
