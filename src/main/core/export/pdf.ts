// Printing the HTML report to PDF. The printer is the face's to give: headless
// Chromium for the CLI and the browser harness (src/main/printers/chromium.ts),
// webContents.printToPDF in the desktop app (src/main/app/printer.ts).
import { QuireError } from '../../../shared/errors.ts';
import { loadPdfjs, openPdf } from '../corpus/importers/pdf/open.ts';

export interface PrintOptions {
  paper: 'A4' | 'Letter';
  signal?: AbortSignal;
}

export type PdfPrinter = (html: string, options: PrintOptions) => Promise<Uint8Array>;

/** How both printers set up the page: the report's own page size and margins, backgrounds (the highlights), and page numbers ("3 / 12") at the foot. */
export const PAGE_SETUP = {
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: true,
  headerTemplate: '<span></span>',
  footerTemplate:
    '<div style="width:100%;font:8px DejaVu Sans,Arial,sans-serif;color:#666;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
} as const;

/**
 * A printer's failure after a cancel is the cancel. exportFile (export/index.ts)
 * already reads any failure after a cancel so; only app/printer.ts still calls this.
 */
export function failure(e: unknown, signal: AbortSignal | undefined): unknown {
  return signal?.aborted ? new QuireError('cancelled', 'The export was cancelled; nothing was written.') : e;
}

/**
 * The page (from 1) each of the PDF's named destinations is on: Chromium names one for every element a link in the
 * report points to (the contents' links to their sections). A destination the PDF does not have is left out.
 */
export async function destinationPages(pdf: Uint8Array, names: readonly string[]): Promise<Map<string, number>> {
  // pdf.js as the importer opens PDFs: reading only, nothing from outside the file.
  const { doc, close } = await openPdf(await loadPdfjs(), pdf);
  try {
    const pages = new Map<string, number>();
    for (const name of names) {
      const ref = (await doc.getDestination(name))?.[0];
      if (ref && typeof ref === 'object')
        pages.set(name, (await doc.getPageIndex(ref as Parameters<typeof doc.getPageIndex>[0])) + 1);
    }
    return pages;
  } finally {
    await close();
  }
}
