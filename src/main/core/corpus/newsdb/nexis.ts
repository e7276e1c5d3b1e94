// Nexis Uni (LexisNexis) downloads, as Word, RTF, PDF or text: each article is
// headline, outlet, date and copyright line, then labelled fields ("Section:",
// "Length:", "Byline:"), a "Body" line, the text, an optional "Graphic" part,
// a "Classification" part ("Language:", "Subject:", "Load-Date:") and "End of
// Document". A file of many starts with a cover page listing the results
// ("Documents (25)", "1. Headline", "Client/Matter: -None-"…). The older
// LexisNexis Academic text download is recognised too: "1 of 25 DOCUMENTS",
// outlet, date, headline, "BYLINE:"/"SECTION:"/"LENGTH:", the text, then
// "LOAD-DATE:", "LANGUAGE:" and the like.
import { bare, emptyArticle, bodyText, labelled, labelSet, type NewsArticle } from './fields.ts';
import { isoDate } from '../importers/dates.ts';

/** What ends each article, in the interface languages Nexis Uni offers. */
const END_WORDS = [
  'End of Document',
  'Ende des Dokuments',
  'Fin du document',
  'Fin del documento',
  'Einde van document',
  'Fine del documento',
];
/** The line that ends each article. */
const END = new RegExp(`^[\\s\\u00a0]*(${END_WORDS.join('|')})[\\s\\u00a0]*$`, 'm');
const END_LINE = new RegExp(END.source, 'gm');
const BODY = /^(Body|Text|Texte|Texto|Tekst)$/;
const CLASSIFICATION = /^(Classification|Klassifikation|Klassifizierung|Classement)$/;
const GRAPHIC = /^(Graphic|Grafik|Graphique)$/;
const BODY_LINE = /^[\s\u00a0]*(Body|Text|Texte|Texto|Tekst)[\s\u00a0]*$/m;

/** Fields of the header (before "Body") and of the classification part, as Nexis Uni labels them. */
const FIELDS = labelSet([
  'Section',
  'Length',
  'Byline',
  'Highlight',
  'Dateline',
  'Edition',
  'Series',
  'Type',
  'Correction',
  'Correction-Date',
  'Notes',
  'Language',
  'Publication-Type',
  'Subject',
  'Geographic',
  'Person',
  'Organization',
  'Company',
  'Industry',
  'Ticker',
  'Load-Date',
  'Document-Type',
  'Journal-Code',
  'Graphic',
  'URL',
  'Rubrik',
  'Länge',
  'Autor',
  'Sprache',
  'Rubrique',
  'Longueur',
  'Langue',
  'Auteur',
]);
/** Which field gives what Quire keeps in its own columns. */
const BYLINE = /^(byline|autor|auteur)$/i;
const LANGUAGE = /^(language|sprache|langue)$/i;
const URL_FIELD = /^url$/i;

const ERROR_PAGE = /We are sorry but there is an error in this document/i;

export function isNexisUni(text: string): boolean {
  // Every text an import reads is asked. END's words are first looked for anywhere, by a plain search (the BBC
  // folder's texts: 1.3 ms in all, against 8 for END, which tries each line), then at a line's start.
  return END_WORDS.some((words) => text.includes(words)) && END.test(text) && BODY_LINE.test(text);
}

/** The articles of a Nexis Uni download, and how many its cover page says it holds (null without a cover). */
export function readNexisUni(text: string): { articles: NewsArticle[]; expected: number | null } {
  const chunks = text.split(END_LINE).filter((_, i) => i % 2 === 0);
  // What follows the last "End of Document" is the file's end (or a cut-off download): kept only if it holds an article.
  const last = chunks.at(-1) ?? '';
  if (!BODY_LINE.test(last)) chunks.pop();
  let expected: number | null = null;
  if (chunks.length) {
    const cover = coverPage(chunks[0]!);
    if (cover) {
      expected = cover.count;
      chunks[0] = cover.firstArticle;
    }
  }
  return { articles: chunks.map(nexisUniArticle), expected };
}

/**
 * The cover page of a download of many: "Documents (25)" and a numbered list of
 * headlines, each with its search's details. The first article begins at its
 * headline's line after the list.
 */
