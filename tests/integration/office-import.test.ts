// Importing office documents (.docx, .odt, .rtf) and exports of news databases
// (.csv, .json, many articles per file). The fixtures are built here: Word
// documents with the docx package, OpenDocument files and zip bombs with
// fflate, so the text each must give back is known exactly.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  FootnoteReferenceRun,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../src/main/core/corpus/parse.ts';
import { getDocument } from '../../src/main/core/documents/documents.ts';
import { call } from '../../src/main/core/engine.ts';
import type { ImportReport } from '../../src/shared/api.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';
import { prng } from '../../fixtures/random.ts';
import { everyone } from '../../src/main/core/viewer.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

function entry(report: ImportReport, name: string) {
  const found = report.files.filter((f) => f.path.endsWith(name));
  if (found.length !== 1)
    throw new Error(`${found.length} results for ${name}: ${JSON.stringify(report.files.map((f) => f.path))}`);
  return found[0]!;
}

/** The text each office fixture must give back: body, then notes, then comments. */
const ARTICLE = [
  'Talks fail in Minsk',
  'Published: 4 May 2023',
  'The opposition leader said the talks had failed.[1]',
  'She spoke outside the court.',
  'Demands',
  '• Free the prisoners\n• New elections\n  • Under OSCE watch',
  '1. First\n2. Second',
  'City\tArrests\nMinsk\t120',
  'Last paragraph.\nSecond line',
  'Notes\n[1] Said to reporters.',
  'Comments\n[RE1] Check this claim.',
].join('\n\n');

function wordArticle(): Promise<Buffer> {
  const doc = new Document({
    title: 'Talks in Minsk',
    creator: 'Jane Doe',
    comments: {
      children: [{ id: 0, author: 'Rita Editor', initials: 'RE', children: [new Paragraph('Check this claim.')] }],
    },
    footnotes: { 1: { children: [new Paragraph('Said to reporters.')] } },
    numbering: {
      config: [
        {
          reference: 'numbers',
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Talks fail in Minsk', heading: HeadingLevel.HEADING_1 }),
          new Paragraph('Published: 4 May 2023'),
          new Paragraph({
            children: [
              new TextRun('The opposition leader said the talks had '),
              new TextRun({ text: 'failed', bold: true }),
              new TextRun('.'),
              new FootnoteReferenceRun(1),
            ],
          }),
          new Paragraph({
            children: [
              new CommentRangeStart(0),
              new TextRun('She spoke outside the court.'),
              new CommentRangeEnd(0),
              new TextRun({ children: [new CommentReference(0)] }),
            ],
          }),
          new Paragraph({ text: 'Demands', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Free the prisoners', bullet: { level: 0 } }),
          new Paragraph({ text: 'New elections', bullet: { level: 0 } }),
          new Paragraph({ text: 'Under OSCE watch', bullet: { level: 1 } }),
          new Paragraph({ text: 'First', numbering: { reference: 'numbers', level: 0 } }),
          new Paragraph({ text: 'Second', numbering: { reference: 'numbers', level: 0 } }),
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('City')] }),
                  new TableCell({ children: [new Paragraph('Arrests')] }),
                ],
              }),
              new TableRow({
                children: [
                  new TableCell({ children: [new Paragraph('Minsk')] }),
                  new TableCell({ children: [new Paragraph('120')] }),
                ],
              }),
            ],
          }),
          new Paragraph({
            children: [new ImageRun({ type: 'png', data: PNG, transformation: { width: 10, height: 10 } })],
          }),
          new Paragraph({ children: [new TextRun('Last paragraph.'), new TextRun({ text: 'Second line', break: 1 })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A Word document with neither a title in its properties nor a date in its text. */
function plainWord(): Promise<Buffer> {
  return Packer.toBuffer(
    new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'Border queues grow', heading: HeadingLevel.HEADING_1 }),
            new Paragraph('Lorries waited for three days at the crossing.'),
          ],
        },
      ],
    }),
  );
}

const ODF_NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
].join(' ');

