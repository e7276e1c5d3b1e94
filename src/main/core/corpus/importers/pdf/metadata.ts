// A PDF's own metadata: title, author and language from its document
// information and XMP, with the placeholders word processors and scanners
// write there ("Microsoft Word - draft.docx", "admin") left out.
import { basename, extname } from 'node:path';
import { normaliseText } from '../../normalise.ts';
import { isPlaceholderAuthor } from '../office.ts';
import { emptyMetadata, type FoundMetadata } from '../types.ts';
import type { PdfDocument } from './open.ts';

/**
 * Title, author and language from the document information and XMP. No date:
 * a PDF's creation date is when it was made or printed, not when the article
 * appeared, so the date comes from the text (metadata.ts).
 */
export async function pdfMetadata(
  doc: PdfDocument,
  filename: string,
): Promise<{ metadata: FoundMetadata; version: string | null }> {
  const metadata = emptyMetadata();
  let info: Record<string, unknown>;
  let xmp: { get(name: string): unknown } | null;
  try {
    const found = await doc.getMetadata();
    info = (found.info ?? {}) as Record<string, unknown>;
    xmp = found.metadata;
  } catch {
    return { metadata, version: null };
  }
  metadata.title =
    [xmp?.get('dc:title'), info.Title].map((v) => usableTitle(stringOf(v), filename)).find((t) => t !== null) ?? null;
  metadata.author =
    [xmp?.get('dc:creator'), info.Author].map((v) => usableAuthor(stringOf(v))).find((a) => a !== null) ?? null;
  metadata.language = stringOf(info.Language);
  return { metadata, version: stringOf(info.PDFFormatVersion) };
}

function stringOf(value: unknown): string | null {
  const s = Array.isArray(value)
    ? value.filter((v) => typeof v === 'string').join(', ')
    : typeof value === 'string'
      ? value
      : '';
  const clean = normaliseText(s).replace(/\s+/g, ' ').trim();
  return clean === '' ? null : clean;
}

const FILE_NAME = /\.(?:docx?|pdf|odt|rtf|txt|html?|indd|pages|tex|dvi|ps|pptx?|xlsx?|qxd|qxp|pub)$/i;
const PLACEHOLDER_TITLE =
  /^(?:untitled|title|document\d*|new document|unknown|no title|slide \d+|page \d+|print|untitled document)$/i;

/** A title the PDF carries, unless it is the name of a file, a placeholder or a word processor's label. */
function usableTitle(title: string | null, filename: string): string | null {
  if (!title || !/\p{L}/u.test(title) || title.length > 300) return null;
  if (/^microsoft\s+(?:word|powerpoint|excel)\b/i.test(title) || FILE_NAME.test(title) || PLACEHOLDER_TITLE.test(title))
    return null;
  if (/^(?:https?:|file:|[a-z]:\\|\/)/i.test(title)) return null;
  const stem = basename(filename, extname(filename)).toLowerCase();
  if (title.toLowerCase() === stem || title.toLowerCase() === basename(filename).toLowerCase()) return null;
  if (/^[\w-]+$/.test(title) && /_|\d{3,}/.test(title)) return null; // "scan_0001", "DOC-20230512"
  return title;
}

/** An author the PDF carries, unless it is a login name or a placeholder. */
function usableAuthor(author: string | null): string | null {
  if (!author || !/\p{L}/u.test(author) || author.length > 200) return null;
  if (isPlaceholderAuthor(author) || /^[a-z0-9._-]+$/.test(author)) return null;
  return author;
}
