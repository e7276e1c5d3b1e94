// OCR: reading pictures of text (scans, photographed pages) with tesseract.js,
// offline. The engine (wasm) and the language data come from npm packages
// installed with Quire; nothing is fetched at run time. It runs where the
// importers run, in the import's worker thread under the per-file time limit
// (see parsers.ts), and tesseract.js runs its own worker thread beneath it,
// which ends with it when an import is cancelled.
import { mkdtempSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { QuireError } from '../../../shared/errors.ts';
import { clip, plural } from '../../../shared/text.ts';
import { OCR_LANGUAGES, type OcrLanguage } from '../../../shared/ocr.ts';
import type { Line } from './importers/pdf/lines.ts';
import type Tesseract from 'tesseract.js';

/** Words read with less confidence than this (0–100) are shown as uncertain. */
export const UNCERTAIN_BELOW = 60;

/** What OCR made of one picture: its lines (in pixels), its mean confidence (0–100) and the words it was unsure of. */
export interface OcrPage {
  lines: Line[];
  confidence: number;
  uncertain: string[];
  /** Lines of marks that were not words (specks, smudges), left out. */
  specks: number;
}

export interface OcrOptions {
  languages: readonly OcrLanguage[];
}

export type ReadPicture = (image: Uint8Array) => Promise<OcrPage>;

/** "OCR was unsure of 3 words (“Mlnsk”, “talks”, …): check them against the PDF before coding them." */
export function uncertainWarning(words: string[], original: string): string {
  const shown = words
    .slice(0, 5)
    .map((w) => `“${clip(w, 30)}”`)
    .join(', ');
  return `OCR was unsure of ${plural(words.length, 'word')} (${shown}${words.length > 5 ? ', …' : ''}): check them against ${original} before coding them.`;
}

/** "Left out 2 lines of marks that OCR could not read as words (specks or smudges)." */
export function specksWarning(lines: number): string {
  return `Left out ${plural(lines, 'line')} of marks that OCR could not read as words (specks or smudges).`;
}

const resolve = createRequire(import.meta.url).resolve;

/** Where an npm package of tesseract language data keeps its (LSTM, integer) model. */
function languageData(code: OcrLanguage): string {
  return join(dirname(resolve(`@tesseract.js-data/${code}/package.json`)), '4.0.0_best_int', `${code}.traineddata.gz`);
}

/**
 * Runs `work` with a reader of pictures in these languages, and ends the
 * reader after. tesseract.js reads all languages from one folder, and each
 * language package has its own: a temporary folder of links to them is made
 * for the while.
 */
export async function withOcr<T>(options: OcrOptions, work: (read: ReadPicture) => Promise<T>): Promise<T> {
  const languages = options.languages.length ? [...new Set(options.languages)] : (['eng'] as const);
  const folder = mkdtempSync(join(tmpdir(), 'quire-ocr-'));
  const tesseract = await import('tesseract.js');
  const { createWorker } = tesseract;
  let worker: Tesseract.Worker | null = null;
  try {
    for (const code of languages) {
      if (!(code in OCR_LANGUAGES))
        throw new QuireError('invalid_input', `Quire has no OCR data for the language “${code}”.`);
      linkOrCopy(languageData(code), join(folder, `${code}.traineddata.gz`));
    }
    // LSTM only (OEM 1), no cache written anywhere, no messages printed.
    worker = await createWorker([...languages], 1, {
      langPath: folder,
      cacheMethod: 'none',
      logger: () => {},
      errorHandler: () => {},
    });
    // Tesseract.js reads a picture as one block of text unless told to find its layout (columns, boxes) first.
    await worker.setParameters({ tessedit_pageseg_mode: tesseract.PSM.AUTO });
    const ready = worker;
    return await work(async (image) =>
      pageOf((await ready.recognize(Buffer.from(image), {}, { text: true, blocks: true })).data),
    );
  } finally {
    await worker?.terminate().catch(() => {});
    rmSync(folder, { recursive: true, force: true });
  }
}

function linkOrCopy(from: string, to: string): void {
  try {
    symlinkSync(from, to);
  } catch {
    copyFileSync(from, to); // where links need rights the user lacks (Windows)
  }
}

/**
 * Tesseract's lines as lines of a page (lines.ts), in the picture's pixels, so
 * that they go through the same reading of columns and paragraphs as a PDF's
 * text. Tesseract may run a line on across a gutter, so a line is split where
 * a gap between its words is wider than the line is high. Specks and smudges
 * that tesseract reads as marks ("° .", "[3") are lines without one word it is
 * sure of: they are left out, and counted.
 */
function pageOf(data: Tesseract.Page): OcrPage {
  const lines: Line[] = [];
  const uncertain: string[] = [];
  let specks = 0;
  for (const line of (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines))) {
    const words = line.words.filter((w) => w.text.trim() !== '');
    if (!words.some((w) => w.confidence >= UNCERTAIN_BELOW && /[\p{L}\p{N}]{2}/u.test(w.text))) {
      if (words.length) specks++;
      continue;
    }
    const size = line.rowAttributes?.rowHeight || line.bbox.y1 - line.bbox.y0;
    const baseline = line.baseline.y0 || line.bbox.y1;
    let run: Tesseract.Word[] = [];
    const flush = () => {
      if (run.length)
        lines.push({
          text: run.map((w) => w.text).join(' '),
          x0: run[0]!.bbox.x0,
          x1: run.at(-1)!.bbox.x1,
          y: baseline,
          size,
        });
      run = [];
    };
    for (const w of words) {
      if (run.length && w.bbox.x0 - run.at(-1)!.bbox.x1 > size) flush();
      run.push(w);
      if (w.confidence < UNCERTAIN_BELOW && /[\p{L}\p{N}]/u.test(w.text)) uncertain.push(w.text);
    }
    flush();
  }
  return { lines, confidence: Math.round(data.confidence), uncertain, specks };
}
