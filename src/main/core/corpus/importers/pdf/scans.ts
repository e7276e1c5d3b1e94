// Scans: a PDF whose pages carry no text layer is pictures of text, which
// Quire does not read (no OCR). No text at all refuses the file; some bare
// pages are a warning, so the rest of the article still comes in.
import { QuireError } from '../../../../../shared/errors.ts';
import type { Page } from './lines.ts';
import { pageList } from './page-list.ts';

/** A page with fewer characters than this has no real text layer. */
const TEXT_PAGE_CHARS = 20;

/** No text at all: the scan message. Some pages without text: a warning, the rest is imported. */
export function checkTextLayer(pages: Page[], warnings: string[]): void {
  const readable = pages.filter((p) => p.readable);
  const bare = readable.filter((p) => p.lines.reduce((n, l) => n + l.text.replace(/\s/g, '').length, 0) < TEXT_PAGE_CHARS);
  if (bare.length === readable.length) throw noTextLayer();
  if (bare.length > 0) {
    warnings.push(
      `${pageList(bare.map((p) => p.number))} ${bare.length === 1 ? 'has' : 'have'} no text layer (a scan, an image or a blank page): whatever ${bare.length === 1 ? 'it shows' : 'they show'} is not in the imported text.`,
    );
  }
}

export function noTextLayer(): QuireError {
  return new QuireError(
    'invalid_input',
    'This PDF has no text layer (it is a scan or images); Quire does not read scans (no OCR). Make a searchable copy with an OCR program first, or import the article as text.',
  );
}
