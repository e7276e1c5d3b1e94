// Pictures of text (a scanned or photographed newspaper page): PNG, JPEG and
// TIFF, read by OCR in the languages the user chose. The text goes through the
// same reading of columns and paragraphs as a PDF's; the picture itself is
// kept as the document's original.
import { QuireError } from '../../../../shared/errors.ts';
import { languageNames } from '../../../../shared/ocr.ts';
import { extractMetadata } from '../metadata.ts';
import { normaliseText } from '../normalise.ts';
import { specksWarning, uncertainWarning, withOcr } from '../ocr.ts';
import { assembleText } from './pdf/paragraphs.ts';
import { emptyMetadata, mergeMetadata, type Importer } from './types.ts';

type Kind = 'PNG' | 'JPEG' | 'TIFF';

export const imageImporter: Importer = {
  description: 'an image (read by OCR)',
  async parse(bytes, filename, options) {
    const kind = kindOf(bytes, filename);
    const warnings: string[] = [];
    const pages = kind === 'TIFF' ? tiffPages(bytes, filename) : 1;
    if (pages > 1)
      warnings.push(
        `This TIFF holds ${pages} pictures; Quire read only the first. Import the others as files of their own.`,
      );
    const picture = kind === 'TIFF' ? bytes : await decodable(bytes, kind, filename, warnings);
    const page = await withOcr({ languages: options.ocrLanguages }, (read) => read(picture));
    const height = Math.max(0, ...page.lines.map((l) => l.y + l.size));
    const text = normaliseText(
      assembleText([{ number: 1, height, lines: page.lines, readable: true, pictured: 0 }]),
    ).trim();
    const how = `in ${languageNames(options.ocrLanguages)}`;
    if (!/[\p{L}\p{N}]/u.test(text)) {
      throw new QuireError(
        'invalid_input',
        `OCR (${how}) found no text in this picture. If it shows text in another language, import it again with that language chosen for OCR.`,
      );
    }
    warnings.unshift(
      `Read by OCR (${how}, mean confidence ${page.confidence}%): check the text against the picture before coding it.`,
    );
    if (page.uncertain.length) warnings.push(uncertainWarning(page.uncertain, 'the picture'));
    if (page.specks) warnings.push(specksWarning(page.specks));
    return {
      text,
      metadata: mergeMetadata(emptyMetadata(), extractMetadata(text)),
      encoding: `${kind} image, read by OCR`,
      warnings,
      ocr: { languages: [...options.ocrLanguages], confidence: page.confidence, pages: [], uncertain: page.uncertain },
    };
  },
};

/** What kind of picture the bytes are, from how they start; refused when they are none that Quire reads. */
function kindOf(bytes: Uint8Array, filename: string): Kind {
  const head = Buffer.from(bytes.subarray(0, 8));
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'PNG';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'JPEG';
  const tiff = head.subarray(0, 4).toString('latin1');
  if (tiff === 'II*\0' || tiff === 'MM\0*') return 'TIFF';
  throw new QuireError(
    'invalid_input',
    `“${filename}” is not a PNG, JPEG or TIFF picture, though its name says so: it does not start as one.`,
  );
}

const damaged = (filename: string) =>
  new QuireError(
    'invalid_input',
    `“${filename}” is a damaged picture: it cannot be decoded. Open it in a picture viewer and save it again, or scan the page again.`,
  );

/**
 * PNG and JPEG are decoded before OCR (Skia, through @napi-rs/canvas), so a
 * damaged file is refused in words. One cut short (no end marker) is read as
 * far as it goes, redrawn whole for OCR, and said.
 */
async function decodable(bytes: Uint8Array, kind: Kind, filename: string, warnings: string[]): Promise<Uint8Array> {
  const { createCanvas, loadImage } = await import('@napi-rs/canvas');
  const image = await loadImage(Buffer.from(bytes)).catch(() => null);
  if (!image || image.width === 0 || image.height === 0) throw damaged(filename);
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024)));
  const whole = kind === 'PNG' ? tail.includes('IEND', 0, 'latin1') : tail.includes(Buffer.from([0xff, 0xd9]));
  if (whole) return bytes;
  warnings.push(
    'This picture is incomplete (its end is missing, as after an unfinished download): only the part that is there was read.',
  );
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, image.width, image.height);
  context.drawImage(image, 0, 0);
  return canvas.toBuffer('image/png');
}

/** How many pictures (directories) a TIFF holds: it chains them, each pointing to the next. One that holds none is damaged. */
function tiffPages(bytes: Uint8Array, filename: string): number {
  if (bytes.length < 8) throw damaged(filename);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  let offset = view.getUint32(4, little);
  let count = 0;
  const seen = new Set<number>();
  while (offset > 0 && offset + 2 <= bytes.length && !seen.has(offset) && count < 10_000) {
    seen.add(offset);
    count++;
    const entries = view.getUint16(offset, little);
    const next = offset + 2 + entries * 12;
    offset = next + 4 <= bytes.length ? view.getUint32(next, little) : 0;
  }
  if (count === 0) throw damaged(filename);
  return count;
}