function coverPage(chunk: string): { count: number; firstArticle: string } | null {
  const lines = chunk.split('\n');
  const countAt = lines.findIndex((l) => /^(Documents|Dokumente|Résultats|Documentos)\s*\((\d+)\)$/.test(bare(l)));
  if (countAt < 0 || countAt > 12) return null;
  const count = Number(/\((\d+)\)/.exec(lines[countAt]!)![1]);
  const first = lines
    .slice(countAt + 1)
    .map(bare)
    .find((l) => /^1\.\s+\S/.test(l));
  const headline = first?.replace(/^1\.\s+/, '');
  let start = -1;
  if (headline) {
    for (let i = lines.length - 1; i > countAt; i--) {
      if (bare(lines[i]!) === headline) {
        start = i;
        break;
      }
    }
  }
  // Without the headline found again, the article starts after the cover's last search detail.
  if (start < 0) {
    const details = lines.map((l, i) =>
      /^(Client\/Matter|Search Terms|Search Type|Narrowed by|Content Type|Sources?|Timeline)\b/.test(bare(l)) ? i : -1,
    );
    start = Math.max(...details) + 1;
  }
  return { count, firstArticle: lines.slice(start).join('\n') };
}

function nexisUniArticle(chunk: string): NewsArticle {
  const lines = chunk.split('\n');
  const article = emptyArticle();
  if (ERROR_PAGE.test(chunk)) {
    article.headline = lines.map(bare).find(Boolean) ?? null;
    article.error =
      'Nexis Uni put an error page here instead of the article (“there is an error in this document”): download it again.';
    return article;
  }
  const bodyAt = lines.findIndex((l) => BODY.test(bare(l)));
  let end = lines.length;
  for (let i = lines.length - 1; i > bodyAt; i--) {
    if (CLASSIFICATION.test(bare(lines[i]!))) {
      end = i;
      break;
    }
  }
  // The header: unlabelled lines by position (headline, outlet, date, copyright), then labelled fields.
  const unlabelled: string[] = [];
  for (const line of lines.slice(0, bodyAt).map(bare).filter(Boolean)) {
    const field = labelled(line, FIELDS);
    if (field) keepField(article, field);
    else if (/^(copyright|©|\(c\))/i.test(line)) article.details.push({ name: 'Copyright', value: line });
    else unlabelled.push(line);
  }
  article.headline = unlabelled[0] ?? null;
  article.outlet = unlabelled[1] ?? null;
  const dateLine = unlabelled.slice(2).find((l) => isoDate(l));
  article.date = dateLine ?? unlabelled[2] ?? null;
  for (const extra of unlabelled.slice(2).filter((l) => l !== article.date))
    article.details.push({ name: 'Edition', value: extra });
  // The text, without the "Graphic" part (a photo's caption) at its end.
  let text = lines.slice(bodyAt + 1, end);
  const graphicAt = text.findLastIndex((l) => GRAPHIC.test(bare(l)));
  if (graphicAt >= 0) {
    article.details.push({ name: 'Graphic', value: bodyText(text.slice(graphicAt + 1)).replace(/\s+/g, ' ') });
    text = text.slice(0, graphicAt);
  }
  article.body = bodyText(text);
  for (const line of lines
    .slice(end + 1)
    .map(bare)
    .filter(Boolean)) {
    const field = labelled(line, FIELDS);
    if (field) keepField(article, field);
  }
  return article;
}

function keepField(article: NewsArticle, { label, value }: { label: string; value: string }): void {
  if (BYLINE.test(label)) article.byline = value;
  else if (LANGUAGE.test(label)) article.language = value;
  else if (URL_FIELD.test(label)) article.url = value;
  else article.details.push({ name: label, value });
}

// The older LexisNexis Academic text download.
const ACADEMIC_START = /^[\s\u00a0]*(\d+)\s+of\s+(\d+)\s+DOCUMENTS?[\s\u00a0]*$/gm;
const HEADER_FIELDS = labelSet([
  'BYLINE',
  'SECTION',
  'LENGTH',
  'DATELINE',
  'HIGHLIGHT',
  'EDITION',
  'BODY',
  'SERIES',
  'TYPE',
]);
const TRAILER_FIELDS = labelSet([
  'LOAD-DATE',
  'LANGUAGE',
  'PUBLICATION-TYPE',
  'JOURNAL-CODE',
  'URL',
  'GRAPHIC',
  'CORRECTION-DATE',
  'CORRECTION',
  'DOCUMENT-TYPE',
  'SUBJECT',
  'NOTES',
  'DISTRIBUTION',
  'GEOGRAPHIC',
  'ORGANIZATION',
  'PERSON',
  'COMPANY',
  'INDUSTRY',
  'TICKER',
  'ACC-NO',
]);