const ODT_CONTENT = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${ODF_NS} office:version="1.3">
 <office:automatic-styles>
  <text:list-style style:name="L2"><text:list-level-style-number text:level="1" style:num-format="1"/></text:list-style>
 </office:automatic-styles>
 <office:body>
  <office:text>
   <text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Figure"/></text:sequence-decls>
   <text:h text:outline-level="1">Talks fail in Minsk</text:h>
   <text:p>Published: 4 May 2023</text:p>
   <text:p>The opposition leader said the talks had <text:span>failed</text:span>.<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Said to reporters.</text:p></text:note-body></text:note></text:p>
   <text:p><office:annotation><dc:creator>Rita Editor</dc:creator><dc:date>2024-01-01T00:00:00</dc:date><text:p>Check this claim.</text:p></office:annotation>She spoke
     outside the court.<office:annotation-end/></text:p>
   <text:h text:outline-level="2">Demands</text:h>
   <text:list><text:list-item><text:p>Free the prisoners</text:p></text:list-item><text:list-item><text:p>New elections</text:p><text:list><text:list-item><text:p>Under OSCE watch</text:p></text:list-item></text:list></text:list-item></text:list>
   <text:list text:style-name="L2"><text:list-item><text:p>First</text:p></text:list-item><text:list-item><text:p>Second</text:p></text:list-item></text:list>
   <table:table><table:table-column table:number-columns-repeated="2"/>
    <table:table-header-rows><table:table-row><table:table-cell><text:p>City</text:p></table:table-cell><table:table-cell><text:p>Arrests</text:p></table:table-cell></table:table-row></table:table-header-rows>
    <table:table-row><table:table-cell><text:p>Minsk</text:p></table:table-cell><table:table-cell><text:p>120</text:p></table:table-cell><table:table-cell table:number-columns-repeated="5"/></table:table-row>
   </table:table>
   <text:p><draw:frame><draw:image/></draw:frame></text:p>
   <text:p>Last paragraph.<text:line-break/>Second line</text:p>
  </office:text>
 </office:body>
</office:document-content>`;

const ODT_META = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta ${ODF_NS}><office:meta><dc:title>Talks in Minsk</dc:title><meta:initial-creator>Jane Doe</meta:initial-creator>
<dc:creator>Last Editor</dc:creator><meta:creation-date>2023-05-01T10:00:00</meta:creation-date><dc:language>en-GB</dc:language></office:meta></office:document-meta>`;

function odt(content = ODT_CONTENT, meta = ODT_META): Uint8Array {
  // The mimetype comes first and stored, as the OpenDocument standard asks.
  return zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(content),
    'meta.xml': strToU8(meta),
  });
}

const RTF = String.raw`{\rtf1\ansi\ansicpg1252\deff0\uc1{\fonttbl{\f0\froman Times New Roman;}{\f1\fnil\fcharset2 Symbol;}}
{\colortbl;\red0\green0\blue0;}{\stylesheet{\s0 Normal;}}
{\info{\title Talks in Minsk}{\author Jane Doe}{\creatim\yr2023\mo5\dy1\hr10\min2}}
{\*\generator Riched20 10.0;}\viewkind4
\pard\plain\f0 Talks fail in Minsk\par
\pard Published: 4 May 2023\par
\pard The opposition leader said the talks had {\b failed}.{\super\chftn}{\footnote\pard\plain{\super\chftn} Said to reporters.}\par
\pard {\*\atnid RE}{\*\atnauthor Rita Editor}She spoke outside the court.\chatn{\*\annotation{\*\atnref 0}\pard\plain Check this claim.}\par
\pard Demands\par
{\pntext\f1\'b7\tab}\pard{\*\pn\pnlvlblt\pnf1{\pntxtb\'b7}}\ls1 Free the prisoners\par
{\listtext\pard\plain\f1\'b7\tab}New elections\par
{\listtext\pard\plain\f1 \u-3913?\tab}\ilvl1 {\v hidden }Under OSCE watch\par
\pard\ls2{\listtext 1.\tab}First\par
{\listtext 2.\tab}Second\par
\pard\intbl City\cell Arrests\cell\row
\pard\intbl Minsk\cell 120\cell\row
\pard {\*\shppict{\pict\pngblip 89504e47}}{\nonshppict{\pict\wmetafile8 0100}}\par
\pard Last paragraph.\line Second line\par
}`;

