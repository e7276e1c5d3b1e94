// PDF: the article's text rebuilt from where the PDF puts its words. A PDF
// stores runs of glyphs at positions on a page, not paragraphs, so reading
// order and paragraphs are inferred from the layout, in five steps:
//   1. words → lines (lines.ts): runs on one baseline, split where a wide gap separates columns;
//      Arabic and Hebrew lines in logical order, shaped Arabic letters as letters (rtl.ts);
//   2. running headers, footers and page numbers are dropped (furniture.ts; they repeat at the
//      top or bottom of most pages, or are a bare number at the page's edge);
//   3. columns (columns.ts): a vertical strip that no column-wide line crosses is a gutter,
//      and each column is read top to bottom, left to right (right to left on a right-to-left page);
//      a sidebar or infobox in smaller type is read after the text beside it, row by row;
//   4. lines → paragraphs (paragraphs.ts), by vertical gaps, first-line indents and type size,
//      and across column and page breaks by whether the sentence goes on;
//   5. lines are joined with spaces (hyphens.ts), and words hyphenated at a line's end are
//      mended ("gov-" + "ernment") while real hyphens ("pro-Russian") stay.
// pdf.js reads the file. Like every large third-party parser it runs only in
// the import's worker thread, under a time limit per file (see parsers.ts).
// open.ts refuses what is not a whole, unlocked PDF; scans.ts finds pages that
// are pictures of text and garbled.ts pages whose text layer is not their text,
// and ocr-pages.ts reads both by OCR; metadata.ts reads the title and author
// the PDF itself carries.
import { exactSize } from '../../../../../shared/text.ts';
import { extractMetadata } from '../../metadata.ts';
import { normaliseText } from '../../normalise.ts';
import { mergeMetadata, type Importer } from '../types.ts';
import { furnitureWarning, removeFurniture } from './furniture.ts';
import { garbledPages } from './garbled.ts';
import { readPages } from './lines.ts';
import { pdfMetadata } from './metadata.ts';
import { checkEnvelope, loadPdfjs, openPdf } from './open.ts';
import { assembleText, layoutText } from './paragraphs.ts';
import { readByOcr } from './ocr-pages.ts';
import { noText, picturePages } from './scans.ts';

export const pdfImporter: Importer = {
  description: 'PDF',
  async parse(bytes, filename, options) {
    const { trailing } = checkEnvelope(bytes);
    const pdfjs = await loadPdfjs();
    const { doc, close } = await openPdf(pdfjs, bytes);
    try {
      const warnings: string[] = [];
      if (trailing > 0)
        warnings.push(
          `The file goes on after the end of the PDF: ${exactSize(trailing)} of other data there were left out.`,
        );
      const read = await readPages(pdfjs, doc, warnings);
      const pictures = picturePages(read);
      const garbled = garbledPages(read);
      const ocr =
        pictures.length || garbled.length
          ? await readByOcr(doc, read, pictures, garbled, options, warnings)
          : undefined;
      const furniture = removeFurniture(read);
      if (furniture.pages > 0) warnings.push(furnitureWarning(furniture));
      const pages = read.map((page, i) => ({ ...page, lines: furniture.kept[i]! }));
      const text = normaliseText(assembleText(pages)).trim();
      if (!/[\p{L}\p{N}]/u.test(text)) throw noText(options);
      const { metadata, version } = await pdfMetadata(doc, filename);
      // Running headers and footers are not the text, but may give the article's address or its outlet ("© 2022 The Herald").
      const { url, source } = extractMetadata(furniture.repeated.join('\n'));
      return {
        text,
        layout: normaliseText(layoutText(pages)),
        metadata: mergeMetadata(mergeMetadata(metadata, extractMetadata(text)), { url, source }),
        encoding: version ? `PDF ${version}` : 'PDF',
        warnings,
        ocr,
      };
    } finally {
      await close();
    }
  },
};
