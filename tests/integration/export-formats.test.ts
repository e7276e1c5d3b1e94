// The Markdown, Word and CSV exports of a coded project: what each file holds,
// checked by reading it back the way its readers would.
import { strFromU8, unzipSync } from 'fflate';
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { createTestProject } from '../helpers/project.ts';

/** Code point offsets of `needle` in `text` (the first occurrence). */
function span(text: string, needle: string): [number, number] {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`not in the text: ${needle}`);
  const start = [...text.slice(0, at)].length;
  return [start, start + [...needle].length];
}
const cp = (text: string, [a, b]: [number, number]) => [...text].slice(a, b).join('');

const SPECIALS = '<b>x</b> *y* [z](http://e)';
// Emoji (a ZWJ family, astral pictographs) and combining marks before the coded passage: code points ≠ UTF-16 units.
const UPLOAD = [
  'Uploaded report',
  '',
  'Family 👩‍👩‍👧 and q\u0323\u0307 and 😀 then <b>bold</b> [link](http://evil.example) <img src=x onerror=alert(1)> here.',
  '# Not a heading',
  '=HYPERLINK("http://evil.example","click") said the spreadsheet',
  '1. not a list, - not either; www.evil.example, x@evil.example',
  '',
].join('\n');

async function codedProject() {
  const p = await createTestProject();
  p.coder = 'ana';
  const stance = await call(p, 'createCode', {
    name: 'Stance',
    colour: '#AA0000',
    description: 'What the source claims about <i>Belarus</i>',
  });
  const neutral = await call(p, 'createCode', { name: 'Neutral', colour: '#00AA00', parentId: stance.id });
  const troops = await call(p, 'createCode', { name: 'Troops', colour: '#0000FF' });
  await call(p, 'createCodeGroup', { name: 'Role', exclusive: true, codeIds: [neutral.id] });
  await call(p, 'setMemo', { target: 'code', id: troops.id, text: 'Counts of soldiers & [kit]' });

  const seed = await call(p, 'getDocument', { id: 1 });
  // Two overlapping codings: Troops over the first phrase, Neutral from inside it to beyond it.
  const troopsSpan = span(seed.body, 'allowing Russian forces to invade from its territory');
  const neutralSpan: [number, number] = [troopsSpan[0] + 9, troopsSpan[1] + 40];
  const a = (await call(p, 'applyCode', { documentId: 1, codeId: troops.id, start: troopsSpan[0], end: troopsSpan[1] }))
    .coding;
  const b = (
    await call(p, 'applyCode', { documentId: 1, codeId: neutral.id, start: neutralSpan[0], end: neutralSpan[1] })
  ).coding;
  await call(p, 'setMemo', { target: 'coding', id: a.id, text: SPECIALS });
  await call(p, 'setMemo', { target: 'document', id: 1, text: 'Document memo with # and <script>alert(1)</script>' });

  p.coder = 'ben';
  const report = await call(p, 'importUploads', {
    files: [{ name: 'x.txt', base64: Buffer.from(UPLOAD).toString('base64') }],
  });
  expect(report.imported).toBe(1);
  const docs = await call(p, 'listDocuments', {});
  const upload = await call(p, 'getDocument', { id: docs.documents.find((d) => d.filename === 'x.txt')!.id });
  const html = (
    await call(p, 'applyCode', {
      documentId: upload.id,
      codeId: stance.id,
      ...spanInput(span(upload.body, '<b>bold</b> [link](http://evil.example) <img src=x onerror=alert(1)>')),
    })
  ).coding;
  const formula = (
    await call(p, 'applyCode', {
      documentId: upload.id,
      codeId: troops.id,
      ...spanInput(span(upload.body, '=HYPERLINK("http://evil.example","click")')),
    })
  ).coding;
  // One passage across two lines.
  const across = (
    await call(p, 'applyCode', {
      documentId: upload.id,
      codeId: neutral.id,
      ...spanInput(span(upload.body, 'heading\n=HYPER')),
    })
  ).coding;
  await call(p, 'setMemo', { target: 'coding', id: formula.id, text: '-1 is not a number here\nsecond line' });
  return { p, seed, upload, codings: { a, b, html, formula, across }, codes: { stance, neutral, troops } };
}
const spanInput = ([start, end]: [number, number]) => ({ start, end });

async function exported(
  p: ProjectHandle,
  format: 'md' | 'docx' | 'csv',
  choices: Record<string, unknown> = {},
): Promise<Buffer> {
  const result = await call(p, 'exportFile', { format, ...choices });
  expect(result.name).toMatch(new RegExp(`\\.${format}$`));
  return Buffer.from(result.base64!, 'base64');
}

