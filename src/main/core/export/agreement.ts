// Intercoder agreement as exports show it: the CSV table (one row per code and
// one for all codes together) and the words and figures every report format
// (HTML, Markdown, Word) uses for its "Intercoder agreement" section.
import type { AgreementFigures, AgreementResult } from '../../../shared/api.ts';
import { coefficientText, percentText, SEGMENT_OVERLAP, thresholdText } from '../../../shared/agreement.ts';
import { plural } from '../../../shared/text.ts';
import { csvBytes, guardCell } from './csv.ts';

/** The table's columns: label, and the cell of a row. */
export function agreementColumns(result: AgreementResult): [string, (f: AgreementFigures) => string][] {
  return [
    [result.level === 'character' ? 'Characters' : 'Segments', (f) => String(f.units)],
    ['Agreements', (f) => String(f.agreements)],
    ['Agreement', (f) => percentText(f.percent)],
    ['Kappa', (f) => coefficientText(f.kappa)],
    ['Alpha', (f) => coefficientText(f.alpha)],
  ];
}

/** One sentence saying whose agreement, how counted, over what. */
export function agreementSummary(result: AgreementResult): string {
  const [a = '', b = ''] = result.coders;
  const more = result.coders.length > 2 ? ` (alpha: ${result.coders.join(', ')})` : '';
  const how =
    result.level === 'character'
      ? 'character by character'
      : `by segment, matching at ${thresholdText(result.overlap ?? SEGMENT_OVERLAP)} overlap`;
  return `${a} and ${b}${more}, ${how}, over ${plural(result.documentIds.length, 'document')}. Figures are from the codings as they were at export.`;
}

const HEADER = [
  'code',
  'coder A',
  'coder B',
  'alpha coders',
  'level',
  'overlap threshold %',
  'documents',
  'units',
  'agreements',
  'only coder A',
  'only coder B',
  'percent',
  'kappa',
  'alpha',
];

/** Rounded for the table, empty where undefined (what statistics packages read as missing). */
const figure = (x: number | null, decimals: number): string | number =>
  x === null ? '' : Number(x.toFixed(decimals)) || 0;

/** The agreement table as CSV: one row per code, then one for all codes together. */
export function agreementCsv(result: AgreementResult): Uint8Array {
  const [a = '', b = ''] = result.coders;
  const row = (name: string, f: AgreementFigures): (string | number)[] => [
    ...[name, a, b, result.coders.join('; '), result.level].map(guardCell),
    result.overlap === null ? '' : Number((result.overlap * 100).toFixed(1)),
    result.documentIds.length,
    f.units,
    f.agreements,
    f.onlyFirst,
    f.onlySecond,
    figure(f.percent, 2),
    figure(f.kappa, 4),
    figure(f.alpha, 4),
  ];
  return csvBytes([HEADER, ...result.codes.map((c) => row(c.code.name, c)), row('All codes', result.overall)]);
}
