// The registry of importers: one module per format, loaded when a file of its format is read. The registry
// itself holds only what choosing an importer needs (its format, extensions, whether it is parsed apart), so
// listing what Quire imports, or any command that imports nothing, loads no parser and none of their libraries.
import { extname } from 'node:path';
import type { Importer } from './types.ts';

export type { Detail, ImportContext, Importer, ParsedArticle, ParsedDocument, FoundMetadata } from './types.ts';

/** A format as the registry knows it: all that choosing an importer needs, and how to load it. */
export interface ImporterEntry {
  format: string;
  extensions: readonly string[];
  /**
   * Formats read by large third-party parsers (PDF, Word), or whose files can
   * take seconds to read (exports of many articles, references whose
   * attachments are PDFs and saved pages): always parsed in a worker thread,
   * under a time limit, so a hostile or broken file cannot hang or crash the app.
   */
  isolated?: boolean;
  load(): Promise<Importer>;
}

export const importers: readonly ImporterEntry[] = [
  { format: 'txt', extensions: ['.txt', '.text'], load: async () => (await import('./text.ts')).textImporter },
  {
    format: 'md',
    extensions: ['.md', '.markdown'],
    load: async () => (await import('./markdown.ts')).markdownImporter,
  },
  {
    format: 'html',
    extensions: ['.html', '.htm', '.xhtml'],
    load: async () => (await import('./html.ts')).htmlImporter,
  },
  {
    format: 'mhtml',
    extensions: ['.mhtml', '.mht'],
    isolated: true,
    load: async () => (await import('./mhtml.ts')).mhtmlImporter,
  },
  {
    format: 'pdf',
    extensions: ['.pdf'],
    isolated: true,
    load: async () => (await import('./pdf/index.ts')).pdfImporter,
  },
  { format: 'docx', extensions: ['.docx'], isolated: true, load: async () => (await import('./docx.ts')).docxImporter },
  { format: 'odt', extensions: ['.odt'], isolated: true, load: async () => (await import('./odt.ts')).odtImporter },
  // Pictures make an RTF file large, a second or more to read.
  { format: 'rtf', extensions: ['.rtf'], isolated: true, load: async () => (await import('./rtf.ts')).rtfImporter },
  // Exports of thousands of articles take seconds to read.
  { format: 'csv', extensions: ['.csv'], isolated: true, load: async () => (await import('./csv.ts')).csvImporter },
  { format: 'json', extensions: ['.json'], isolated: true, load: async () => (await import('./json.ts')).jsonImporter },
  {
    format: 'ris',
    extensions: ['.ris'],
    isolated: true,
    load: async () => (await import('./references.ts')).risImporter,
  },
  {
    format: 'bibtex',
    extensions: ['.bib', '.bibtex'],
    isolated: true,
    load: async () => (await import('./references.ts')).bibtexImporter,
  },
  {
    format: 'image',
    extensions: ['.png', '.jpg', '.jpeg', '.tif', '.tiff'],
    isolated: true,
    load: async () => (await import('./image.ts')).imageImporter,
  },
];

export function importerFor(path: string): ImporterEntry | undefined {
  const ext = extname(path).toLowerCase();
  return importers.find((i) => i.extensions.includes(ext));
}

export function supportedExtensions(): string[] {
  return importers.flatMap((i) => i.extensions);
}
