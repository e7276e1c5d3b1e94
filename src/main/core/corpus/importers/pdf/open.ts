// Loading pdf.js and opening the file: cheap checks that the bytes are a whole
// PDF, then pdf.js set to read text only and nothing from outside the file. A
// file that is not a PDF, is cut short, locked or damaged is refused here with
// a message that says what to do.
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { QuireError } from '../../../../../shared/errors.ts';

export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
export type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

let loading: Promise<PdfJs> | null = null;

/** pdf.js, loaded on the first PDF (the registry is loaded by every import, most of which have no PDF). */
export function loadPdfjs(): Promise<PdfJs> {
  loading ??= (async () => {
    // pdf.js parses in a "worker"; in Node it would import that module by a path
    // relative to its own file. Handing it the module here makes it parse in
    // this thread (already the import's worker thread), bundled or not.
    const scope = globalThis as { pdfjsWorker?: unknown };
    // @ts-expect-error pdfjs-dist ships no types for its worker module.
    scope.pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

/**
 * The character maps (CJK encodings, CID fonts), standard fonts and image decoders that
 * pdfjs-dist ships beside its code: without them pdf.js reads no text from such
 * fonts. Found through module resolution from this file, which works from source
 * (tests, the CLI) and from the built app, where pdfjs-dist stays in node_modules.
 */
export function pdfjsData(): { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  // pdf.js in Node reads these with fs, from a path that must end in a separator.
  const folder = (name: string) => join(root, name) + sep;
  // The wasm decoders are for JPEG 2000 and JBIG2 pictures: scans drawn for OCR (render.ts).
  return { cMapUrl: folder('cmaps'), standardFontDataUrl: folder('standard_fonts'), wasmUrl: folder('wasm') };
}

/** Cheap checks before pdf.js: is it a PDF at all, and is it whole? */
export function checkEnvelope(bytes: Uint8Array): { trailing: number } {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    if (/^\s*<(!doctype html|html|head|body)[\s>]/i.test(head)) {
      throw new QuireError(
        'invalid_input',
        'This file is a web page (HTML) with a .pdf name, not a PDF. Rename it to end in .html and import it again.',
      );
    }
    throw new QuireError(
      'invalid_input',
      'This file is not a PDF, though its name ends in .pdf: it does not start the way every PDF starts.',
    );
  }
  // Every PDF ends with %%EOF. Some files go on after it (a mail program's or
  // server's padding, a second file glued on): readers ignore that, and so does Quire.
  const end = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).lastIndexOf('%%EOF', undefined, 'latin1');
  if (end < 0) {
    throw new QuireError(
      'invalid_input',
      'This PDF is incomplete: its end is missing (an unfinished download or copy?). Get the whole file again and import that.',
    );
  }
  // Line ends and padding after it are nothing; anything else is said (how much was left out).
  const after = Buffer.from(bytes.subarray(end + 5)).toString('latin1');
  const other = after.replace(/^[\s\0]+/, '');
  return { trailing: /^[\s\0]*$/.test(other) ? 0 : other.length };
}

export async function openPdf(
  pdfjs: PdfJs,
  bytes: Uint8Array,
): Promise<{ doc: PdfDocument; close: () => Promise<void> }> {
  const task = pdfjs.getDocument({
    // A copy: pdf.js transfers (detaches) the buffer it is given, and the caller still hashes these bytes.
    data: new Uint8Array(bytes),
    // Nothing from outside the file but pdfjs-dist's own data: no font loading,
    // no system fonts, no fetching; a canvas only to draw pages for OCR. (pdf.js
    // 6 has no eval code path left, so there is no isEvalSupported to turn off.)
    ...pdfjsData(),
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    useWasm: true,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise;
    return { doc, close: () => task.destroy() };
  } catch (e) {
    await task.destroy().catch(() => {});
    throw openError(e);
  }
}

function openError(e: unknown): QuireError {
  const name = (e as { name?: string })?.name;
  if (name === 'PasswordException') {
    return new QuireError(
      'invalid_input',
      'This PDF is locked with a password, so Quire cannot read it. Open it with the password in a PDF reader, save or print an unlocked copy, and import that.',
    );
  }
  const detail = (e as Error)?.message ?? String(e);
  return new QuireError('invalid_input', `This PDF is damaged and cannot be read (${detail.replace(/\.$/, '')}).`);
}
