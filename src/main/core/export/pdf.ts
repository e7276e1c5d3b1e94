// Printing the HTML report to PDF. The printer is injected: headless Chromium
// here (CLI, browser harness, tests), webContents.printToPDF in the desktop app.
import { QuireError } from '../../../shared/errors.ts';
import { launchChromium } from './chromium.ts';

export interface PrintOptions {
  paper: 'A4' | 'Letter';
  signal?: AbortSignal;
}

export type PdfPrinter = (html: string, options: PrintOptions) => Promise<Uint8Array>;

/** Page numbers at the foot of every page ("3 / 12"), the same from both printers. */
export const FOOTER_TEMPLATE =
  '<div style="width:100%;font:8px DejaVu Sans,Arial,sans-serif;color:#666;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>';

/** Prints with a headless Chromium started for the job and closed after it. */
export const chromiumPrinter: PdfPrinter = async (html, options) => {
  const browser = await launchChromium();
  const abort = () => void browser.close();
  options.signal?.addEventListener('abort', abort);
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    // Nothing leaves the machine: the report is self-contained.
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: options.paper,
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER_TEMPLATE,
    });
  } catch (e) {
    if (options.signal?.aborted) throw new QuireError('cancelled', 'The export was cancelled; nothing was written.');
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', abort);
    await browser.close();
  }
};
