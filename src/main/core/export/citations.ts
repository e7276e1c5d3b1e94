// The project's documents as references, for a paper to cite them: CSL-JSON
// (Zotero, Pandoc, citation processors) and RIS (every reference manager).
// Written from what Quire knows of each document: title, authors, outlet,
// date, address, language, and what its import kept (DOI, section, pages).
import type { Db } from '../db/open.ts';
import { KINDS } from '../corpus/references/csl.ts';

/** A kind in words, as imports keep it ("journal article") → its CSL type. */
const CSL_TYPES = new Map(Object.entries(KINDS).map(([type, words]) => [words, type]));

interface Row {
  guid: string;
  title: string | null;
  filename: string | null;
  author: string | null;
  source: string | null;
  published: string | null;
  url: string | null;
  language: string | null;
  details: string | null;
}

type Csl = Record<string, unknown>;

/** The documents, in the order given, as CSL-JSON items. */
export function documentsAsCsl(db: Db, ids: readonly number[]): Csl[] {
  const row = db.prepare<[number], Row>(
    'SELECT guid, title, filename, author, source, published, url, language, details FROM documents WHERE id = ?',
  );
  return ids.flatMap((id) => {
    const d = row.get(id);
    return d ? [cslItem(d)] : [];
  });
}

function cslItem(d: Row): Csl {
  const details = new Map(
    (d.details ? (JSON.parse(d.details) as { name: string; value: string }[]) : []).map((x) => [
      x.name.toLowerCase(),
      x.value,
    ]),
  );
  const type =
    CSL_TYPES.get(details.get('type') ?? '') ?? (d.source ? 'article-newspaper' : d.url ? 'webpage' : 'document');
  const item: Csl = { id: d.guid, type, title: d.title ?? d.filename ?? d.guid };
  const authors = people(d.author);
  if (authors.length) item.author = authors;
  if (d.source) item['container-title'] = d.source;
  if (d.published) item.issued = { 'date-parts': [d.published.split('-').map(Number)] };
  if (d.url) item.URL = d.url;
  if (d.language) item.language = d.language;
  const doi = details.get('doi');
  if (doi) item.DOI = doi;
  const section = details.get('section');
  if (section) item.section = section;
  const pages = details.get('pages');
  if (pages) item.page = pages;
  return item;
}

/** "Andrew Roth and Pjotr Sauer", "Ann Smith, Bo Lee" → CSL names; an organisation ("Reuters") is a literal name. */
function people(author: string | null): Csl[] {
  if (!author) return [];
  return author
    .split(/\s*,\s*|\s+and\s+|\s*&\s*/)
    .filter(Boolean)
    .map((name) => {
      const words = name.split(/\s+/);
      return words.length > 1 ? { given: words.slice(0, -1).join(' '), family: words.at(-1) } : { literal: name };
    });
}

const RIS_TYPES: Record<string, string> = {
  'article-newspaper': 'NEWS',
  'article-magazine': 'MGZN',
  'article-journal': 'JOUR',
  webpage: 'ELEC',
  'post-weblog': 'BLOG',
  book: 'BOOK',
  chapter: 'CHAP',
  report: 'RPRT',
  thesis: 'THES',
  'paper-conference': 'CPAPER',
  document: 'GEN',
};

/** CSL items as RIS records (CRLF line ends, as the format's writers use). */
export function risText(items: readonly Csl[]): string {
  const lines: string[] = [];
  const tag = (t: string, v: unknown) => {
    if (v !== undefined && v !== null && v !== '') lines.push(`${t}  - ${String(v).replace(/\s*\n\s*/g, ' ')}`);
  };
  for (const item of items) {
    tag('TY', RIS_TYPES[item.type as string] ?? 'GEN');
    tag('TI', item.title);
    for (const a of (item.author as Csl[] | undefined) ?? []) tag('AU', a.literal ?? `${a.family}, ${a.given}`);
    tag('T2', item['container-title']);
    const date = (item.issued as { 'date-parts': number[][] } | undefined)?.['date-parts'][0];
    if (date) {
      tag('PY', date[0]);
      tag('DA', `${date[0]}/${String(date[1]).padStart(2, '0')}/${String(date[2]).padStart(2, '0')}/`);
    }
    tag('UR', item.URL);
    tag('DO', item.DOI);
    tag('LA', item.language);
    tag('SE', item.section);
    tag('SP', item.page);
    tag('ID', item.id);
    lines.push('ER  - ', '');
  }
  return lines.join('\r\n');
}
