// The registry of importers: one module per format.
import { extname } from 'node:path';
import { htmlImporter } from './html.ts';
import { markdownImporter } from './markdown.ts';
import { textImporter } from './text.ts';
import type { Importer } from './types.ts';

export type { Importer, ParsedDocument, FoundMetadata } from './types.ts';

export const importers: readonly Importer[] = [textImporter, markdownImporter, htmlImporter];

export function importerFor(path: string): Importer | undefined {
  const ext = extname(path).toLowerCase();
  return importers.find((i) => i.extensions.includes(ext));
}

export function supportedExtensions(): string[] {
  return importers.flatMap((i) => i.extensions);
}