describe('the Markdown report', () => {
  it('puts coded passages in bold, each coding on a line after its paragraph, memos as footnotes', async () => {
    const { p, codings } = await codedProject();
    const md = (await exported(p, 'md')).toString('utf8');
    // The overlapping codings make one bold stretch, their union.
    expect(md).toContain('by **allowing Russian forces to invade from its territory.');
    const note = md.match(/> \[Troops\] “allowing Russian forces to invade from its territory”\[\^(\d+)\]/);
    expect(note).not.toBeNull();
    expect(md).toContain('> [Stance › Neutral] “');
    // The memo's footnote, its Markdown and HTML escaped.
    expect(md).toContain(`[^${note![1]}]: **Troops**, ana: \\<b\\>x\\</b\\> \\*y\\* \\[z\\](http\\://e)`);
    expect(md).toMatch(/\[\^\d+\]: \*\*Troops\*\*, ben: \\-1 is not a number here\\\n {4}second line/);
    // Two coders: each coding line names its coder.
    expect(md).toContain('” — ben');
    expect(codings.across.quote).toBe('heading\n=HYPER');
    expect(md).toContain('“heading =HYPER”');

    const html = await marked.parse(md, { gfm: true });
    // Nothing from an article, a memo or a description turned into markup.
    expect(html).not.toMatch(/<(b|i|img|script)\b/);
    expect(html).not.toMatch(/<a\b/);
    expect(html).not.toContain('<h1>Not a heading');
    expect(html).not.toMatch(/<ol>\s*<li>not a list/);
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt; *y* [z](http://e)');
    // Each paragraph numbered (“¶ n”), its own text after the number as written.
    expect(html).toMatch(/<p>¶ \d+ # Not a <strong>heading<\/strong><\/p>/);
    expect(html).toMatch(/<p>¶ \d+ 1\. not a list, - not either; www\.evil\.example, x@evil\.example<\/p>/);
    // The coded passage after the emoji and combining marks is exactly the bold one.
    expect(html).toContain(
      'Family 👩‍👩‍👧 and q\u0323\u0307 and 😀 then <strong>&lt;b&gt;bold&lt;/b&gt; [link](http://evil.example) &lt;img src=x onerror=alert(1)&gt;</strong> here.',
    );
    expect(html).toContain('<strong>=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)</strong> said');
    // The matrix, the passages by code and the codebook.
    expect(html).toMatch(/<h2>Codes by document<\/h2>[\s\S]*<table>[\s\S]*Stance › Neutral/);
    expect(html).toMatch(/<h3>Troops \(2\)<\/h3>\s*<table>/);
    expect(html).toMatch(/<h2>Codebook<\/h2>[\s\S]*What the source claims about &lt;i&gt;Belarus&lt;\/i&gt;/);
    expect(html).toContain('<strong>Memo:</strong> Counts of soldiers &amp; [kit]');
    expect(html).toContain('Document memo with # and &lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('keeps bold where CommonMark would not see it, and leaves out what the choices leave out', async () => {
    const p = await createTestProject({ seeds: false });
    p.coder = 'ana';
    const code = await call(p, 'createCode', { name: 'Quote' });
    const text = 'Title\n\nHe said“so”then 😀“emoji”😀 left.\n';
    await call(p, 'importUploads', { files: [{ name: 'q.txt', base64: Buffer.from(text).toString('base64') }] });
    const doc = await call(p, 'getDocument', { id: 1 });
    await call(p, 'applyCode', { documentId: 1, codeId: code.id, ...spanInput(span(doc.body, '“so”')) });
    await call(p, 'applyCode', { documentId: 1, codeId: code.id, ...spanInput(span(doc.body, '“emoji”')) });
    const html = await marked.parse((await exported(p, 'md')).toString('utf8'));
    expect(html).toContain('He said<strong>“so”</strong>then 😀<strong>“emoji”</strong>😀 left.');

    const bare = (
      await exported(p, 'md', { include: { text: false, memos: false, matrix: false, quotes: false, codebook: false } })
    ).toString('utf8');
    expect(bare).not.toContain('He said');
    // The passage brings its own quotation marks: none are added around them.
    expect(bare).toContain('> [Quote] “so”\n');
    expect(bare).not.toMatch(/Codes by document|Passages by code|Codebook/);
  });
});

/** The text of each paragraph of a WordprocessingML part. */
function paragraphsOf(xml: string): string[] {
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => unescape(t[1]!)).join(''),
  );
}
const tint = (hex: string) =>
  [1, 3, 5]
    .map((i) =>
      Math.round(255 - (255 - parseInt(hex.slice(i, i + 2), 16)) * 0.28)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')
    .toUpperCase();

describe('the Word report', () => {
  it('shades coded passages in their codes’ colours and comments each coding with its code and memo', async () => {
    const { p, codings } = await codedProject();
    const files = unzipSync(new Uint8Array(await exported(p, 'docx')));
    const document = strFromU8(files['word/document.xml']!);
    const comments = strFromU8(files['word/comments.xml']!);
    const text = paragraphsOf(document);

    // Each paragraph of the text numbered, as the quotes cite it.
    expect(text).toContainEqual(
      expect.stringMatching(
        /^¶ \d+ {2}Family 👩‍👩‍👧 and q\u0323\u0307 and 😀 then <b>bold<\/b> \[link\]\(http:\/\/evil\.example\) <img src=x onerror=alert\(1\)> here\.$/,
      ),
    );
    expect(text.some((t) => t.startsWith('Belarus – Russia’s only ally in Europe'))).toBe(true);
    // Light tints of the code colours; where Troops and Neutral overlap, the tint of their mix.
    for (const fill of [tint('#AA0000'), tint('#00AA00'), tint('#0000FF'), tint('#005580')])
      expect(document).toContain(`w:fill="${fill}"`);
    // Each document starts a new page.
    expect(document.match(/<w:pageBreakBefore\/>/g)!.length).toBeGreaterThanOrEqual(6);

    // One comment per coding, by its coder, with the code's path and the memo.
    const all = [...comments.matchAll(/<w:comment [^>]*w:author="([^"]*)"[^>]*>([\s\S]*?)<\/w:comment>/g)].map((m) => ({
      author: m[1],
      text: paragraphsOf(m[2]!),
    }));
    expect(all).toHaveLength(Object.keys(codings).length);
    expect(all).toContainEqual({ author: 'ana', text: ['Troops', SPECIALS] });
    expect(all).toContainEqual({ author: 'ana', text: ['Stance › Neutral'] });
    expect(all).toContainEqual({ author: 'ben', text: ['Troops', '-1 is not a number here', 'second line'] });
    for (let id = 0; id < all.length; id++) {
      expect(document).toContain(`<w:commentRangeStart w:id="${id}"/>`);
      expect(document).toContain(`<w:commentRangeEnd w:id="${id}"/>`);
      expect(document).toContain(`<w:commentReference w:id="${id}"/>`);
    }
    // The comment on the overlap-starting coding covers exactly its passage.
    const seedXml = document.slice(document.indexOf('Belarus – Russia’s only ally'));
    const inTroops = seedXml.slice(
      seedXml.indexOf('<w:commentRangeStart w:id="0"/>'),
      seedXml.indexOf('<w:commentRangeEnd w:id="0"/>'),
    );
    expect(paragraphsOf(`<w:p>${inTroops}</w:p>`)[0]).toBe('allowing Russian forces to invade from its territory');

    // The document memo, the matrix, the quote tables and the codebook.
    expect(text).toContain('Memo: Document memo with # and <script>alert(1)</script>');
    expect(text).toContain('Codes by document');
    expect(text).toContain('“<b>bold</b> [link](http://evil.example) <img src=x onerror=alert(1)>”');
    expect(text).toContain('What the source claims about <i>Belarus</i>');
    expect(text).toContain('Memo: Counts of soldiers & [kit]');
    expect(document).toContain('<w:tbl>');
  });
});

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') throw new Error(`a bare line break outside quotes at ${i}`);
    else field += c;
  }
  if (field || row.length) throw new Error('the last record does not end with CRLF');
  return rows;
}