describe('Word documents (.docx)', () => {
  it('gives paragraphs, headings, lists and tables as text, with notes and comments after the body', async () => {
    const project = await createTestProject({ seeds: false });
    const dir = tempDir();
    const bytes = await wordArticle();
    writeFileSync(join(dir, 'talks.docx'), bytes);
    const report = await call(project, 'importFiles', { paths: [join(dir, 'talks.docx')] });
    expect(report).toMatchObject({ imported: 1, failed: 0 });
    const result = entry(report, 'talks.docx');
    expect(result.warnings).toEqual(['1 image was left out: Quire keeps the text only.']);
    const doc = getDocument(project.db, result.documentId!, everyone());
    expect(doc.body).toBe(ARTICLE);
    // The title and author from the document's properties; the date from the text, not the file.
    expect(doc).toMatchObject({ format: 'docx', title: 'Talks in Minsk', author: 'Jane Doe', published: '2023-05-04' });
    expect(doc.originalHash).toBe(sha(bytes));
    expect((await call(project, 'checkProject', {})).ok).toBe(true);
  });

  it('takes the title from the first heading, and the date from the file when the text gives none', async () => {
    const bytes = await plainWord();
    const core = new TextDecoder().decode(unzipSync(bytes)['docProps/core.xml']);
    const created = /<dcterms:created[^>]*>(\d{4}-\d{2}-\d{2})/.exec(core)![1];
    const parsed = await parseBytes('queues.docx', bytes);
    expect(parsed).toMatchObject({
      ok: true,
      text: 'Border queues grow\n\nLorries waited for three days at the crossing.',
      warnings: [],
    });
    // The docx package names its creator "Un-named": a placeholder, not an author.
    expect(parsed.ok && parsed.metadata).toMatchObject({
      title: 'Border queues grow',
      author: null,
      published: created,
    });
  });
});

describe('OpenDocument text (.odt) and RTF', () => {
  it('reads an .odt like a Word document, with meta.xml for title, author and language', async () => {
    const parsed = await parseBytes('talks.odt', odt());
    expect(parsed).toMatchObject({
      ok: true,
      format: 'odt',
      text: ARTICLE,
      warnings: ['1 image was left out: Quire keeps the text only.'],
    });
    expect(parsed.ok && parsed.metadata).toEqual({
      title: 'Talks in Minsk',
      author: 'Jane Doe',
      published: '2023-05-04',
      source: null,
      url: null,
      language: 'en-GB',
    });
  });

  it('reads an .rtf: special characters, Unicode, lists, tables, footnotes and comments; \\info for title and author', async () => {
    const parsed = await parseBytes('talks.rtf', Buffer.from(RTF, 'latin1'));
    expect(parsed).toMatchObject({ ok: true, format: 'rtf', text: ARTICLE, encoding: 'windows-1252' });
    expect(parsed.ok && parsed.metadata).toMatchObject({
      title: 'Talks in Minsk',
      author: 'Jane Doe',
      published: '2023-05-04',
    });
    const accents = String.raw`{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0 Caf\'e9 \u8212\'97 \uc2\u1041\'c1\'c1 \uc1\u-10179?\u-8704? \{x\}\par}`;
    expect(await parseBytes('accents.rtf', Buffer.from(accents, 'latin1'))).toMatchObject({
      ok: true,
      text: 'Café — Б 😀 {x}',
    });
  });
});

