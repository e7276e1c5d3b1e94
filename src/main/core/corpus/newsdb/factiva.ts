// Factiva (Dow Jones) exports, as RTF, HTML or text. With "full article and
// indexing", each article is a run of two-letter field codes: HD headline, BY
// byline, WC word count, PD date, SN source name, SC source code, LA language,
// CY copyright, LP lead paragraphs, TD the rest of the text, then indexing
// (CO companies, IN industries, NS subjects, RE regions) and AN, its accession
// number ("Document LBA0000020220303ei3300abc"). Without indexing, the same
// header comes as plain lines (headline, "By …", "512 words", date, source…)
// and each article ends with its "Document …" line.
import { isoDate } from '../importers/dates.ts';
import { bare, emptyArticle, bodyText, languageCode, type NewsArticle } from './fields.ts';

/** Field codes in the order Factiva writes them. */
const ORDER = [
  'HD',
  'CLM',
  'SE',
  'BY',
  'CR',
  'WC',
  'PD',
  'ET',
  'SN',
  'SC',
  'ED',
  'PG',
  'VOL',
  'LA',
  'CY',
  'LP',
  'TD',
  'CT',
  'RF',
  'CO',
  'IN',
  'NS',
  'RE',
  'IPC',
  'IPD',
  'PUB',
  'AN',
];
const CODE_LINE = new RegExp(`^(${ORDER.join('|')})(?:[ \\t\\u00a0]+(.*)|[ \\t\\u00a0]*)$`);
/** Indexing values read "code : Name | code : Name": a line of the text that starts with "IN" or "CO" does not. */
const INDEXING = new Set(['CO', 'IN', 'NS', 'RE']);
const INDEX_VALUE = /^[a-z0-9]{2,12}\s*:\s*\S/i;
const NAMES: Record<string, string> = {
  CLM: 'Column',
  SE: 'Section',
  CR: 'Credit',
  WC: 'Length',
  ET: 'Time',
  SC: 'Source code',
  ED: 'Edition',
  PG: 'Page',
  VOL: 'Volume',
  CY: 'Copyright',
  CT: 'Contact',
  RF: 'Reference',
  CO: 'Companies',
  IN: 'Industries',
  NS: 'Subjects',
  RE: 'Regions',
  IPC: 'Indexing codes',
  IPD: 'Descriptors',
  PUB: 'Publisher',
  AN: 'Accession number',
};

const AN_LINE = /^AN[ \t\u00a0]+Document[ \t\u00a0]+\S+[ \t\u00a0]*$/m;
const DOCUMENT_LINE = /^[\s\u00a0]*Document[ \t\u00a0]+[A-Za-z0-9]{20,32}[\s\u00a0]*$/m;

// Every text an import reads is asked: both lines hold "Document", which a plain search finds (or not) far quicker.
export const isFactivaCoded = (text: string) =>
  text.includes('Document') && AN_LINE.test(text) && /^HD[ \t\u00a0]/m.test(text);
export const isFactivaPlain = (text: string) =>
  text.includes('Document') &&
  DOCUMENT_LINE.test(text) &&
  /^\s*[\d,.]+ (words|Wörter|mots|palabras|слов)\s*$/m.test(text);

export function readFactivaCoded(text: string): NewsArticle[] {
  const lines = text.split('\n');
  const articles: NewsArticle[] = [];
  let fields: [string, string[]][] = [];
  const finish = () => {
    if (fields.some(([code]) => code === 'HD' || code === 'LP' || code === 'TD')) articles.push(codedArticle(fields));
    fields = [];
  };
  for (const line of lines) {
    const m = CODE_LINE.exec(bare(line) === '' ? '' : line.replace(/^[\s\u00a0]+/, ''));
    const current = fields.at(-1)?.[0];
    if (m && isField(m[1]!, m[2] ?? '', current)) {
      // A new HD after the text has begun is the next article (an export without AN lines).
      if (m[1] === 'HD' && current) finish();
      fields.push([m[1]!, [m[2] ?? '']]);
      if (m[1] === 'AN') finish();
    } else if (current) fields.at(-1)![1].push(line);
  }
  finish();
  return articles;
}