export function isLexisNexisAcademic(text: string): boolean {
  // As for isNexisUni: its first line holds "DOCUMENT", looked for plainly first.
  return (
    text.includes('DOCUMENT') &&
    /^[\s\u00a0]*1\s+of\s+\d+\s+DOCUMENTS?[\s\u00a0]*$/m.test(text) &&
    /^(LENGTH|LOAD-DATE|LANGUAGE):/m.test(text)
  );
}

export function readLexisNexisAcademic(text: string): { articles: NewsArticle[]; expected: number | null } {
  const starts = [...text.matchAll(ACADEMIC_START)];
  const expected = starts.length ? Number(starts[0]![2]) : null;
  const articles = starts.map((m, i) =>
    academicArticle(text.slice(m.index + m[0].length, starts[i + 1]?.index ?? text.length)),
  );
  return { articles, expected };
}

/** Blank-line-separated paragraphs of a chunk, each as its trimmed lines. */
function paragraphs(chunk: string): string[][] {
  return chunk
    .split(/\n[\s\u00a0]*\n/)
    .map((p) => p.split('\n').map(bare).filter(Boolean))
    .filter((p) => p.length);
}

function academicArticle(chunk: string): NewsArticle {
  const article = emptyArticle();
  const paras = paragraphs(chunk);
  const isHeaderField = (p: string[]) => labelled(p[0]!, HEADER_FIELDS) !== null;
  const firstField = paras.findIndex(isHeaderField);
  const head = firstField < 0 ? paras.slice(0, 3) : paras.slice(0, firstField);
  // Outlet first, then the date (with edition lines), a copyright line, and the headline last.
  const unlabelled: string[] = [];
  for (const p of head) {
    if (/^(copyright|©|\(c\))/i.test(p[0]!)) article.details.push({ name: 'Copyright', value: p.join(' ') });
    else if (!article.date && unlabelled.length > 0 && isoDate(p[0]!)) {
      article.date = p[0]!;
      for (const edition of p.slice(1)) article.details.push({ name: 'Edition', value: edition });
    } else unlabelled.push(p.join(' '));
  }
  article.outlet = unlabelled[0] ?? null;
  article.headline = unlabelled.length > 1 ? unlabelled.at(-1)! : null;
  // Header fields run until the first paragraph that is not one.
  let at = Math.max(firstField, head.length);
  while (at < paras.length && isHeaderField(paras[at]!)) {
    const field = labelled(paras[at]![0]!, HEADER_FIELDS)!;
    const value = [field.value, ...paras[at]!.slice(1)].join(' ');
    if (/^byline$/i.test(field.label)) article.byline = value;
    else if (!/^body$/i.test(field.label)) article.details.push({ name: capitalised(field.label), value });
    at++;
  }
  // The trailer: the last paragraphs that are all trailing fields or the copyright line.
  let end = paras.length;
  while (end > at) {
    const p = paras[end - 1]!;
    const trailing = p.every((l) => labelled(l, TRAILER_FIELDS) || /^(copyright|©|\(c\))/i.test(l));
    if (!trailing) break;
    end--;
  }
  for (const line of paras.slice(end).flat()) {
    const field = labelled(line, TRAILER_FIELDS);
    if (!field) article.details.push({ name: 'Copyright', value: line });
    else if (/^language$/i.test(field.label)) article.language = field.value;
    else if (/^url$/i.test(field.label)) article.url = field.value;
    else article.details.push({ name: capitalised(field.label), value: field.value });
  }
  article.body = paras
    .slice(at, end)
    .map((p) => p.join('\n'))
    .join('\n\n');
  return article;
}

const capitalised = (label: string) => label.charAt(0) + label.slice(1).toLowerCase();
