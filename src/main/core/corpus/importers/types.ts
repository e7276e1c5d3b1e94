import type { OcrLanguage } from '../../../../shared/ocr.ts';
/** Metadata an importer found in a file; null where the file does not carry it. */
export interface FoundMetadata {
  title: string | null;
  author: string | null;
  published: string | null;
  source: string | null;
  url: string | null;
  language: string | null;
}

/** A field the file gives that Quire has no column for ("Section": "World News"), kept with the document. */
export interface Detail {
  name: string;
  value: string;
}

/** What an importer makes of one file: the text to store and what it found. */
export interface ParsedDocument {
  /** The document's text, already normalised (NFC, LF, no BOM). */
  text: string;
  metadata: FoundMetadata;
  encoding: string;
  warnings: string[];
  /** Further fields the file gives (a news database's section, length, copyright…), in its order. */
  details?: Detail[];
  /**
   * The text with each line of the page on its own line (a PDF, whose `text` joins a paragraph's lines): where a
   * news database's export is recognised, its fields each on their line.
   */
  layout?: string;
  /** When some or all of the text was read by OCR: how, and how sure it was. */
  ocr?: OcrSummary;
}

/** How a document's text was read by OCR. */
export interface OcrSummary {
  languages: OcrLanguage[];
  /** Mean confidence over the pictures read, 0–100. */
  confidence: number;
  /** The pages read by OCR (of a PDF); empty for an image. */
  pages: number[];
  /** Words read with low confidence, in the order of the text. */
  uncertain: string[];
}

/** What the user chose for this import that importers need: the languages OCR reads. */
export interface ParseOptions {
  ocrLanguages: OcrLanguage[];
}

export const DEFAULT_PARSE_OPTIONS: ParseOptions = { ocrLanguages: ['eng'] };

/** How one file format is read. Adding a format is one module and one entry in the registry (importers/index.ts), which names its format and extensions. */
export interface Importer {
  description: string;
  /** Throws QuireError('invalid_input', …) when the file cannot be read as this format. */
  parse(bytes: Uint8Array, filename: string, options: ParseOptions): ParsedDocument | Promise<ParsedDocument>;
  /**
   * For formats whose files hold many articles (exports of news databases):
   * an import then stores each article as its own document, and one article
   * that cannot be read fails alone. `parse` still reads a file of one article.
   * Throws QuireError('invalid_input', …) when the file as a whole cannot be read.
   */
  parseMany?(bytes: Uint8Array, filename: string, context: ImportContext): ParsedArticle[] | Promise<ParsedArticle[]>;
}

/** What an importer may read besides its own file: the files an export names beside it (a reference manager's attachments). */
export interface ImportContext {
  /** A file the export names (by the path it gives, relative to the export's folder), read as a document; or why it cannot be. */
  attachment(path: string): Promise<{ document: ParsedDocument } | { error: string }>;
}

/** One article of a file that holds many: its label in the import report ("row 3: Title"), and its document or why there is none. */
export type ParsedArticle = { label: string } & ({ document: ParsedDocument } | { error: string });

export function emptyMetadata(): FoundMetadata {
  return { title: null, author: null, published: null, source: null, url: null, language: null };
}

/** Fills the gaps in `found` from `fallback`; what `found` has wins. */
export function mergeMetadata(found: FoundMetadata, fallback: Partial<FoundMetadata>): FoundMetadata {
  const out = { ...found };
  for (const key of Object.keys(out) as (keyof FoundMetadata)[]) {
    if (!out[key] && fallback[key]) out[key] = fallback[key] ?? null;
  }
  return out;
}
