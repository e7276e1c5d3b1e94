// Importing PDFs. The fixtures are printed here by Chromium from HTML written
// in the tests, or written by hand where exact positions matter, so every
// layout case is known exactly: the text a PDF must give back is the text that went in.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseBytes, type ParsedFile } from '../../src/main/core/corpus/parse.ts';
import { createParser } from '../../src/main/core/corpus/parsers.ts';
import { getDocument } from '../../src/main/core/documents/documents.ts';
import { call } from '../../src/main/core/engine.ts';
import { launchChromium } from '../../src/main/printers/chromium.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';
import { cidFont, handMadePdf, misMappedFont, shifted, type Placed } from '../helpers/pdfs.ts';
import { garbledReason } from '../../src/main/core/corpus/importers/pdf/garbled.ts';
import { prng } from '../../fixtures/random.ts';
import { everyone } from '../../src/main/core/viewer.ts';

const CITIES = [
  'Minsk',
  'Vilnius',
  'Warsaw',
  'Riga',
  'Kyiv',
  'Tallinn',
  'Prague',
  'Berlin',
  'Helsinki',
  'Budapest',
  'Vienna',
  'Sofia',
  'Bucharest',
  'Chisinau',
  'Tbilisi',
  'Yerevan',
];
const TOPICS = [
  'grain exports',
  'gas transit fees',
  'border crossings',
  'railway freight',
  'electricity prices',
  'fertiliser sanctions',
  'visa rules',
  'bank transfers',
];

/**
 * Distinct paragraphs of one long sentence each (no hyphens, so Chromium breaks
 * lines only at spaces), so that any column or page break inside a paragraph
 * falls mid-sentence.
 */
function paragraphs(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const city = CITIES[i % CITIES.length]!;
    const topic = TOPICS[i % TOPICS.length]!;
    return (
      `Officials in ${city} said on Tuesday that talks about ${topic} had made slow progress, because delegates from the ministry ` +
      `of finance wanted written guarantees on funding, while the opposition in parliament demanded that every agreement on ${topic} ` +
      `be published in full before the vote scheduled for the end of the month in ${city}, which diplomats described as item ${i + 1} on a long list.`
    );
  });
}

const TITLE = 'Belarus hosts Putin for talks on closer union';
const TWO_COLUMNS = paragraphs(26);
/** Single column, first-line indents and no gaps; some paragraphs of several sentences. */
const ONE_COLUMN = paragraphs(22).map((p, i) =>
  i % 3 === 1 ? `${p} The minister did not comment. A spokesman said a statement would follow.` : p,
);