describe('the CSV of coded segments', () => {
  it('has one row per coding, in UTF-8 with a BOM and CRLF, code point offsets and a guard against formulas', async () => {
    const { p, seed, upload, codings } = await codedProject();
    const bytes = await exported(p, 'csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
    expect(header).toEqual([
      'document',
      'source',
      'date',
      'author',
      'code',
      'groups',
      'coder',
      'quote',
      'memo',
      'start',
      'end',
      'created',
    ]);
    expect(rows).toHaveLength(Object.keys(codings).length);
    const record = (r: string[]) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]));
    const bodies = new Map([
      [seed.displayTitle, seed.body],
      [upload.displayTitle, upload.body],
    ]);
    for (const r of rows.map(record)) {
      // Start and end are code points: they slice the quote out of the text (the guard's apostrophe aside).
      const quote = cp(bodies.get(r.document!)!, [Number(r.start), Number(r.end)]);
      expect(r.quote).toBe(/^[=+\-@]/.test(quote) ? `'${quote}` : quote);
      expect(r.created).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    const byQuote = (q: string) => rows.map(record).find((r) => r.quote!.includes(q))!;
    expect(byQuote('<b>bold</b>')).toMatchObject({
      code: 'Stance',
      coder: 'ben',
      groups: '',
      start: String(span(upload.body, '<b>bold')[0]),
    });
    // Code points, not UTF-16 units: the emoji before the passage count once each.
    expect(Number(byQuote('<b>bold</b>').start)).toBeLessThan(upload.body.indexOf('<b>bold'));
    expect(byQuote('HYPERLINK')).toMatchObject({
      quote: `'=HYPERLINK("http://evil.example","click")`,
      memo: `'-1 is not a number here\nsecond line`,
      code: 'Troops',
    });
    expect(byQuote('heading')).toMatchObject({ quote: 'heading\n=HYPER', code: 'Stance › Neutral', groups: 'Role' });
    expect(byQuote('allowing Russian forces')).toMatchObject({
      memo: SPECIALS,
      coder: 'ana',
      document: seed.displayTitle,
      source: seed.source ?? '',
    });
    // Numbers stay numbers: never quoted, never guarded.
    expect(bytes.toString('utf8')).toMatch(/,\d+,\d+,20\d\d-/);
  });
});
