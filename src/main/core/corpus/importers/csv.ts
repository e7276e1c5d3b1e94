// CSV exports of news databases: a header row, then one article per row.
import { QuireError } from '../../../../shared/errors.ts';
import { clip } from '../../../../shared/text.ts';
import { decodeText } from '../decode.ts';
import { normaliseText } from '../normalise.ts';
import { matchFields, onlyArticle, TEXT_NAMES, toArticle, type Field } from './articles.ts';
import type { Importer, ParsedArticle } from './types.ts';

export const csvImporter: Importer = {
  description: 'Articles in a CSV table (one per row)',
  parse(bytes, filename) {
    return onlyArticle(parseCsvArticles(bytes, filename), filename);
  },
  parseMany: parseCsvArticles,
};

/** A CSV file as its header and rows, in whichever encoding and delimiter (comma, semicolon, tab; Excel's "sep=" line) it uses. */
export function readCsvTable(
  bytes: Uint8Array,
  filename: string,
): { header: string[]; rows: string[][]; decoded: ReturnType<typeof decodeText> } {
  const decoded = decodeText(bytes, filename);
  let text = normaliseText(decoded.text);
  // Excel's "sep=;" first line names the delimiter.
  const sep = /^sep=(.)\n/.exec(text);
  if (sep) text = text.slice(sep[0].length);
  const rows = readCsv(text, sep?.[1] ?? sniffDelimiter(text));
  const header = rows.shift()?.map((h) => h.trim()) ?? [];
  return { header, rows, decoded };
}

function parseCsvArticles(bytes: Uint8Array, filename: string): ParsedArticle[] {
  const { header, rows, decoded } = readCsvTable(bytes, filename);
  const columns = matchFields(header);
  if (columns.text === undefined) {
    const names = header
      .slice(0, 12)
      .map((h) => `“${clip(h, 30)}”`)
      .join(', ');
    throw new QuireError(
      'invalid_input',
      `“${filename}” has no column of article text: Quire looks for a header named ${TEXT_NAMES} (its columns are ${names || 'none'}).`,
    );
  }
  const textColumn = header[columns.text]!;
  const articles: ParsedArticle[] = [];
  rows.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return; // a blank line, not an article
    const values: Partial<Record<Field, string>> = {};
    for (const [field, column] of Object.entries(columns) as [Field, number][]) values[field] = cells[column] ?? '';
    // Rows are numbered as a spreadsheet shows them: the header is row 1.
    articles.push(toArticle(values, `row ${i + 2}`, `its “${textColumn}” cell is empty`, decoded));
  });
  if (articles.length === 0) throw new QuireError('invalid_input', `“${filename}” has a header row but no articles.`);
  return articles;
}

/** The delimiter the header row uses most: comma, semicolon (Excel in much of Europe) or tab. */
function sniffDelimiter(text: string): string {
  let line = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) break;
    else if (!quoted) line += ch;
  }
  const count = (d: string) => line.split(d).length - 1;
  return [',', ';', '\t'].reduce((best, d) => (count(d) > count(best) ? d : best));
}

/**
 * RFC 4180 records from LF-normalised text: a quoted field may hold the
 * delimiter, line breaks and doubled quotes. Forgiving where files are not:
 * text after a closing quote is kept, and an unclosed quote runs to the end.
 */
function readCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          value += text.slice(i);
          i = n;
          break;
        }
        value += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
    }
    // Up to the next delimiter or line end (the whole field when it was not quoted).
    let end = i;
    while (end < n) {
      const c = text.charCodeAt(end);
      if (c === d || c === 10) break;
      end++;
    }
    row.push(value + text.slice(i, end));
    i = end;
    if (i < n && text.charCodeAt(i) === d) {
      i++;
      continue;
    }
    rows.push(row);
    row = [];
    i++; // past the line break
    if (i >= n) return rows;
  }
}