/** Whether a line that starts with a code is that field, and not a line of the text that happens to start with "IN" or "RE". */
function isField(code: string, value: string, current: string | undefined): boolean {
  if (current === undefined) return code === 'HD';
  if (current === 'LP' || current === 'TD') {
    if (ORDER.indexOf(code) <= ORDER.indexOf(current) && !(current === 'LP' && code === 'TD')) return false;
    if (INDEXING.has(code)) return INDEX_VALUE.test(value);
    if (code === 'AN') return /^Document\s+\S+$/.test(value.trim());
    return code === 'TD' || (value.trim() !== '' && !/[.!?:,;]$/.test(value.trim()));
  }
  return code === 'HD' || ORDER.indexOf(code) > ORDER.indexOf(current);
}

function codedArticle(fields: [string, string[]][]): NewsArticle {
  const article = emptyArticle();
  const body: string[] = [];
  for (const [code, lines] of fields) {
    const value = bodyText(lines.map(bare));
    const oneLine = value.replace(/\s*\n\s*/g, ' ');
    if (code === 'HD') article.headline = oneLine || null;
    else if (code === 'BY') article.byline = oneLine;
    else if (code === 'PD') article.date = oneLine;
    else if (code === 'SN') article.outlet = oneLine;
    else if (code === 'LA') article.language = oneLine;
    else if (code === 'LP' || code === 'TD') body.push(value);
    else if (code === 'AN') article.details.push({ name: NAMES.AN!, value: oneLine.replace(/^Document\s+/, '') });
    else if (NAMES[code]) article.details.push({ name: NAMES[code]!, value: oneLine });
  }
  article.body = body.filter(Boolean).join('\n\n');
  return article;
}

export function readFactivaPlain(text: string): NewsArticle[] {
  const chunks = text.split(new RegExp(DOCUMENT_LINE.source, 'gm'));
  const ids = [...text.matchAll(new RegExp(DOCUMENT_LINE.source, 'gm'))].map((m) =>
    bare(m[0]).replace(/^Document\s+/, ''),
  );
  // What follows the last "Document …" line is not an article.
  return chunks.slice(0, ids.length).map((chunk, i) => plainArticle(chunk, ids[i]!));
}

/**
 * Headline; "By …"; "512 words"; the date; a time; the source's name and code;
 * an edition; the language; the copyright line; then the text.
 */
function plainArticle(chunk: string, id: string): NewsArticle {
  const article = emptyArticle();
  const lines = chunk.split('\n');
  const first = lines.findIndex((l) => bare(l));
  const wordsAt = lines.findIndex(
    (l, i) => i > first && i - first < 8 && /^[\d,.]+ (words|Wörter|mots|palabras|слов)$/.test(bare(l)),
  );
  if (first < 0 || wordsAt < 0) {
    article.error =
      'This part of the Factiva export has no header (no “… words” line), so it is not read as an article.';
    return article;
  }
  const before = lines.slice(first, wordsAt).map(bare).filter(Boolean);
  article.headline = before[0] ?? null;
  article.byline = before.slice(1).find((l) => /^(By|Von|Par|Por)\s/i.test(l)) ?? null;
  article.details.push({ name: 'Length', value: bare(lines[wordsAt]!) });
  // After the length: short header lines up to the copyright line (or the language, where there is none).
  let at = wordsAt + 1;
  const header: string[] = [];
  for (; at < lines.length && header.length < 8; at++) {
    const l = bare(lines[at]!);
    if (!l) continue;
    if (/^(copyright|©|\(c\))/i.test(l) || /(copyright|©)/i.test(l)) {
      article.details.push({ name: 'Copyright', value: l });
      at++;
      break;
    }
    header.push(l);
  }
  for (const l of header) {
    if (!article.date && isoDate(l)) article.date = l;
    else if (/^\d{1,2}:\d{2}(\s*[AP]M)?$/i.test(l)) article.details.push({ name: 'Time', value: l });
    else if (!article.language && languageCode(l) !== l) article.language = l;
    else if (!article.outlet && article.date) article.outlet = l;
    else if (/^[A-Z0-9]{2,8}$/.test(l)) article.details.push({ name: 'Source code', value: l });
    else article.details.push({ name: 'Edition', value: l });
  }
  article.body = bodyText(lines.slice(at));
  article.details.push({ name: 'Accession number', value: id });
  return article;
}
