// Scans: a page that is a picture of text has little or no text layer over a
// picture covering much of it. A short page of real text (a last page, a title
// page) is not a scan, and neither is a blank page: neither loses anything.
import { QuireError } from '../../../../../shared/errors.ts';
import { LITTLE_TEXT, textLength, type Page } from './lines.ts';
import { pageList } from './page-list.ts';

/** A page with little text whose pictures cover at least this share of it is a picture of text. */
const PICTURE_SHARE = 0.3;

/** The readable pages that are pictures of text. */
export function picturePages(pages: Page[]): Page[] {
  return pages.filter((p) => p.readable && p.pictured >= PICTURE_SHARE && textLength(p.lines) < LITTLE_TEXT);
}

/** Only pictures of text: the scan message. Some: a warning, the rest is imported. */
export function checkTextLayer(pages: Page[], warnings: string[]): void {
  const pictures = picturePages(pages);
  if (pictures.length === 0) return;
  if (pages.every((p) => !p.readable || pictures.includes(p) || textLength(p.lines) === 0)) throw noTextLayer();
  warnings.push(
    `${pageList(pictures.map((p) => p.number))} ${pictures.length === 1 ? 'is a picture' : 'are pictures'} of text (a scan) with no text layer: whatever ${pictures.length === 1 ? 'it shows' : 'they show'} is not in the imported text.`,
  );
}

export function noTextLayer(): QuireError {
  return new QuireError(
    'invalid_input',
    'This PDF has no text layer (it is a scan or images); Quire does not read scans (no OCR). Make a searchable copy with an OCR program first, or import the article as text.',
  );
}
