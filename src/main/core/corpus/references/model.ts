// What reference managers (Zotero, EndNote, Mendeley) export about an item, in
// one shape whichever file it came in (RIS, BibTeX, CSL-JSON), and how an item
// becomes a document: its attached full text (a PDF, a saved web page) when the
// export has one, else its abstract, marked as such.
import { clip, plural } from '../../../../shared/text.ts';
import { languageCode } from '../newsdb/fields.ts';
import { listNames } from '../metadata.ts';
import {
  emptyMetadata,
  type Detail,
  type ImportContext,
  type ParsedArticle,
  type ParsedDocument,
} from '../importers/types.ts';
import { isoDay } from '../importers/dates.ts';

export interface Reference {
  /** Where the item starts in its file, for messages ("line 12"). */
  line: number;
  /** What kind of item it is, in words ("newspaper article"). */
  kind: string | null;
  title: string | null;
  /** People as "Given Family". */
  authors: string[];
  /** Year, month and day, as far as the item gives them. */
  date: number[];
  publication: string | null;
  doi: string | null;
  url: string | null;
  language: string | null;
  abstract: string | null;
  tags: string[];
  notes: string[];
  /** Further fields worth keeping (pages, volume, publisher, citation key). */
  extra: Detail[];
  /** Attached files, by the paths the export gives. */
  attachments: string[];
}

export function emptyReference(line: number): Reference {
  return {
    line,
    kind: null,
    title: null,
    authors: [],
    date: [],
    publication: null,
    doi: null,
    url: null,
    language: null,
    abstract: null,
    tags: [],
    notes: [],
    extra: [],
    attachments: [],
  };
}

/** One that could not be read at all: said with its line. */
export interface ReferenceError {
  line: number;
  message: string;
}

const ATTACHABLE = /\.(pdf|html?|xhtml|txt|docx|odt|rtf|md|epub)$/i;
/** Full texts to prefer: a PDF before a saved page before anything else. */
const rank = (path: string) => (/\.pdf$/i.test(path) ? 0 : /\.x?html?$/i.test(path) ? 1 : 2);

/** Every item of an export as a document, or why it is not one. */
export async function referenceArticles(
  references: readonly Reference[],
  errors: readonly ReferenceError[],
  format: string,
  encoding: string,
  warnings: readonly string[],
  context: ImportContext,
): Promise<ParsedArticle[]> {
  const out: { line: number; article: ParsedArticle }[] = [];
  for (const [i, r] of references.entries())
    out.push({ line: r.line, article: await referenceArticle(r, i, format, encoding, warnings, context) });
  for (const e of errors) out.push({ line: e.line, article: { label: `line ${e.line}`, error: e.message } });
  return out.sort((a, b) => a.line - b.line).map((o) => o.article);
}

async function referenceArticle(
  r: Reference,
  index: number,
  format: string,
  encoding: string,
  warnings: readonly string[],
  context: ImportContext,
): Promise<ParsedArticle> {
  const label = r.title ? `item ${index + 1}: ${clip(r.title, 60)}` : `item ${index + 1}`;
  const metadata = emptyMetadata();
  metadata.title = r.title;
  metadata.author = r.authors.length ? listNames(r.authors) : null;
  metadata.source = r.publication;
  metadata.url = r.url ?? (r.doi ? `https://doi.org/${r.doi}` : null);
  metadata.language = languageCode(r.language);
  const own = [...warnings];
  const [y, m, d] = r.date;
  metadata.published = y && m && d ? isoDay(y, m, d) : null;
  if (y && !metadata.published)
    own.push(
      `The ${format} item gives only ${m ? 'a month' : 'a year'} (${r.date.join('-')}), so the document has no date; the ${m ? 'month' : 'year'} is kept among its details.`,
    );
  const details: Detail[] = [
    { name: 'Reference', value: `${format}, item ${index + 1}` },
    ...(r.kind ? [{ name: 'Type', value: r.kind }] : []),
    ...(y && !metadata.published ? [{ name: 'Date', value: r.date.join('-') }] : []),
    ...(r.doi ? [{ name: 'DOI', value: r.doi }] : []),
    ...(r.tags.length ? [{ name: 'Tags', value: r.tags.join('; ') }] : []),
    ...r.notes.map((n) => ({ name: 'Note', value: n })),
    ...r.extra,
  ];
  // The full text: the first attachment that reads as a document.
  const tried: string[] = [];
  for (const path of [...r.attachments].filter((p) => ATTACHABLE.test(p)).sort((a, b) => rank(a) - rank(b))) {
    const read = await context.attachment(path);
    if ('document' in read) {
      const document: ParsedDocument = {
        text: read.document.text,
        metadata,
        encoding: read.document.encoding,
        warnings: [...own, ...tried, ...read.document.warnings],
        details: [
          ...details,
          { name: 'Full text', value: path },
          ...(r.abstract ? [{ name: 'Abstract', value: r.abstract }] : []),
        ],
      };
      return { label, document };
    }
    tried.push(`The attachment “${path}” could not be used: ${read.error}`);
  }
  const skipped = r.attachments.filter((p) => !ATTACHABLE.test(p));
  if (skipped.length)
    own.push(
      `${plural(skipped.length, 'attachment')} of a kind Quire cannot read ${skipped.length === 1 ? 'was' : 'were'} left out (${skipped.map((p) => `“${p}”`).join(', ')}).`,
    );
  if (r.abstract?.trim()) {
    const why = r.attachments.length ? 'no attached full text could be read' : 'the export attaches no full text';
    return {
      label,
      document: {
        text: r.abstract.trim(),
        metadata,
        encoding,
        warnings: [...own, ...tried, `This document holds the item’s abstract only: ${why}.`],
        details: [...details, { name: 'Full text', value: 'none: the abstract only' }],
      },
    };
  }
  const reasons = tried.length ? ` ${tried.join(' ')}` : '';
  return {
    label,
    error: `Item ${index + 1} (line ${r.line}) has neither a full text attached that Quire could read nor an abstract, so there is no text to import.${reasons}`,
  };
}
