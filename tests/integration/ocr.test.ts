// OCR: pictures of text read offline by tesseract.js with the language data
// installed with Quire. The fixtures are pages of known text that Chromium
// draws like a scanned newspaper page (serif type in columns, on tinted paper,
// a little blurred), taken as a picture at about 200 dpi, so the text OCR gives
// back can be measured against the text that went in: the character error
// rate (edit distance over length) is printed and bounded.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBytes, type ParsedFile } from '../../src/main/core/corpus/parse.ts';
import { createParser } from '../../src/main/core/corpus/parsers.ts';
import { getDocument } from '../../src/main/core/documents/documents.ts';
import { call } from '../../src/main/core/engine.ts';
import { launchChromium } from '../../src/main/printers/chromium.ts';
import { everyone } from '../../src/main/core/viewer.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';
import { prng } from '../../fixtures/random.ts';

const HEADLINE = 'Grain talks in Minsk end without a deal';
const ENGLISH = [
  'Officials in Minsk said on Tuesday that talks about grain exports had made slow progress, because delegates from the ministry of finance wanted written guarantees on funding.',
  'The opposition in parliament demanded that every agreement be published in full before the vote, which is expected at the end of the month.',
  'Diplomats from Vilnius and Warsaw described the mood as tense but polite, and said that a second round of talks would begin in the spring.',
  'Farmers near the border have waited since the autumn for permits to move their harvest by rail, and many have sold it to local traders at a loss.',
];
const GERMAN = [
  'Die Gespräche über Getreideexporte in Minsk kamen am Dienstag nur langsam voran, weil die Delegierten schriftliche Zusagen für die Finanzierung verlangten.',
  'Die Opposition im Parlament forderte, dass jede Vereinbarung vor der Abstimmung vollständig veröffentlicht wird; Bauern an der Grenze warten seit dem Herbst.',
];
const UKRAINIAN = [
  'Переговори про експорт зерна в Мінську просувалися повільно, бо делегати міністерства фінансів вимагали письмових гарантій фінансування.',
  'Опозиція в парламенті вимагала, щоб кожну угоду було повністю оприлюднено перед голосуванням наприкінці місяця.',
];

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/**
 * A newspaper page of this text, as a scanner gives it: a PNG at about 200 dpi,
 * in two columns unless it says one. A worn page is an old newspaper's: grey
 * paper, specks of dirt, ink spread (blur), set a little askew, at about 150 dpi.
 */
