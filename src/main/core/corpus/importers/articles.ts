// Articles exported by news databases (Nexis, Factiva, ProQuest, Media Cloud…)
// as CSV or JSON: one record per article, whose fields are found by the names
// exports give them. Shared by csv.ts and json.ts.
import { QuireError } from '../../../../shared/errors.ts';
import { clip } from '../../../../shared/text.ts';
import { normaliseText } from '../normalise.ts';
import { isoDate } from './dates.ts';
import { emptyMetadata, type FoundMetadata, type ParsedArticle, type ParsedDocument } from './types.ts';

export type Field = keyof FoundMetadata | 'text';

/** Names of each field, compared in lower case without spaces, dashes, dots or underscores; the first present wins. */
const NAMES: Record<Field, readonly string[]> = {
  text: ['text', 'body', 'content', 'article', 'fulltext', 'articletext', 'bodytext', 'maintext'],
  title: ['title', 'headline', 'heading'],
  published: [
    'date',
    'published',
    'pubdate',
    'publicationdate',
    'publishdate',
    'publisheddate',
    'datepublished',
    'publishedat',
  ],
  source: ['source', 'publication', 'outlet', 'publisher', 'sourcename', 'newspaper', 'media'],
  url: ['url', 'link', 'uri', 'permalink', 'weburl'],
  author: ['author', 'authors', 'byline', 'writer'],
  language: ['language', 'lang'],
};
const FIELDS = Object.keys(NAMES) as Field[];

const simple = (name: string) => name.toLowerCase().replace(/[\s_.-]+/g, '');

/** For each field, the index of the key that holds it (keys: a CSV header, or an object's keys). */
export function matchFields(keys: readonly string[]): Partial<Record<Field, number>> {
  const simplified = keys.map(simple);
  const out: Partial<Record<Field, number>> = {};
  for (const field of FIELDS) {
    for (const name of NAMES[field]) {
      const i = simplified.indexOf(name);
      if (i >= 0) {
        out[field] = i;
        break;
      }
    }
  }
  return out;
}

/** Names the fields a record must have, for messages. */
export const TEXT_NAMES = 'text, body, content or article';

/**
 * One record → one article. `values` holds each field's raw value, `label`
 * names the record in the report ("row 3"), `noText` says why a record
 * without text failed.
 */
export function toArticle(
  values: Partial<Record<Field, unknown>>,
  label: string,
  noText: string,
  decoded: { encoding: string; warnings: readonly string[] },
): ParsedArticle {
  const metadata = emptyMetadata();
  const warnings = [...decoded.warnings];
  for (const field of ['title', 'author', 'source', 'url', 'language'] as const) {
    const v = normaliseText(plain(values[field], ', ')).replace(/\s+/g, ' ').trim();
    metadata[field] = v || null;
  }
  const date = publishedDate(values.published);
  metadata.published = date.date;
  if (date.warning) warnings.push(date.warning);
  const named = metadata.title ? `${label}: ${clip(metadata.title, 60)}` : label;
  const text = normaliseText(plain(values.text, '\n\n')).trim();
  // A record without text is reported, not stored empty.
  if (!/[\p{L}\p{N}]/u.test(text)) return { label: named, error: `${capitalise(label)} has no text (${noText}).` };
  return { label: named, document: { text, metadata, encoding: decoded.encoding, warnings } };
}

/** A field's value as text: lists joined (authors by commas, paragraphs by blank lines), objects by their name. */
function plain(value: unknown, joiner: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value
      .map((v) => plain(v, joiner))
      .filter((v) => v.trim())
      .join(joiner);
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return plain(o.name ?? o.title ?? o.text ?? o.value ?? null, joiner);
  }
  return '';
}

// Only to say why a numeric date was left out.
const DAY_MONTH_YEAR = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,].*)?$/;

/**
 * A date as exports write it → 'YYYY-MM-DD', the day as written (no time zone
 * moves it to the day before). 03/04/2022 could be either month: it is left
 * out, and the article says so.
 */
function publishedDate(value: unknown): { date: string | null; warning?: string } {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Seconds or milliseconds since 1970, as JSON exports write them.
    const d = new Date(value < 1e11 ? value * 1000 : value);
    return Number.isNaN(d.getTime()) ? { date: null } : { date: isoDate(d.toISOString()) };
  }
  const s = normaliseText(plain(value, ' ')).trim();
  if (!s) return { date: null };
  // "2023-05-06", "13/04/2023", "May 6, 2023", "6 May 2023", "Sat, 06 May 2023 22:30:00 GMT": a day, a month and a year, all written.
  const date = isoDate(s);
  if (date) return { date };
  const numeric = DAY_MONTH_YEAR.exec(s);
  if (numeric && numeric[1] !== numeric[2] && Number(numeric[1]) <= 12 && Number(numeric[2]) <= 12) {
    return { date: null, warning: `The date “${s}” could be day/month or month/day, so the article has no date.` };
  }
  return { date: null, warning: `The date “${clip(s, 60)}” was not understood, so the article has no date.` };
}

/** A file that holds many articles read where one document is needed: it must hold exactly one. */
export function onlyArticle(articles: readonly ParsedArticle[], filename: string): ParsedDocument {
  const only = articles.length === 1 ? articles[0]! : null;
  if (only && 'document' in only) return only.document;
  if (only && 'error' in only) throw new QuireError('invalid_input', only.error);
  throw new QuireError('invalid_input', `“${filename}” holds ${articles.length} articles, not one.`);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
