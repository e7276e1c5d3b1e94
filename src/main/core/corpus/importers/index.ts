// The registry of importers: one module per format.
import { extname } from 'node:path';
import { csvImporter } from './csv.ts';
import { docxImporter } from './docx.ts';
import { htmlImporter } from './html.ts';
import { imageImporter } from './image.ts';
import { jsonImporter } from './json.ts';
import { markdownImporter } from './markdown.ts';
import { mhtmlImporter } from './mhtml.ts';
import { odtImporter } from './odt.ts';
import { pdfImporter } from './pdf/index.ts';
import { bibtexImporter, risImporter } from './references.ts';
import { rtfImporter } from './rtf.ts';
import { textImporter } from './text.ts';
import type { Importer } from './types.ts';

export type { Detail, ImportContext, Importer, ParsedArticle, ParsedDocument, FoundMetadata } from './types.ts';

export const importers: readonly Importer[] = [
  textImporter,
  markdownImporter,
  htmlImporter,
  mhtmlImporter,
  pdfImporter,
  docxImporter,
  odtImporter,
  rtfImporter,
  csvImporter,
  jsonImporter,
  risImporter,
  bibtexImporter,
  imageImporter,
];

export function importerFor(path: string): Importer | undefined {
  const ext = extname(path).toLowerCase();
  return importers.find((i) => i.extensions.includes(ext));
}

export function supportedExtensions(): string[] {
  return importers.flatMap((i) => i.extensions);
}
