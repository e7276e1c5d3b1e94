// What the news databases' exports share: articles as runs of lines, fields
// written "Label: value" (Nexis puts a no-break space after the colon), dates
// and languages in the outlet's own words, and what becomes of an article.
import { clip } from '../../../../shared/text.ts';
import { bylinePeople } from '../metadata.ts';
import { isoDate } from '../importers/dates.ts';
import { emptyMetadata, type Detail, type ParsedArticle } from '../importers/types.ts';

/** A line without its surrounding spaces, no-break spaces included. */
export const bare = (line: string) => line.replace(/^[\s\u00a0]+|[\s\u00a0]+$/g, '');

/** "Label: value" with a label from `labels` (compared in any case); null for any other line. */
export function labelled(line: string, labels: ReadonlySet<string>): { label: string; value: string } | null {
  const m = /^([\p{L}][\p{L}\p{N} /&-]{0,40}?)[\s\u00a0]*:[\s\u00a0]*(.*)$/u.exec(bare(line));
  if (!m || !labels.has(m[1]!.toLowerCase())) return null;
  return { label: m[1]!, value: bare(m[2]!) };
}

export const labelSet = (labels: readonly string[]) => new Set(labels.map((l) => l.toLowerCase()));

/** Paragraphs of body lines: runs of lines split at blank lines, each trimmed of surrounding blank lines. */
export function bodyText(lines: readonly string[]): string {
  return lines
    .join('\n')
    .replace(/[ \t\u00a0]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const LANGUAGES: Record<string, string> = {
  english: 'en',
  englisch: 'en',
  anglais: 'en',
  inglés: 'en',
  ingles: 'en',
  английский: 'en',
  german: 'de',
  deutsch: 'de',
  allemand: 'de',
  alemán: 'de',
  немецкий: 'de',
  french: 'fr',
  français: 'fr',
  francais: 'fr',
  französisch: 'fr',
  francés: 'fr',
  russian: 'ru',
  russisch: 'ru',
  russe: 'ru',
  ruso: 'ru',
  русский: 'ru',
  ukrainian: 'uk',
  ukrainisch: 'uk',
  ukrainien: 'uk',
  українська: 'uk',
  украинский: 'uk',
  belarusian: 'be',
  belarussian: 'be',
  weißrussisch: 'be',
  беларуская: 'be',
  polish: 'pl',
  polnisch: 'pl',
  polonais: 'pl',
  polski: 'pl',
  spanish: 'es',
  spanisch: 'es',
  espagnol: 'es',
  español: 'es',
  espanol: 'es',
  italian: 'it',
  italienisch: 'it',
  italien: 'it',
  italiano: 'it',
  dutch: 'nl',
  niederländisch: 'nl',
  nederlands: 'nl',
  chinese: 'zh',
  chinesisch: 'zh',
  japanese: 'ja',
  japanisch: 'ja',
  arabic: 'ar',
  arabisch: 'ar',
  lithuanian: 'lt',
  latvian: 'lv',
  estonian: 'et',
  czech: 'cs',
  slovak: 'sk',
  romanian: 'ro',
  hungarian: 'hu',
};

/** "ENGLISH", "Deutsch", "English; Russian" → an ISO 639-1 code; a language Quire does not know is kept as written. */
export function languageCode(value: string | null | undefined): string | null {
  const first = value?.split(/[;,/]/)[0]?.trim();
  if (!first) return null;
  return LANGUAGES[first.toLowerCase()] ?? (/^[a-z]{2}$/i.test(first) ? first.toLowerCase() : first);
}

/** Everything an export says about one article. */
export interface NewsArticle {
  headline: string | null;
  outlet: string | null;
  /** The date as the export writes it ("March 3, 2022 Thursday 10:30 PM GMT"). */
  date: string | null;
  byline: string | null;
  url: string | null;
  language: string | null;
  body: string;
  /** Fields Quire has no column for, in the export's order: section, length, copyright, identifiers… */
  details: Detail[];
  /** Why the article cannot be imported (an error page in the export), instead of a body. */
  error?: string;
}

/** An article of which nothing is known yet: each parser fills in what its export says. */
export function emptyArticle(): NewsArticle {
  return { headline: null, outlet: null, date: null, byline: null, url: null, language: null, body: '', details: [] };
}

/**
 * One article of an export → a document, labelled "article 3: Headline" for
 * the import report, with where it came from among its details.
 */
export function toParsedArticle(
  a: NewsArticle,
  index: number,
  database: string,
  encoding: string,
  warnings: readonly string[],
): ParsedArticle {
  const label = a.headline ? `article ${index + 1}: ${clip(a.headline, 60)}` : `article ${index + 1}`;
  if (a.error) return { label, error: a.error };
  if (!/[\p{L}\p{N}]/u.test(a.body))
    return { label, error: `Article ${index + 1} of the ${database} export has no text.` };
  const metadata = emptyMetadata();
  metadata.title = a.headline;
  metadata.source = a.outlet;
  metadata.url = a.url;
  metadata.language = languageCode(a.language);
  const own: string[] = [];
  if (a.date) {
    metadata.published = isoDate(a.date);
    if (!metadata.published) own.push(`The date “${clip(a.date, 60)}” was not understood, so the article has no date.`);
  }
  if (a.byline) {
    // "By Andrew Roth and Pjotr Sauer in Moscow": the people, without the place they wrote from.
    const byline = a.byline
      .replace(/^(by|von|par|por)\s+/i, '')
      .replace(/\s+(in|aus|à|en|from)\s+\p{Lu}[\p{L} -]*$/u, '');
    metadata.author = bylinePeople(byline) ?? byline;
  }
  const details = [{ name: 'Export', value: `${database}, article ${index + 1}` }, ...a.details.filter((d) => d.value)];
  return { label, document: { text: a.body, metadata, encoding, warnings: [...warnings, ...own], details } };
}