const html = (title: string, style: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${style}</style></head><body>${body}</body></html>`;
const ps = (texts: string[]) => texts.map((t) => `<p>${t}</p>`).join('');

let browser: Browser;
const printed = new Map<string, Promise<Buffer>>();

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Prints a page of HTML to PDF with Chromium (once per name). */
function print(name: string, page: string, options: Parameters<Page['pdf']>[0] = {}): Promise<Buffer> {
  if (!printed.has(name)) {
    printed.set(
      name,
      (async () => {
        const tab = await browser.newPage();
        try {
          await tab.setContent(page);
          return await tab.pdf({ format: 'A4', ...options });
        } finally {
          await tab.close();
        }
      })(),
    );
  }
  return printed.get(name)!;
}

/** A two-column article with a headline, byline and date over the columns, a running header, and footers with the page's address and "Page n of m". */
const twoColumnPdf = () =>
  print(
    'two-columns',
    html(
      TITLE,
      `body { font: 10.5pt/1.35 serif; margin: 0; }
       h1 { font-size: 22pt; margin: 0 0 6pt; }
       .meta { margin: 0 0 4pt; }
       .cols { column-count: 2; column-gap: 9mm; margin-top: 10pt; }
       .cols p { margin: 0 0 7pt; text-align: justify; }`,
      `<h1>${TITLE}</h1><p class="meta">By Jane Doe</p><p class="meta">December 19, 2022</p><div class="cols">${ps(TWO_COLUMNS)}</div>`,
    ),
    {
      displayHeaderFooter: true,
      headerTemplate:
        '<div style="font-size:8pt;width:100%;margin:0 20mm;display:flex;justify-content:space-between"><span>The Minsk Herald</span><span>World news</span></div>',
      footerTemplate:
        '<div style="font-size:8pt;width:100%;margin:0 20mm;display:flex;justify-content:space-between"><span>https://minsk-herald.example/world/putin-visit</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>',
      margin: { top: '22mm', bottom: '22mm', left: '20mm', right: '20mm' },
    },
  );

/** One column, paragraphs marked by first-line indents only, "- n -" page numbers, a word processor's title. */
const oneColumnPdf = () =>
  print(
    'one-column',
    html(
      'Microsoft Word - quarterly-review.docx',
      `body { font: 12pt/1.4 serif; margin: 0; }
       h1 { font-size: 18pt; margin: 0 0 12pt; }
       p { margin: 0; text-indent: 2em; }
       h1 + p { text-indent: 0; }`,
      `<h1>Quarterly review of regional trade</h1>${ps(ONE_COLUMN)}`,
    ),
    {
      displayHeaderFooter: true,
      headerTemplate:
        '<div style="font-size:9pt;width:100%;text-align:right;margin-right:25mm">Quarterly Review, Spring 2023</div>',
      footerTemplate:
        '<div style="font-size:9pt;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>',
      margin: { top: '25mm', bottom: '25mm', left: '25mm', right: '25mm' },
    },
  );

/** A page that is only a picture of text: what a scan is; perhaps with a scanner's stamp in real text under it. */
async function imageOnlyPdf(stamp = ''): Promise<Buffer> {
  const tab = await browser.newPage();
  let shot: Buffer;
  try {
    await tab.setContent(
      '<p style="font: 20px serif">A scanned letter about the talks in Minsk, signed by the minister.</p>',
    );
    shot = await tab.screenshot();
  } finally {
    await tab.close();
  }
  return print(
    `image-only ${stamp}`,
    `<!doctype html><html><body><img style="width: 100%" src="data:image/png;base64,${shot.toString('base64')}"><p style="font: 8pt sans-serif">${stamp}</p></body></html>`,
  );
}

/**
 * Locked with a user password (standard security handler, RC4 40-bit). The
 * /U entry does not match the empty password, which is all a reader checks
 * before asking for one (poppler says "Incorrect password" too); the content
 * itself need not be encrypted for that.
 */
function lockedPdf(): Buffer {
  const hex = (n: number, seed: number) =>
    Array.from({ length: n }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join('');
  return handMadePdf(undefined, {
    objects: [`<< /Filter /Standard /V 1 /R 2 /O <${hex(32, 5)}> /U <${hex(32, 9)}> /P -44 >>`],
    trailer: `/Encrypt 4 0 R /ID [<${hex(16, 1)}> <${hex(16, 1)}>]`,
  });
}

const pageCount = (pdf: Buffer, dir: string) => {
  const file = join(dir, 'count.pdf');
  writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
};

async function parsed(name: string, bytes: Uint8Array): Promise<Extract<ParsedFile, { ok: true }>> {
  const result = await parseBytes(name, new Uint8Array(bytes));
  if (!result.ok) throw new Error(`${name} did not parse: ${result.message}`);
  return result;
}

async function failure(name: string, bytes: Uint8Array): Promise<string> {
  const result = await parseBytes(name, new Uint8Array(bytes));
  if (result.ok) throw new Error(`${name} parsed, but should have failed`);
  return result.message;
}

describe('reading the text of a PDF', () => {
  it('reads a two-column article column by column, without running headers, footers and page numbers', async () => {
    const pdf = await twoColumnPdf();
    const pages = pageCount(pdf, tempDir());
    expect(pages).toBeGreaterThanOrEqual(3);
    const result = await parsed('herald.pdf', pdf);
    expect(result.format).toBe('pdf');
    expect(result.text.split('\n\n')).toEqual([TITLE, 'By Jane Doe', 'December 19, 2022', ...TWO_COLUMNS]);
    expect(result.text).not.toMatch(/Minsk Herald|World news|Page \d|https:/);
    expect(result.warnings).toEqual([`Removed running headers and footers from ${pages} pages.`]);
    // The title from the PDF, the byline and date from the text (a PDF's creation date is when it was printed), the address from the footer.
    expect(result.metadata).toMatchObject({
      title: TITLE,
      author: 'Jane Doe',
      published: '2022-12-19',
      url: 'https://minsk-herald.example/world/putin-visit',
    });
    expect(result.encoding).toBe('PDF 1.4');
    expect(result.original).not.toBeNull();
  });

  it('reads a single-column article over several pages, with paragraphs marked only by indents', async () => {
    const pdf = await oneColumnPdf();
    const pages = pageCount(pdf, tempDir());
    expect(pages).toBeGreaterThanOrEqual(3);
    const result = await parsed('review.pdf', pdf);
    expect(result.text.split('\n\n')).toEqual(['Quarterly review of regional trade', ...ONE_COLUMN]);
    expect(result.text).not.toMatch(/Spring 2023|- \d+ -/);
    expect(result.warnings).toEqual([`Removed running headers and footers from ${pages} pages.`]);
    // "Microsoft Word - quarterly-review.docx" is not a title: the headline is.
    expect(result.metadata.title).toBe('Quarterly review of regional trade');
  });

  it('reads three columns left to right', async () => {
    const pdf = await print(
      'three-columns',
      html(
        'Three columns',
        'body { font: 9pt/1.3 sans-serif; margin: 0; } .cols { column-count: 3; column-gap: 6mm; } p { margin: 0 0 6pt; }',
        `<div class="cols">${ps(TWO_COLUMNS)}</div>`,
      ),
      { margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } },
    );
    const result = await parsed('three.pdf', pdf);
    expect(result.text.split('\n\n')).toEqual(TWO_COLUMNS);
  });

  it('decides at a page break whether the paragraph goes on', async () => {
    // Paragraphs set apart by gaps: the sentence decides (lines 14 pt apart, paragraphs 24 pt).
    const gaps = handMadePdf([
      [
        [72, 720, 'Talks in Minsk began on Monday after weeks of delay and'],
        [72, 706, 'much argument about the agenda.'],
        [72, 682, 'Officials said the second round would start in'],
      ],
      [
        [72, 720, 'Vilnius, though no date was set.'],
        [72, 696, 'Observers were less hopeful about the outcome.'],
      ],
      [[72, 720, 'A last paragraph starts at the top of a page.']],
    ]);
    expect((await parsed('gaps.pdf', gaps)).text.split('\n\n')).toEqual([
      'Talks in Minsk began on Monday after weeks of delay and much argument about the agenda.',
      'Officials said the second round would start in Vilnius, though no date was set.',
      'Observers were less hopeful about the outcome.',
      'A last paragraph starts at the top of a page.',
    ]);
    // Paragraphs that start with an indent: a page starting without one goes on, even after a full stop.
    const indents = handMadePdf([
      [
        [96, 720, 'Talks in Minsk began on Monday after weeks of delay and'],
        [72, 706, 'much argument about the agenda.'],
        [96, 692, 'Officials said the second round would start soon. They'],
        [72, 678, 'expected it to last a week.'],
      ],
      [
        [72, 720, 'Observers were less hopeful about the outcome.'],
        [96, 706, 'A third paragraph opens with an indent, as usual.'],
        [72, 692, 'It closes here.'],
      ],
    ]);
    expect((await parsed('indents.pdf', indents)).text.split('\n\n')).toEqual([
      'Talks in Minsk began on Monday after weeks of delay and much argument about the agenda.',
      'Officials said the second round would start soon. They expected it to last a week. Observers were less hopeful about the outcome.',
      'A third paragraph opens with an indent, as usual. It closes here.',
    ]);
  });

  it('keeps the wrapped lines of a bulleted item together', async () => {
    const list = handMadePdf([
      [
        [72, 720, 'Officials listed three demands:'],
        [80, 706, '• an end to the detention of journalists and of the'],
        [90, 692, 'lawyers who defended them;'],
        [80, 678, '• free elections;'],
        [80, 664, '• the release of all political prisoners.'],
        [72, 650, 'The talks ended without agreement.'],
      ],
    ]);
    expect((await parsed('list.pdf', list)).text.split('\n\n')).toEqual([
      'Officials listed three demands:',
      '• an end to the detention of journalists and of the lawyers who defended them;',
      '• free elections;',
      '• the release of all political prisoners.',
      'The talks ended without agreement.',
    ]);
  });

  it('mends words hyphenated at a line end and keeps real hyphens', async () => {
    const pdf = await print(
      'hyphens',
      html(
        'Hyphens',
        'body { font: 12pt/1.4 serif; margin: 0; } p { white-space: nowrap; margin: 0 0 12pt; }',
        '<p>The gov-<br>ernment said that the pro-<br>Russian bloc, a well-<br>known force, ran a state-of-the-<br>art campaign before the Minsk—<br>Moscow talks.</p>' +
          '<p>A well-known analyst called the inter-<br>national reaction muted, and the COVID-<br>19 rules strict; the re-<br>sult was a long-<br>term deal.</p>',
      ),
    );
    const result = await parsed('hyphens.pdf', pdf);
    expect(result.text).toBe(
      'The government said that the pro-Russian bloc, a well-known force, ran a state-of-the-art campaign before the Minsk—Moscow talks.\n\n' +
        // "long-term" appears nowhere else, so its hyphen cannot be told from a typesetter's: mended, like "re-sult".
        'A well-known analyst called the international reaction muted, and the COVID-19 rules strict; the result was a longterm deal.',
    );
  });

  it('drops a page number from a one-page PDF, which has no other pages to repeat on', async () => {
    const pdf = await print('one-page', html('Short note', 'body { font: 12pt serif }', ps(paragraphs(2))), {
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:9pt;width:100%;text-align:center">Page <span class="pageNumber"></span></div>',
      margin: { top: '20mm', bottom: '20mm', left: '20mm', right: '20mm' },
    });
    const result = await parsed('note.pdf', pdf);
    expect(result.text.split('\n\n')).toEqual(paragraphs(2));
    expect(result.warnings).toEqual(['Removed page numbers from 1 page.']);
  });

  it('reads a hand-made PDF with an unembedded standard font, fetching nothing', async () => {
    const result = await parsed('note.pdf', handMadePdf());
    expect(result.text).toBe('A short note about the talks in Minsk and Vilnius.');
    expect(result.metadata.title).toBeNull();
  });

  it('reads Japanese and Chinese text in unembedded CID fonts through the character maps pdfjs-dist ships', async () => {
    // Shift-JIS bytes through the 90ms-RKSJ-H CMap, GBK bytes through GBK-EUC-H: without the maps, pdf.js finds no text.
    const japanese = handMadePdf(
      [
        [
          [72, 720, '日本の首相は月曜日に記者会見を開き、'],
          [72, 704, 'ミンスクでの会談について語った。'],
        ],
      ],
      {
        font: cidFont('90ms-RKSJ-H', 'MS-Mincho', 'Japan1', 'Shift_JIS'),
      },
    );
    const ja = await parsed('ja.pdf', japanese);
    // A line break in text written without spaces is no space.
    expect(ja.text).toBe('日本の首相は月曜日に記者会見を開き、ミンスクでの会談について語った。');
    expect(ja.warnings).toEqual([]);
    const chinese = handMadePdf(
      [
        [
          [72, 720, '人工智能公司腾讯周一发布了新模型，'],
          [72, 704, 'DeepMind 和 AlphaGo 的团队也在场。'],
        ],
      ],
      { font: cidFont('GBK-EUC-H', 'SimSun', 'GB1', 'GBK') },
    );
    expect((await parsed('zh.pdf', chinese)).text).toBe(
      '人工智能公司腾讯周一发布了新模型，DeepMind 和 AlphaGo 的团队也在场。',
    );
  });

  it('reads a short page as text, not as a scan', async () => {
    const pdf = handMadePdf([
      [[72, 720, 'Talks in Minsk began on Monday after weeks of delay.']],
      [[72, 720, 'The end.']],
    ]);
    const result = await parsed('short.pdf', pdf);
    expect(result.text).toBe('Talks in Minsk began on Monday after weeks of delay.\n\nThe end.');
    expect(result.warnings).toEqual([]);
    // A PDF of one short line is a note, not a scan.
    expect((await parsed('thanks.pdf', handMadePdf([[[72, 720, 'Thank you.']]]))).text).toBe('Thank you.');
  });

  it('reads a PDF with bytes after its end, and says what was left out', async () => {
    const pdf = handMadePdf();
    const padded = await parsed('padded.pdf', Buffer.concat([pdf, Buffer.from('\r\n\0\0\0\n')]));
    expect(padded.text).toBe('A short note about the talks in Minsk and Vilnius.');
    expect(padded.warnings).toEqual([]);
    const random = prng(3);
    const glued = await parsed(
      'glued.pdf',
      Buffer.concat([pdf, Uint8Array.from({ length: 5000 }, () => Math.floor(random() * 256))]),
    );
    expect(glued.text).toBe('A short note about the talks in Minsk and Vilnius.');
    expect(glued.warnings).toEqual([
      'The file goes on after the end of the PDF: 5,000 bytes of other data there were left out.',
    ]);
  });
});

describe('reading order', () => {
  it('stores Arabic and Hebrew in logical order, with the letters Arabic shaping draws, and numbers and Latin words as they read', async () => {
    const hebrew = [
      'הממשלה הודיעה ביום שלישי כי השיחות במינסק על יצוא תבואה התקדמו לאט, משום שהנציגים דרשו ערבויות כתובות למימון.',
      'לפי הדיווח, 23 משלחות השתתפו בדיון על כללי COVID-19 בשנת 2023.',
    ];
    const arabic = [
      'قالت الحكومة يوم الثلاثاء إن المحادثات في مينسك بشأن صادرات الحبوب تقدمت ببطء لأن المندوبين طالبوا بضمانات مكتوبة للتمويل.',
      'وشارك في الاجتماع 23 وفدا من دول مختلفة.',
    ];
    const pdf = await print(
      'rtl',
      html(
        'RTL',
        "body { font: 14pt 'DejaVu Sans'; width: 320px } p { margin: 0 0 14pt }",
        `${hebrew.map((t) => `<p dir="rtl" lang="he">${t}</p>`).join('')}${arabic.map((t) => `<p dir="rtl" lang="ar">${t}</p>`).join('')}`,
      ),
    );
    const result = await parsed('rtl.pdf', pdf);
    // No presentation forms (U+FB50–U+FEFF) are left: a search for the letters typed finds them.
    expect(result.text).not.toMatch(/[\uFB50-\uFDFF\uFE70-\uFEFF]/u);
    expect(result.text.split('\n\n')).toEqual([...hebrew, ...arabic]);
  });

  it('reads a Wikipedia-style page with its infobox after the text beside it, row by row, and the text unbroken', async () => {
    const body = paragraphs(6);
    const rows = [
      ['Capital', 'Minsk'],
      ['Area', '207,595 km²'],
      ['Population', '9,155,978'],
      ['Currency', 'Belarusian ruble'],
      ['Time zone', 'UTC+3'],
      ['Calling code', '+375'],
    ];
    const pdf = await print(
      'infobox',
      html(
        'Belarus',
        `body { font: 11pt/1.4 sans-serif; margin: 0 } p { margin: 0 0 8pt }
         .infobox { float: right; width: 230px; margin: 0 0 10px 16px; border: 1px solid #aaa; font-size: 88%; background: #f8f9fa }
         .infobox th { text-align: left; padding: 2px 6px } .infobox td { padding: 2px 6px } caption { font-weight: bold }`,
        `<h1>Belarus</h1><table class="infobox"><caption>Republic of Belarus</caption>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>${ps(body)}`,
      ),
      { margin: { top: '20mm', bottom: '20mm', left: '20mm', right: '20mm' } },
    );
    const result = await parsed('belarus.pdf', pdf);
    expect(result.text.split('\n\n')).toEqual([
      'Belarus',
      ...body,
      'Republic of Belarus',
      ...rows.map((r) => r.join(' ')),
    ]);
  });

  it('reads a paper’s first page (title, authors and abstract across the page, then two columns) column by column', async () => {
    const abstract = `Abstract. ${paragraphs(2).join(' ')}`;
    const body = paragraphs(10);
    const pdf = await print(
      'paper',
      html(
        'Paper',
        `body { font: 10pt/1.3 serif; margin: 0 } h1 { font-size: 16pt; text-align: center; margin: 0 0 6pt } .authors { text-align: center; margin: 0 0 10pt }
         .abstract { margin: 0 8mm 12pt; font-size: 9pt; text-align: justify } .cols { column-count: 2; column-gap: 7mm } .cols p { margin: 0 0 6pt; text-align: justify }`,
        `<h1>Grain, gas and the border: a study of regional trade</h1><p class="authors">Jane Doe and John Roe</p><p class="abstract">${abstract}</p><div class="cols">${ps(body)}</div>`,
      ),
      { margin: { top: '20mm', bottom: '20mm', left: '18mm', right: '18mm' } },
    );
    const result = await parsed('paper.pdf', pdf);
    expect(result.text.split('\n\n')).toEqual([
      'Grain, gas and the border: a study of regional trade',
      'Jane Doe and John Roe',
      abstract,
      ...body,
    ]);
  });

  it('mends a word hyphenated across a page break and across a column break', async () => {
    const pages = handMadePdf([
      [
        [72, 720, 'Talks in Minsk began on Monday after weeks of'],
        [72, 706, 'delay, and officials said that the govern-'],
      ],
      [
        [72, 720, 'ment would publish the agreement in full before'],
        [72, 706, 'the vote at the end of the month.'],
      ],
    ]);
    expect((await parsed('pages.pdf', pages)).text).toBe(
      'Talks in Minsk began on Monday after weeks of delay, and officials said that the government would publish the agreement in full before the vote at the end of the month.',
    );
    const left = [
      'Talks in Minsk began on Monday',
      'after weeks of delay, and the',
      'officials said that the ministry',
      'of finance wanted written gua-',
    ];
    const right = [
      'rantees on funding before the',
      'vote at the end of the month,',
      'which diplomats described as',
      'a long and difficult process.',
    ];
    const columns = handMadePdf([
      [...left.map((t, i): Placed => [72, 720 - 14 * i, t]), ...right.map((t, i): Placed => [320, 720 - 14 * i, t])],
    ]);
    expect((await parsed('columns.pdf', columns)).text).toBe(
      `${left.join(' ')} ${right.join(' ')}`.replace('gua- rantees', 'guarantees'),
    );
  });
});

describe('a text layer that is not the text', () => {
  /** Three pages of three lines each, in one long sentence a page. */
  const pageTexts = [0, 1, 2].map((i) =>
    paragraphs(3)
      [i]!.match(/.{1,60}(?:\s|$)/g)!
      .map((l) => l.trim()),
  );
  // Each page's text starts lower than the last one's, so that lines the pages share are not taken for running headers.
  const placed = (lines: string[], page = 0): Placed[] => lines.map((text, i) => [72, 720 - 20 * page - 14 * i, text]);

  it('flags the pages whose font maps its glyphs to the wrong letters, with their numbers and what came out, and reads them by OCR', async () => {
    // The font's map shifts every letter by three; page 1 is written shifted back, so that it comes out right.
    const pdf = handMadePdf(
      [
        placed(pageTexts[0]!.map((l) => l.replace(/[A-Za-z]/g, shifted(23)))),
        placed(pageTexts[1]!, 1),
        placed(pageTexts[2]!, 2),
      ],
      {
        font: misMappedFont(shifted(3)),
      },
    );
    const result = await parsed('form.pdf', pdf);
    // Page 1 from its text layer; pages 2 and 3 by OCR of the glyphs drawn, which are the real letters.
    expect(result.text.split('\n\n')).toEqual(paragraphs(3));
    expect(result.ocr).toMatchObject({ languages: ['eng'], pages: [2, 3], doubtful: [] });
    // What the font's map says the glyphs are: "Riilfldov lq Yloqlxv vdlg…" for "Officials in Vilnius said…".
    const garbled = pageTexts[1]!.join(' ').replace(/[A-Za-z]/g, shifted(3));
    expect(result.warnings).toEqual([
      'Pages 2 and 3 have a broken text layer: the letters do not make words (a font maps its glyphs to the wrong letters). ' +
        `Their text layer is garbled (“${garbled.slice(0, 40)}…”): they were read by OCR instead (in English, mean confidence ${result.ocr!.confidence}%).`,
    ]);
    // The document keeps the flag, for the reader and `quire show`.
    const project = await createTestProject({ seeds: false });
    const path = join(tempDir(), 'form.pdf');
    writeFileSync(path, pdf);
    const report = await call(project, 'importFiles', { paths: [path] });
    expect(report.files[0]).toMatchObject({ status: 'imported', warnings: result.warnings });
    expect(getDocument(project.db, report.files[0]!.documentId!, everyone()).importNotes).toEqual(result.warnings);
    expect(getDocument(project.db, report.files[0]!.documentId!, everyone()).ocr).toMatchObject({
      languages: ['eng'],
      pages: [2, 3],
    });
  });

  it('flags a page of private-use characters', async () => {
    const pdf = handMadePdf([placed(pageTexts[0]!)], {
      font: misMappedFont((l) => String.fromCodePoint(0xf000 + l.charCodeAt(0))),
    });
    const result = await parsed('symbols.pdf', pdf);
    expect(result.text).toBe(paragraphs(3)[0]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(
      /^Page 1 has a broken text layer: the fonts draw characters that have no code \(private-use or unmapped glyphs\)\. Its text layer is garbled \(“��������.*it was read by OCR instead \(in English, mean confidence \d+%\)\.$/,
    );
  });

  it('does not flag real text in many languages and alphabets', () => {
    const texts = [
      paragraphs(3).join(' '),
      'Die Gespräche in Minsk begannen am Montag nach wochenlanger Verzögerung und viel Streit über die Tagesordnung, sagten Beamte.',
      'Rozmowy w Mińsku rozpoczęły się w poniedziałek po tygodniach opóźnień i sporów o porządek obrad, powiedzieli urzędnicy.',
      'Переговоры в Минске начались в понедельник после нескольких недель задержек и споров о повестке дня, сообщили чиновники.',
      'Перемовини в Мінську розпочалися в понеділок після тижнів затримок і суперечок щодо порядку денного, повідомили посадовці.',
      'Перамовы ў Мінску пачаліся ў панядзелак пасля некалькіх тыдняў затрымак і спрэчак наконт парадку дня, паведамілі чыноўнікі.',
      'Table 3. GDP, CPI and FX (2019–2023): 1.2 / 3.4 / 5.6 — 7.8% ± 0.2; https://stat.example.org/tables/3?id=BY-2023',
      '人工智能公司腾讯周一发布了新模型，DeepMind 和 AlphaGo 的团队也在场。',
    ];
    for (const text of texts) expect(garbledReason(text), text).toBeNull();
  });
});

describe('PDFs Quire cannot read', () => {
  it('reads a PDF of images by OCR, also under a scanner’s stamp in real text; refuses one whose pictures hold no text', async () => {
    const scan = await parsed('scan.pdf', await imageOnlyPdf());
    expect(scan.text).toBe('A scanned letter about the talks in Minsk, signed by the minister.');
    expect(scan.warnings).toEqual([
      `Page 1 is a picture of text (a scan): read by OCR (in English, mean confidence ${scan.ocr!.confidence}%).`,
    ]);
    // A scanner's stamp in real text does not make a scan a text page.
    const stamped = await parsed('stamped.pdf', await imageOnlyPdf('Scanned 2023-05-12'));
    expect(stamped.text).toMatch(
      /^A scanned letter about the talks in Minsk, signed by the minister\.\s+Scanned 2023-05-12$/,
    );
    expect(stamped.ocr?.pages).toEqual([1]);
    const blank = await print(
      'blank picture',
      '<!doctype html><html><body><div style="height: 600px; background: linear-gradient(#8ab, #fed)"></div></body></html>',
    );
    expect(await failure('blank.pdf', blank)).toBe(
      'This PDF has no text: no text layer, and OCR (in English) found no text in its pictures. If it shows text in another language, import it again with that language chosen for OCR.',
    );
  });

  it('says a PDF is locked with a password', async () => {
    expect(await failure('locked.pdf', lockedPdf())).toMatch(/^This PDF is locked with a password/);
  });

  it('says a truncated PDF is incomplete, random bytes are not a PDF, and a broken one is damaged', async () => {
    const pdf = await twoColumnPdf();
    expect(await failure('half.pdf', pdf.subarray(0, pdf.length >> 1))).toMatch(
      /^This PDF is incomplete: its end is missing/,
    );
    const random = prng(7);
    expect(
      await failure(
        'noise.pdf',
        Uint8Array.from({ length: 20_000 }, () => Math.floor(random() * 256)),
      ),
    ).toMatch(/^This file is not a PDF/);
    expect(await failure('page.pdf', Buffer.from('<!doctype html><html><body><p>Hello</p></body></html>'))).toMatch(
      /web page \(HTML\)/,
    );
    expect(await failure('broken.pdf', Buffer.from('%PDF-1.4\nonly some words, no objects at all\n%%EOF\n'))).toBe(
      'This PDF is damaged and cannot be read (Invalid PDF structure).',
    );
  });

  it('imports the good PDF of a batch and fails each bad one with its reason', async () => {
    const project = await createTestProject({ seeds: false });
    const dir = tempDir();
    const good = await twoColumnPdf();
    writeFileSync(join(dir, 'a-good.pdf'), good);
    writeFileSync(join(dir, 'b-truncated.pdf'), good.subarray(0, good.length >> 1));
    const random = prng(11);
    writeFileSync(
      join(dir, 'c-random.pdf'),
      Uint8Array.from({ length: 50_000 }, () => Math.floor(random() * 256)),
    );
    writeFileSync(join(dir, 'd-scan.pdf'), await imageOnlyPdf());
    writeFileSync(join(dir, 'e-locked.pdf'), lockedPdf());
    const report = await call(project, 'importFiles', { paths: [dir] });
    expect(report).toMatchObject({ imported: 2, failed: 3 });
    const byName = (name: string) => report.files.find((f) => f.path.endsWith(name))!;
    expect(byName('a-good.pdf').status).toBe('imported');
    expect(byName('b-truncated.pdf')).toMatchObject({ status: 'failed', message: expect.stringMatching(/incomplete/) });
    expect(byName('c-random.pdf')).toMatchObject({ status: 'failed', message: expect.stringMatching(/not a PDF/) });
    expect(byName('d-scan.pdf')).toMatchObject({
      status: 'imported',
      warnings: [expect.stringMatching(/^Page 1 is a picture of text \(a scan\): read by OCR/)],
    });
    expect(byName('e-locked.pdf')).toMatchObject({ status: 'failed', message: expect.stringMatching(/password/) });
    const doc = getDocument(project.db, byName('a-good.pdf').documentId!, everyone());
    expect(doc).toMatchObject({ format: 'pdf', title: TITLE, author: 'Jane Doe', published: '2022-12-19' });
    expect(doc.body.split('\n\n')).toEqual([TITLE, 'By Jane Doe', 'December 19, 2022', ...TWO_COLUMNS]);
    // The PDF itself is kept as the original.
    const original = project.db
      .prepare('SELECT bytes FROM document_originals WHERE document_id = ?')
      .pluck()
      .get(doc.id) as Buffer;
    expect(Buffer.compare(original, good)).toBe(0);
  });
});

describe('the time limit on reading a PDF', () => {
  const bigPdf = () =>
    print('big', html('Big', 'body { font: 11pt serif } p { margin: 0 0 8pt }', ps(paragraphs(300))));

  it('fails a PDF that takes longer than the limit', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.pdf');
    writeFileSync(path, await bigPdf());
    const parser = createParser([path], { maxBytes: 50e6, timeLimitMs: 1 });
    try {
      const result = await parser.parse(path);
      expect(result).toMatchObject({
        ok: false,
        message: expect.stringMatching(/^Reading this file took longer than/),
      });
    } finally {
      await parser.close();
    }
  });

  it('sends the files queued behind a slow PDF to a new reader', async () => {
    const dir = tempDir();
    const big = join(dir, 'big.pdf');
    const note = join(dir, 'note.txt');
    writeFileSync(big, await bigPdf());
    writeFileSync(note, 'A note about the talks in Minsk.\n');
    // The parser's clocks are faked, so which file runs out of time does not depend on how fast this machine is.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const parser = createParser([big, note], { maxBytes: 50e6, timeLimitMs: 10_000 });
    try {
      const slow = parser.parse(big);
      vi.advanceTimersByTime(6_000);
      const queued = parser.parse(note);
      vi.advanceTimersByTime(5_000); // the PDF's 10 s are up, the note's are not: the reader is replaced
      vi.useRealTimers();
      expect(await slow).toMatchObject({ ok: false, message: expect.stringMatching(/took longer than 10 s/) });
      expect(await queued).toMatchObject({ ok: true, format: 'txt', text: 'A note about the talks in Minsk.\n' });
    } finally {
      vi.useRealTimers();
      await parser.close();
    }
  });

  it('reads the same PDF in the worker, when there is time, as inline', async () => {
    const pdf = await twoColumnPdf();
    const path = join(tempDir(), 'herald.pdf');
    writeFileSync(path, pdf);
    const parser = createParser([path], { maxBytes: 50e6 });
    try {
      expect(await parser.parse(path)).toEqual(await parseBytes('herald.pdf', new Uint8Array(readFileSync(path))));
    } finally {
      await parser.close();
    }
  });
});