describe('exports of news databases (.csv, .json): one document per article', () => {
  const CSV = [
    'Headline,Pub Date,Source,URL,Byline,Body',
    '"Talks fail in Minsk",2023-05-04,The Minsk Herald,https://example.org/talks,Jane Doe,"The talks failed.',
    '',
    'She said ""enough"", and left, ending the day."',
    'No body here,2023-05-05,The Minsk Herald,,,',
    '"Queues at the border",May 6 2023,Kyiv Post,,"John Roe","Lorries waited, again, for three days."',
    'A date either way,04/05/2023,Kyiv Post,,,Officials would not say which day it was.',
    'The same article again,2023-05-04,The Minsk Herald,,,"The talks failed.',
    '',
    'She said ""enough"", and left, ending the day."',
    '',
  ].join('\r\n');
  const JSON_EXPORT = {
    articles: [
      {
        title: 'Grain deal extended',
        date: '2023-05-07T22:30:00Z',
        source: { name: 'Reuters' },
        authors: [{ name: 'Ann Smith' }, 'Bo Lee'],
        url: 'https://example.org/grain',
        lang: 'en',
        text: ['The grain deal was extended.', 'Ships left Odesa.'],
      },
      'not an article',
      { headline: 'Copy of the queues story', content: 'Lorries waited, again, for three days.' },
      { title: 'Only a title' },
    ],
  };

  it('imports each row and each object as its own document, reporting each by its row or number', async () => {
    const project = await createTestProject({ seeds: false });
    const dir = tempDir();
    writeFileSync(join(dir, 'a-news.csv'), CSV);
    writeFileSync(join(dir, 'b-news.json'), JSON.stringify(JSON_EXPORT, null, 2));
    const report = await call(project, 'importFiles', { paths: [dir] });
    expect(report.files.map((f) => [f.path.replace(/^.*[/\\]/, ''), f.status])).toEqual([
      ['a-news.csv › row 2: Talks fail in Minsk', 'imported'],
      ['a-news.csv › row 3: No body here', 'failed'],
      ['a-news.csv › row 4: Queues at the border', 'imported'],
      ['a-news.csv › row 5: A date either way', 'imported'],
      ['a-news.csv › row 6: The same article again', 'duplicate'],
      ['b-news.json › article 1: Grain deal extended', 'imported'],
      ['b-news.json › article 2', 'failed'],
      ['b-news.json › article 3: Copy of the queues story', 'duplicate'],
      ['b-news.json › article 4: Only a title', 'failed'],
    ]);
    expect(report).toMatchObject({ imported: 4, duplicates: 2, failed: 3 });
    expect(entry(report, 'row 3: No body here').message).toBe('Row 3 has no text (its “Body” cell is empty).');
    expect(entry(report, 'article 2').message).toBe('Article 2 is not an object with fields.');
    expect(entry(report, 'article 4: Only a title').message).toBe(
      'Article 4 has no text (it has no text, body, content or article field).',
    );
    expect(entry(report, 'row 6: The same article again')).toMatchObject({
      documentId: entry(report, 'row 2: Talks fail in Minsk').documentId,
      message: 'Already in the project as “Talks fail in Minsk”.',
    });
    expect(entry(report, 'article 3: Copy of the queues story').documentId).toBe(
      entry(report, 'row 4: Queues at the border').documentId,
    );
    expect(entry(report, 'row 5: A date either way').warnings).toEqual([
      'The date “04/05/2023” could be day/month or month/day, so the article has no date.',
    ]);

    const talks = getDocument(project.db, entry(report, 'row 2: Talks fail in Minsk').documentId!, everyone());
    expect(talks).toMatchObject({
      body: 'The talks failed.\n\nShe said "enough", and left, ending the day.',
      title: 'Talks fail in Minsk',
      published: '2023-05-04',
      source: 'The Minsk Herald',
      url: 'https://example.org/talks',
      author: 'Jane Doe',
      format: 'csv',
      filename: 'a-news.csv',
    });
    expect(getDocument(project.db, entry(report, 'row 4: Queues at the border').documentId!, everyone())).toMatchObject(
      { published: '2023-05-06', author: 'John Roe', source: 'Kyiv Post' },
    );
    expect(
      getDocument(project.db, entry(report, 'row 5: A date either way').documentId!, everyone()).published,
    ).toBeNull();
    expect(
      getDocument(project.db, entry(report, 'article 1: Grain deal extended').documentId!, everyone()),
    ).toMatchObject({
      body: 'The grain deal was extended.\n\nShips left Odesa.',
      published: '2023-05-07',
      source: 'Reuters',
      author: 'Ann Smith, Bo Lee',
      url: 'https://example.org/grain',
      language: 'en',
      format: 'json',
    });
    expect((await call(project, 'checkProject', {})).ok).toBe(true);
  });

  it('imports uploaded exports the same way', async () => {
    const project = await createTestProject({ seeds: false });
    const report = await call(project, 'importUploads', {
      files: [{ name: 'news.csv', base64: Buffer.from(CSV).toString('base64') }],
    });
    expect(report.files.map((f) => `${f.path} ${f.status}`)).toEqual([
      'news.csv › row 2: Talks fail in Minsk imported',
      'news.csv › row 3: No body here failed',
      'news.csv › row 4: Queues at the border imported',
      'news.csv › row 5: A date either way imported',
      'news.csv › row 6: The same article again duplicate',
    ]);
    expect((await call(project, 'checkProject', {})).ok).toBe(true);
  });

  it('reads a bare JSON array and semicolon-separated CSV; a file without a text column fails as a whole', async () => {
    const array = await parseBytes(
      'list.json',
      Buffer.from(
        JSON.stringify([
          { Title: 'One', Body: 'First text.' },
          { TITLE: 'Two', BODY: 'Second text.' },
        ]),
      ),
    );
    // Not one document: replacing a document's text with it is refused with this message.
    expect(array).toMatchObject({
      ok: false,
      message: '“list.json” holds 2 articles (an export of many); import it to add each as its own document.',
    });
    expect(!array.ok && array.parts?.map((p) => p.ok && [p.label, p.text, p.metadata.title])).toEqual([
      ['article 1: One', 'First text.', 'One'],
      ['article 2: Two', 'Second text.', 'Two'],
    ]);
    const semicolons = await parseBytes('de.csv', Buffer.from('Titel;Datum;Text\nEins;2023-01-02;"Erster; Text."\n'));
    expect(!semicolons.ok && semicolons.parts?.map((p) => p.ok && [p.label, p.text, p.metadata.published])).toEqual([
      ['row 2', 'Erster; Text.', null],
    ]);
    expect(await parseBytes('codings.csv', Buffer.from('code,quote\na,b\n'))).toEqual({
      ok: false,
      message:
        '“codings.csv” has no column of article text: Quire looks for a header named text, body, content or article (its columns are “code”, “quote”).',
    });
  });
});

