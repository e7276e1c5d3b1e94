// Pages read by OCR: pictures of text (scans) and pages whose text layer is
// garbled are drawn (render.ts) and read by tesseract (../../ocr.ts); their
// lines, brought back to the page's points, replace what the text layer gave,
// and go through the same reading of columns and paragraphs.
import { languageNames } from '../../../../../shared/ocr.ts';
import { specksWarning, uncertainWarning, withOcr } from '../../ocr.ts';
import type { OcrSummary, ParseOptions } from '../types.ts';
import { garbledWarnings, type GarbledPage } from './garbled.ts';
import type { Page } from './lines.ts';
import type { PdfDocument } from './open.ts';
import { pageList } from './page-list.ts';
import { renderPage } from './render.ts';

/** Reads these pages by OCR, in place; says what was read, how, and how sure it was. */
export async function readByOcr(
  doc: PdfDocument,
  pages: Page[],
  pictures: Page[],
  garbled: GarbledPage[],
  options: ParseOptions,
  warnings: string[],
): Promise<OcrSummary> {
  const numbers = [...new Set([...pictures.map((p) => p.number), ...garbled.map((g) => g.number)])].sort(
    (a, b) => a - b,
  );
  const languages = options.ocrLanguages;
  const confidences: number[] = [];
  const uncertain: string[] = [];
  const empty: number[] = [];
  let specks = 0;
  await withOcr({ languages }, async (read) => {
    for (const number of numbers) {
      const { png, scale } = await renderPage(doc, number);
      const result = await read(png);
      const page = pages[number - 1]!;
      page.lines = result.lines.map((l) => ({
        ...l,
        x0: l.x0 / scale,
        x1: l.x1 / scale,
        y: l.y / scale,
        size: l.size / scale,
      }));
      page.pictured = 0;
      if (result.lines.length === 0) empty.push(number);
      else confidences.push(result.confidence);
      uncertain.push(...result.uncertain);
      specks += result.specks;
    }
  });
  const confidence = confidences.length ? Math.round(confidences.reduce((a, b) => a + b, 0) / confidences.length) : 0;
  const how = `in ${languageNames(languages)}, mean confidence ${confidence}%`;
  if (pictures.length) {
    const one = pictures.length === 1;
    warnings.push(
      `${pageList(pictures.map((p) => p.number))} ${one ? 'is a picture' : 'are pictures'} of text (a scan): read by OCR (${how}).`,
    );
  }
  warnings.push(...garbledWarnings(garbled, how));
  if (empty.length)
    warnings.push(
      `OCR found no text on ${pageList(empty).replace(/^P/, 'p')}: whatever ${empty.length === 1 ? 'it shows' : 'they show'} is not in the imported text.`,
    );
  if (uncertain.length) warnings.push(uncertainWarning(uncertain, 'the PDF'));
  if (specks) warnings.push(specksWarning(specks));
  return { languages: [...languages], confidence, pages: numbers, uncertain };
}