async function scannedPage(headline: string, paragraphs: string[], columns = 2, worn = false): Promise<Buffer> {
  const tab = await browser.newPage({ viewport: { width: 760, height: 900 }, deviceScaleFactor: worn ? 1.5 : 2 });
  const random = prng(5);
  const specks = Array.from({ length: worn ? 900 : 0 }, () => {
    const [x, y, r] = [random() * 760, random() * 900, 0.4 + random() * 1.2];
    return `<i style="left:${x.toFixed(1)}px;top:${y.toFixed(1)}px;width:${r.toFixed(1)}px;height:${r.toFixed(1)}px"></i>`;
  }).join('');
  try {
    await tab.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>
        html { background: ${worn ? '#d9d2bf' : '#f3efe4'}; }
        body { margin: 40px; color: #1d1b18; font: 15px/1.35 'DejaVu Serif', serif; filter: blur(${worn ? 0.6 : 0.35}px); transform: rotate(${worn ? 0.5 : 0}deg); }
        i { position: absolute; background: #2a2722; border-radius: 50%; }
        h1 { font-size: 30px; margin: 0 0 14px; }
        .cols { column-count: ${columns}; column-gap: 28px; }
        p { margin: 0 0 9px; text-align: justify; hyphens: none; }
      </style></head><body><h1>${headline}</h1><div class="cols">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</div>${specks}</body></html>`,
    );
    const shot = await tab.screenshot({ fullPage: true });
    if (process.env.OCR_DEBUG) writeFileSync(`/tmp/pdfw/scan-${columns}-${paragraphs.length}.png`, shot);
    return shot;
  } finally {
    await tab.close();
  }
}

/** A PDF whose only page is this picture: what a scanner's "scan to PDF" makes. */
async function scannedPdf(png: Buffer): Promise<Buffer> {
  const tab = await browser.newPage();
  try {
    await tab.setContent(
      `<!doctype html><html><body style="margin:0"><img style="width: 100%" src="data:image/png;base64,${png.toString('base64')}"></body></html>`,
    );
    return await tab.pdf({ format: 'A4', margin: { top: '10mm', bottom: '10mm', left: '10mm', right: '10mm' } });
  } finally {
    await tab.close();
  }
}

/** The TIFF with a copy of its first picture's directory chained after it: a TIFF of two pictures. */
function withSecondPicture(tiff: Buffer): Buffer {
  const little = tiff[0] === 0x49;
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const first = u32(4);
  const size = 2 + 12 * u16(first) + 4;
  const out = Buffer.concat([tiff, tiff.subarray(first, first + size)]);
  const nextAt = first + size - 4;
  if (little) out.writeUInt32LE(tiff.length, nextAt);
  else out.writeUInt32BE(tiff.length, nextAt);
  out.fill(0, out.length - 4); // the copy is the last
  return out;
}

/** Levenshtein distance over code points, in one row. */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++)
      next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1)));
    row = next;
  }
  return row[y.length]!;
}

/** The character error rate of OCR's text against the text that was drawn, paragraph breaks counted as spaces. */
function characterErrorRate(read: string, truth: string): number {
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
  return editDistance(flat(read), flat(truth)) / [...flat(truth)].length;
}

async function parsed(
  name: string,
  bytes: Uint8Array,
  ocrLanguages?: ('eng' | 'deu' | 'fra' | 'ukr')[],
): Promise<Extract<ParsedFile, { ok: true }>> {
  const result = await parseBytes(name, new Uint8Array(bytes), ocrLanguages ? { ocrLanguages } : undefined);
  if (!result.ok) throw new Error(`${name} did not parse: ${result.message}`);
  return result;
}

const measured: string[] = [];
afterAll(() => console.log(`OCR character error rates:\n${measured.join('\n')}`));

function measure(label: string, read: string, truth: string): number {
  const cer = characterErrorRate(read, truth);
  if (process.env.OCR_DEBUG)
    writeFileSync(`/tmp/pdfw/ocr-${label.replace(/\W+/g, '-')}.txt`, `${read}\n-----\n${truth}\n`);
  measured.push(`  ${label}: ${(cer * 100).toFixed(2)}% (${[...truth].length} characters)`);
  return cer;
}

describe('OCR of pictures of text', () => {
  it('reads a scanned two-column newspaper page (PNG) column by column, marked as OCR with its confidence', async () => {
    const result = await parsed('page.png', await scannedPage(HEADLINE, ENGLISH));
    expect(result.format).toBe('image');
    expect(result.encoding).toBe('PNG image, read by OCR');
    expect(measure('English, two columns, PNG', result.text, [HEADLINE, ...ENGLISH].join('\n\n'))).toBeLessThan(0.02);
    // Columns in order, paragraphs kept: each paragraph is found whole, in its place.
    const paragraphs = result.text.split('\n\n');
    expect(paragraphs).toHaveLength(1 + ENGLISH.length);
    paragraphs.slice(1).forEach((p, i) => expect(characterErrorRate(p, ENGLISH[i]!)).toBeLessThan(0.03));
    expect(result.ocr).toMatchObject({ languages: ['eng'], pages: [] });
    expect(result.ocr!.confidence).toBeGreaterThan(80);
    expect(result.warnings[0]).toBe(
      `Read by OCR (in English, mean confidence ${result.ocr!.confidence}%): check the text against the picture before coding it.`,
    );
    // The picture is kept as the original.
    expect(result.original).not.toBeNull();
  });

  it('reads a worn, speckled, askew page with few errors, and says which words it was unsure of', async () => {
    const result = await parsed('worn.png', await scannedPage(HEADLINE, ENGLISH, 2, true));
    expect(
      measure(
        'English, two columns, worn page (150 dpi, specks, blur, 0.5° askew)',
        result.text,
        [HEADLINE, ...ENGLISH].join('\n\n'),
      ),
    ).toBeLessThan(0.05);
    // Every word OCR was unsure of is placed on a word of the text (for the reader to mark), and named in a warning.
    const doubtful = result.ocr!.doubtful.map(([s, e]) => [...result.text].slice(s, e).join(''));
    expect(doubtful.length).toBeGreaterThan(0);
    for (const word of doubtful) expect(word).toMatch(/^\S*[\p{L}\p{N}]\S*$/u);
    const said = result.warnings.find((w) => w.startsWith('OCR was unsure of'));
    expect(said).toMatch(/^OCR was unsure of \d+ words? \(“.*\): check them against the picture before coding them\.$/);
    expect(said).toContain(`“${doubtful[0]}”`);
  });

  it('reads what there is of a picture cut short, and says so', async () => {
    const png = await scannedPage(HEADLINE, ENGLISH, 1);
    // A PNG stores its rows top to bottom: cut at 60%, the headline and the first paragraph are there.
    const result = await parsed('cut.png', png.subarray(0, Math.floor(png.length * 0.6)));
    expect(result.warnings).toContain(
      'This picture is incomplete (its end is missing, as after an unfinished download): only the part that is there was read.',
    );
    expect(result.text.startsWith(`${HEADLINE}\n\n${ENGLISH[0]}`)).toBe(true);
  });

  it('reads JPEG and TIFF as well as PNG, and says when a TIFF holds more pictures than the first', async () => {
    const png = await scannedPage(HEADLINE, ENGLISH.slice(0, 2), 1);
    const truth = [HEADLINE, ...ENGLISH.slice(0, 2)].join('\n\n');
    const tab = await browser.newPage();
    let jpeg: Buffer;
    try {
      await tab.setContent(`<body style="margin:0"><img src="data:image/png;base64,${png.toString('base64')}"></body>`);
      jpeg = await tab.locator('img').screenshot({ type: 'jpeg', quality: 80 });
    } finally {
      await tab.close();
    }
    const fromJpeg = await parsed('page.jpg', jpeg);
    expect(fromJpeg.encoding).toBe('JPEG image, read by OCR');
    expect(measure('English, one column, JPEG', fromJpeg.text, truth)).toBeLessThan(0.02);
    // A scanner's TIFF, as poppler writes one (uncompressed RGB), and the same with a second picture chained to the first.
    const dir = tempDir();
    writeFileSync(join(dir, 'scan.pdf'), await scannedPdf(png));
    execFileSync('pdftoppm', ['-r', '200', '-tiff', '-singlefile', join(dir, 'scan.pdf'), join(dir, 'scan')]);
    const tiff = readFileSync(join(dir, 'scan.tif'));
    const fromTiff = await parsed('page.tif', tiff);
    expect(fromTiff.encoding).toBe('TIFF image, read by OCR');
    expect(measure('English, one column, TIFF', fromTiff.text, truth)).toBeLessThan(0.02);
    expect(fromTiff.warnings).toHaveLength(1);
    const twoPages = await parsed('pages.tif', withSecondPicture(tiff));
    expect(twoPages.text).toBe(fromTiff.text);
    expect(twoPages.warnings).toContain(
      'This TIFF holds 2 pictures; Quire read only the first. Import the others as files of their own.',
    );
  });

  it('reads the languages the user chooses: German and Ukrainian', async () => {
    const german = await parsed('seite.png', await scannedPage('Getreidegespräche in Minsk ohne Einigung', GERMAN, 1), [
      'deu',
    ]);
    expect(
      measure(
        'German (deu), one column',
        german.text,
        ['Getreidegespräche in Minsk ohne Einigung', ...GERMAN].join('\n\n'),
      ),
    ).toBeLessThan(0.02);
    expect(german.warnings[0]).toMatch(/^Read by OCR \(in German, mean confidence \d+%\)/);
    const ukrainian = await parsed('storinka.png', await scannedPage('Переговори про зерно в Мінську', UKRAINIAN, 1), [
      'ukr',
      'eng',
    ]);
    expect(
      measure(
        'Ukrainian (ukr+eng), one column',
        ukrainian.text,
        ['Переговори про зерно в Мінську', ...UKRAINIAN].join('\n\n'),
      ),
    ).toBeLessThan(0.03);
    expect(ukrainian.warnings[0]).toMatch(/^Read by OCR \(in Ukrainian and English, mean confidence \d+%\)/);
  });

  it('reads a scanned PDF by OCR and says which pages were pictures', async () => {
    const pdf = await scannedPdf(await scannedPage(HEADLINE, ENGLISH));
    const result = await parsed('scan.pdf', pdf);
    expect(result.format).toBe('pdf');
    expect(measure('English, two columns, scanned PDF', result.text, [HEADLINE, ...ENGLISH].join('\n\n'))).toBeLessThan(
      0.02,
    );
    expect(result.ocr).toMatchObject({ languages: ['eng'], pages: [1] });
    expect(result.warnings[0]).toBe(
      `Page 1 is a picture of text (a scan): read by OCR (in English, mean confidence ${result.ocr!.confidence}%).`,
    );
  });

  it('refuses a picture without text, and a file that is no picture, saying why', async () => {
    const tab = await browser.newPage({ viewport: { width: 400, height: 300 } });
    let blank: Buffer;
    try {
      await tab.setContent('<body style="margin:0;background:linear-gradient(#8ab,#fed)"></body>');
      blank = await tab.screenshot();
    } finally {
      await tab.close();
    }
    expect(await parseBytes('blank.png', new Uint8Array(blank))).toEqual({
      ok: false,
      message:
        'OCR (in English) found no text in this picture. If it shows text in another language, import it again with that language chosen for OCR.',
    });
    // A JPEG's first bytes and nothing after: damaged, said before OCR sees it.
    expect(await parseBytes('photo.jpg', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]))).toEqual({
      ok: false,
      message:
        '“photo.jpg” is a damaged picture: it cannot be decoded. Open it in a picture viewer and save it again, or scan the page again.',
    });
    expect(await parseBytes('notes.png', new TextEncoder().encode('not a picture at all'))).toEqual({
      ok: false,
      message: '“notes.png” is not a PNG, JPEG or TIFF picture, though its name says so: it does not start as one.',
    });
  });

  it('imports a picture through the engine in the languages asked for, under the time limit', async () => {
    const project = await createTestProject({ seeds: false });
    const path = join(tempDir(), 'seite.png');
    writeFileSync(path, await scannedPage('Getreidegespräche in Minsk ohne Einigung', GERMAN, 1));
    const report = await call(project, 'importFiles', { paths: [path], ocrLanguages: ['deu'] });
    expect(report).toMatchObject({ imported: 1, failed: 0 });
    const doc = getDocument(project.db, report.files[0]!.documentId!, everyone());
    expect(doc).toMatchObject({
      format: 'image',
      title: 'Getreidegespräche in Minsk ohne Einigung',
      encoding: 'PNG image, read by OCR',
    });
    expect(doc.importNotes[0]).toMatch(/^Read by OCR \(in German/);
    // OCR runs in the import's worker, and a picture that takes too long fails alone.
    const parser = createParser([path], { maxBytes: 50e6, timeLimitMs: 50 });
    try {
      expect(await parser.parse(path)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^Reading this file took longer than/),
      });
    } finally {
      await parser.close();
    }
  });
});