/** A zip whose directory claims `size` bytes for every entry, whatever its data holds. */
function claimSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true); // central directory: uncompressed size
    if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, size, true); // local header
  }
  return out;
}

describe('a malformed corpus', () => {
  it('fails each bad file alone with its reason, while the good ones are imported', async () => {
    const project = await createTestProject({ seeds: false });
    const dir = tempDir();
    const good = await wordArticle();
    const random = prng(5);
    const noise = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
    writeFileSync(join(dir, 'good.docx'), good);
    writeFileSync(join(dir, 'good.odt'), odt(ODT_CONTENT.replace('Talks fail', 'Talks stall')));
    writeFileSync(join(dir, 'truncated.docx'), good.subarray(0, good.length >> 1));
    // 300 MB of zeros compresses to a few hundred kilobytes.
    writeFileSync(
      join(dir, 'bomb.docx'),
      zipSync(
        { '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(300 * 1024 * 1024) },
        { level: 1 },
      ),
    );
    writeFileSync(join(dir, 'claims.odt'), claimSize(odt(), 0xfffffff0));
    // Under the total, but 30 MB of spaces shrinks a thousand times: no real document part does.
    writeFileSync(
      join(dir, 'shrinks.docx'),
      zipSync({
        '[Content_Types].xml': strToU8('<Types/>'),
        'word/document.xml': new Uint8Array(30 * 1024 * 1024).fill(32),
      }),
    );
    // The opposite lie: 50 MB of data claimed as 100 bytes is refused once it passes 100 bytes, never inflated whole nor cut to its claim.
    writeFileSync(
      join(dir, 'lies.docx'),
      claimSize(zipSync({ 'word/document.xml': new Uint8Array(50 * 1024 * 1024).fill(32) }), 100),
    );
    writeFileSync(join(dir, 'not-a-zip.docx'), 'This is plain text with a .docx name.');
    writeFileSync(
      join(dir, 'no-document.docx'),
      zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/styles.xml': strToU8('<styles/>') }),
    );
    writeFileSync(
      join(dir, 'bad-xml.odt'),
      odt(`<office:document-content ${ODF_NS}><office:body><office:text><text:p>Unclosed</office:text>`),
    );
    writeFileSync(
      join(dir, 'entities.odt'),
      odt(`<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]><office:document-content ${ODF_NS}/>`),
    );
    writeFileSync(join(dir, 'garbage.csv'), noise(4096));
    writeFileSync(join(dir, 'garbage.json'), noise(4096));
    writeFileSync(join(dir, 'garbage.rtf'), noise(4096));
    writeFileSync(join(dir, 'broken.json'), '[{"title": "A", "text": "B"');
    const report = await call(project, 'importFiles', { paths: [dir] });

    const reasons = Object.fromEntries(
      report.files.filter((f) => f.status === 'failed').map((f) => [f.path.replace(/^.*[/\\]/, ''), f.message]),
    );
    expect(reasons).toEqual({
      'bad-xml.odt': expect.stringMatching(
        /^The text of “bad-xml.odt” \(content.xml\) is not well-formed XML \(line 1: .+\)\.$/,
      ),
      'bomb.docx':
        '“bomb.docx” would unpack to 300 MB, more than the 200 MB Quire allows, so it was not opened (it may be a “zip bomb”).',
      'broken.json': expect.stringMatching(/^“broken.json” is not valid JSON \(.+\)\.$/),
      'claims.odt':
        '“claims.odt” would unpack to 12.0 GB, more than the 200 MB Quire allows, so it was not opened (it may be a “zip bomb”).',
      'entities.odt':
        'The text of “entities.odt” (content.xml) declares a DTD, which office documents never do; it was not read.',
      'garbage.csv': '“garbage.csv” looks like a binary file (a PDF, ZIP, image or program?), not text.',
      'garbage.json': '“garbage.json” looks like a binary file (a PDF, ZIP, image or program?), not text.',
      'garbage.rtf': '“garbage.rtf” is not a Rich Text Format file: it does not begin with {\\rtf.',
      'lies.docx':
        '“lies.docx” cannot be read: word/document.xml in it unpacks to more than the 100 bytes its archive says. The file is damaged, or made to mislead; nothing of it was used.',
      'no-document.docx': '“no-document.docx” is not a Word document (.docx): it holds no word/document.xml.',
      'not-a-zip.docx': expect.stringMatching(
        /^“not-a-zip.docx” cannot be read as a Word document \(.docx\): the file is damaged, incomplete or not a Word document \(.docx\) at all/,
      ),
      'shrinks.docx': expect.stringMatching(
        /^“shrinks\.docx” holds word\/document\.xml, which would unpack from [\d,]+ bytes to 30 MB \([\d,]+ times its size\); no real document shrinks that much, so the file was not opened \(it may be a “zip bomb”\)\.$/,
      ),
      'truncated.docx': expect.stringMatching(
        /^“truncated.docx” cannot be read as a Word document \(.docx\): the file is damaged, incomplete/,
      ),
    });
    expect(report).toMatchObject({ imported: 2, failed: 13 });
    expect(getDocument(project.db, entry(report, 'good.docx').documentId!, everyone()).body).toBe(ARTICLE);
    expect(getDocument(project.db, entry(report, 'good.odt').documentId!, everyone()).body).toBe(
      ARTICLE.replace('Talks fail', 'Talks stall'),
    );
    expect((await call(project, 'checkProject', {})).ok).toBe(true);
  });
});
