// News databases' exports, recognised from their text whatever file they came
// in (Word, RTF, PDF, text, HTML): Nexis Uni and LexisNexis, Factiva,
// ProQuest. Each article becomes a document with its headline, outlet, date,
// byline and the export's other fields; a file's article count is checked
// against what its cover page says.
import { plural } from '../../../../shared/text.ts';
import type { ParsedArticle } from '../importers/types.ts';
import { isFactivaCoded, isFactivaPlain, readFactivaCoded, readFactivaPlain } from './factiva.ts';
import { toParsedArticle, type NewsArticle } from './fields.ts';
import { isLexisNexisAcademic, isNexisUni, readLexisNexisAcademic, readNexisUni } from './nexis.ts';
import { isProQuest, readProQuest } from './proquest.ts';

export interface NewsExport {
  /** The database, as users know it: "Nexis Uni", "Factiva"… */
  database: string;
  articles: ParsedArticle[];
}

const FORMATS: {
  database: string;
  is: (text: string) => boolean;
  read: (text: string) => { articles: NewsArticle[]; expected: number | null };
}[] = [
  { database: 'Nexis Uni', is: isNexisUni, read: readNexisUni },
  { database: 'LexisNexis', is: isLexisNexisAcademic, read: readLexisNexisAcademic },
  { database: 'Factiva', is: isFactivaCoded, read: (t) => ({ articles: readFactivaCoded(t), expected: null }) },
  { database: 'Factiva', is: isFactivaPlain, read: (t) => ({ articles: readFactivaPlain(t), expected: null }) },
  { database: 'ProQuest', is: isProQuest, read: (t) => ({ articles: readProQuest(t), expected: null }) },
];

/** The articles of a news database's export, or null when the text is not one. */
/**
 * `reflow`: the text is laid out line by line (a PDF), so a paragraph's lines are joined with spaces in the articles' text.
 */
export function readNewsExport(
  text: string,
  encoding: string,
  warnings: readonly string[],
  options: { reflow?: boolean } = {},
): NewsExport | null {
  const format = FORMATS.find((f) => f.is(text));
  if (!format) return null;
  const { articles, expected } = format.read(text);
  if (articles.length === 0) return null;
  const parsed = articles.map((a, i) =>
    toParsedArticle(options.reflow ? { ...a, body: reflowed(a.body) } : a, i, format.database, encoding, warnings),
  );
  // Articles missing from a download are failures of this file, said where its articles are listed.
  if (expected !== null && expected > articles.length) {
    const missing = `The cover page lists ${plural(expected, 'article')}, but only ${articles.length} are in the file: the download may be incomplete (download the missing ones again).`;
    parsed.push({ label: 'cover page', error: missing });
  }
  return { database: format.database, articles: parsed };
}

/** A body laid out line by line, as paragraphs: a paragraph's lines joined with a space (a word split by a hyphen at a line's end joined whole). */
function reflowed(body: string): string {
  return body
    .split(/\n{2,}/)
    .map((p) =>
      p
        .replace(/(\p{Ll})-\n(\p{Ll})/gu, '$1$2')
        .replace(/\s*\n\s*/g, ' ')
        .trim(),
    )
    .filter(Boolean)
    .join('\n\n');
}
