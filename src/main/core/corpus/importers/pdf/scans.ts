// Scans: a page that is a picture of text has little or no text layer over a
// picture covering much of it; such pages are read by OCR (ocr-pages.ts). A
// short page of real text (a last page, a title page) is not a scan, and
// neither is a blank page: neither loses anything.
import { QuireError } from '../../../../../shared/errors.ts';
import { languageNames } from '../../../../../shared/ocr.ts';
import type { ParseOptions } from '../types.ts';
import { LITTLE_TEXT, textLength, type Page } from './lines.ts';

/** A page with little text whose pictures cover at least this share of it is a picture of text. */
const PICTURE_SHARE = 0.3;

/** The readable pages that are pictures of text. */
export function picturePages(pages: Page[]): Page[] {
  return pages.filter((p) => p.readable && p.pictured >= PICTURE_SHARE && textLength(p.lines) < LITTLE_TEXT);
}

/** No text in the whole PDF, even by OCR. */
export function noText(options: ParseOptions): QuireError {
  return new QuireError(
    'invalid_input',
    `This PDF has no text: no text layer, and OCR (in ${languageNames(options.ocrLanguages)}) found no text in its pictures. If it shows text in another language, import it again with that language chosen for OCR.`,
  );
}
