// Pages as pictures, for OCR: pdf.js draws a page on a canvas (@napi-rs/canvas,
// which pdf.js itself loads in Node) at a resolution tesseract reads well.
import type { PdfDocument } from './open.ts';

/** Tesseract reads best at about 300 dots per inch; a PDF's unit is 1/72 inch. */
const SCALE = 300 / 72;
/** Larger pages are drawn smaller, so that a poster-sized page cannot exhaust memory. */
const MAX_PIXELS = 40e6;

/** The page drawn on white, as PNG bytes, and how many pixels a point is. */
export async function renderPage(doc: PdfDocument, number: number): Promise<{ png: Uint8Array; scale: number }> {
  const page = await doc.getPage(number);
  try {
    const unit = page.getViewport({ scale: 1 });
    const scale = Math.min(SCALE, Math.sqrt(MAX_PIXELS / (unit.width * unit.height)));
    const viewport = page.getViewport({ scale });
    const { createCanvas } = await import('@napi-rs/canvas');
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    // pdf.js's types are the browser's; in Node it draws on this canvas as on one.
    type RenderParameters = Parameters<typeof page.render>[0];
    await page.render({
      canvas: canvas as unknown as RenderParameters['canvas'],
      canvasContext: context as unknown as RenderParameters['canvasContext'],
      viewport,
    }).promise;
    return { png: canvas.toBuffer('image/png'), scale };
  } finally {
    page.cleanup();
  }
}
