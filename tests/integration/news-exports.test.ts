// Downloads from news databases (Nexis Uni, LexisNexis, Factiva, ProQuest),
// in the file kinds each offers: recognised from their content, split into
// one document per article with its headline, outlet, date, byline and the
// export's other fields; what cannot be read is said per article.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../src/main/core/corpus/parse.ts';
import { getDocument } from '../../src/main/core/documents/documents.ts';
import { launchChromium } from '../../src/main/printers/chromium.ts';
import { call } from '../../src/main/core/engine.ts';
import { everyone } from '../../src/main/core/viewer.ts';
import type { ImportReport } from '../../src/shared/api.ts';
import {
  ARTICLES,
  factivaCoded,
  factivaHtml,
  factivaPlain,
  lexisAcademic,
  nexisCover,
  nexisUniLines,
  proQuest,
  rtfFile,
  wordFile,
} from '../helpers/news-exports.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

const fileOf = (path: string) => path.replace(/^.*[/\\]/, '');
const imported = (report: ImportReport, file: string) =>
  report.files.filter((f) => fileOf(f.path).startsWith(`${file} ›`) && f.status === 'imported');

describe('news database exports: one document per article, with its fields', () => {
  it('imports a folder of Nexis Uni, LexisNexis, Factiva and ProQuest downloads as the right articles with their fields', async () => {
    const project = await createTestProject({ seeds: false });
    const dir = tempDir();
    const [guardian, sz, reuters] = ARTICLES as [(typeof ARTICLES)[0], (typeof ARTICLES)[0], (typeof ARTICLES)[0]];
    // A Nexis Uni download of many in one Word file, with its cover page; a caption ("Graphic") after one article.
    const many = [
      ...nexisCover(ARTICLES),
      ...nexisUniLines(guardian, { graphic: 'Alexander Lukashenko in Minsk. Photo: AP' }),
      ...nexisUniLines(sz),
      ...nexisUniLines(reuters),
    ];
    writeFileSync(join(dir, 'Files (3).DOCX'.toLowerCase()), await wordFile(many));
    writeFileSync(join(dir, 'nexis-one.rtf'), rtfFile(nexisUniLines(sz)));
    writeFileSync(join(dir, 'lexis-academic.txt'), lexisAcademic([reuters]));
    writeFileSync(join(dir, 'factiva.txt'), factivaCoded([guardian]));
    writeFileSync(join(dir, 'factiva.htm'), factivaHtml([guardian, reuters]));
    writeFileSync(join(dir, 'proquest.txt'), proQuest([sz]));
    const report = await call(project, 'importFiles', { paths: [dir] });

    // The same three articles, in whichever export: each once, the rest reported as already there.
    expect(report.files.map((f) => [fileOf(f.path), f.status])).toEqual([
      ['factiva.htm › article 1: Belarus says its troops will not join the war', 'imported'],
      ['factiva.htm › article 2: Minsk hosts the first round of talks', 'imported'],
      ['factiva.txt', 'duplicate'],
      ['files (3).docx › article 1: Belarus says its troops will not join the war', 'duplicate'],
      ['files (3).docx › article 2: Lukaschenko bestreitet Beteiligung am Krieg', 'imported'],
      ['files (3).docx › article 3: Minsk hosts the first round of talks', 'duplicate'],
      // A download of one article is one document, named by its file.
      ['lexis-academic.txt', 'duplicate'],
      ['nexis-one.rtf', 'duplicate'],
      ['proquest.txt', 'duplicate'],
    ]);
    expect(report).toMatchObject({ imported: 3, duplicates: 6, failed: 0 });

    const doc = (file: string, n: number) =>
      getDocument(project.db, imported(report, file)[n]!.documentId!, everyone());
    // The headline, outlet, date (the day written, in German too), byline (people, not the place), language and the text alone.
    expect(doc('factiva.htm', 0)).toMatchObject({
      title: guardian.headline,
      source: guardian.outlet,
      published: '2022-03-03',
      author: 'Andrew Roth and Pjotr Sauer',
      language: 'en',
      body: guardian.paragraphs.join('\n\n'),
      format: 'html',
      filename: 'factiva.htm',
    });
    // A line of the text that looks like a field ("Length: of the border…", "IN Minsk, …", "RE the ceasefire…") stays in the text.
    expect(doc('factiva.htm', 1).body).toBe(reuters.paragraphs.join('\n\n'));
    expect(doc('factiva.htm', 1).details).toEqual([
      { name: 'Export', value: 'Factiva, article 2' },
      { name: 'Length', value: '530 words' },
      { name: 'Source code', value: 'LBA' },
      { name: 'Copyright', value: 'Copyright 2022 Reuters News.' },
      { name: 'Regions', value: 'bela : Belarus | ukrn : Ukraine' },
      { name: 'Accession number', value: 'LBA0000020220302ei3300abc' },
    ]);
    const german = doc('files (3).docx', 0);
    expect(german).toMatchObject({
      title: sz.headline,
      source: 'Süddeutsche Zeitung',
      published: '2022-03-03',
      author: 'Silke Bigalke',
      language: 'de',
      format: 'docx',
      body: sz.paragraphs.join('\n\n'),
    });
    expect(german.details).toEqual([
      { name: 'Export', value: 'Nexis Uni, article 2' },
      { name: 'Copyright', value: 'Copyright 2022 Süddeutsche Zeitung All Rights Reserved' },
      { name: 'Section', value: 'Politik; S. 7' },
      { name: 'Length', value: '388 words' },
      { name: 'Publication-Type', value: 'Newspaper' },
      { name: 'Subject', value: 'ARMED FORCES (90%); WAR & CONFLICT (89%)' },
      { name: 'Load-Date', value: 'March 4, 2022' },
    ]);
    expect((await call(project, 'checkProject', {})).ok).toBe(true);
  });

  it('reads every format the same: Nexis Uni in Word and RTF, LexisNexis text, Factiva coded, HTML and plain, ProQuest', async () => {
    const guardian = ARTICLES[0]!;
    const files: [string, Uint8Array][] = [
      ['nexis.docx', await wordFile([...nexisCover(ARTICLES), ...ARTICLES.flatMap((a) => nexisUniLines(a))])],
      ['nexis.rtf', rtfFile([...nexisCover(ARTICLES), ...ARTICLES.flatMap((a) => nexisUniLines(a))])],
      ['lexis.txt', Buffer.from(lexisAcademic(ARTICLES))],
      ['factiva.txt', Buffer.from(factivaCoded(ARTICLES))],
      ['factiva.html', Buffer.from(factivaHtml(ARTICLES))],
      ['factiva-plain.rtf', rtfFile(factivaPlain(ARTICLES).split('\n'))],
      ['proquest.txt', Buffer.from(proQuest(ARTICLES))],
    ];
    for (const [name, bytes] of files) {
      const parsed = await parseBytes(name, bytes);
      expect(parsed.ok, name).toBe(false);
      const parts = !parsed.ok && parsed.parts ? parsed.parts : [];
      expect(
        parts.map(
          (p) => p.ok && [p.metadata.title, p.metadata.source, p.metadata.published, p.metadata.author, p.text],
        ),
        name,
      ).toEqual(ARTICLES.map((a) => [a.headline, a.outlet, a.day, a.author, a.paragraphs.join('\n\n')]));
      expect(parts[0]!.label, name).toBe(`article 1: ${guardian.headline}`);
    }
  });

  it('reads a Nexis Uni PDF download, printed with page headers and footers, into its articles', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const lines = [...nexisCover(ARTICLES), ...ARTICLES.flatMap((a) => nexisUniLines(a))];
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      // Each article on a page of its own, as Nexis prints them; a header and "Page n of m" on every page.
      await page.setContent(
        `<html><body style="font: 11pt serif">${lines.map((l) => `<p>${esc(l)}</p>${l === 'End of Document' ? '<div style="break-after: page"></div>' : ''}`).join('')}</body></html>`,
      );
      const pdf = await page.pdf({
        format: 'A4',
        displayHeaderFooter: true,
        headerTemplate: '<div style="font-size: 8px; width: 100%; text-align: center">Nexis Uni</div>',
        footerTemplate:
          '<div style="font-size: 8px; width: 100%; text-align: center">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
        margin: { top: '60px', bottom: '60px' },
      });
      const parsed = await parseBytes('nexis.pdf', pdf);
      const parts = !parsed.ok && parsed.parts ? parsed.parts : [];
      expect(
        parts.map((p) => p.ok && [p.metadata.title, p.metadata.source, p.metadata.published, p.metadata.author]),
      ).toEqual(ARTICLES.map((a) => [a.headline, a.outlet, a.day, a.author]));
      // The text of each article, its lines joined as the PDF's paragraphs are.
      expect(parts.map((p) => p.ok && p.text.replace(/\s+/g, ' '))).toEqual(
        ARTICLES.map((a) => a.paragraphs.join(' ')),
      );
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('says when a download is cut short, and fails an error page alone', async () => {
    const project = await createTestProject({ seeds: false });
    const dir = tempDir();
    // The cover lists four; the file holds three, one of them Nexis's error page.
    const errorPage = [
      'Belarus railway sabotage',
      'The Times (London)',
      'March 5, 2022 Saturday',
      'We are sorry but there is an error in this document and it is not possible to display it.',
      'Body',
      'End of Document',
    ];
    const lines = [
      ...nexisCover([...ARTICLES, ARTICLES[0]!], 4),
      ...nexisUniLines(ARTICLES[0]!),
      ...errorPage,
      ...nexisUniLines(ARTICLES[2]!),
    ];
    writeFileSync(join(dir, 'download.docx'), await wordFile(lines));
    const report = await call(project, 'importFiles', { paths: [dir] });
    expect(report.files.map((f) => [fileOf(f.path), f.status, f.message ?? null])).toEqual([
      ['download.docx › article 1: Belarus says its troops will not join the war', 'imported', null],
      [
        'download.docx › article 2: Belarus railway sabotage',
        'failed',
        'Nexis Uni put an error page here instead of the article (“there is an error in this document”): download it again.',
      ],
      ['download.docx › article 3: Minsk hosts the first round of talks', 'imported', null],
      [
        'download.docx › cover page',
        'failed',
        'The cover page lists 4 articles, but only 3 are in the file: the download may be incomplete (download the missing ones again).',
      ],
    ]);
  });

  it('flags an article that another download holds in a slightly different version as a near-duplicate', async () => {
    const project = await createTestProject({ seeds: false });
    const dir = tempDir();
    const guardian = ARTICLES[0]!;
    const updated = {
      ...guardian,
      paragraphs: [
        ...guardian.paragraphs.slice(0, 2),
        'Opposition leaders in exile called the statement a smokescreen, and demanded sanctions.',
      ],
    };
    writeFileSync(join(dir, 'a.txt'), factivaCoded([guardian]));
    writeFileSync(join(dir, 'b.rtf'), rtfFile(nexisUniLines(updated)));
    const report = await call(project, 'importFiles', { paths: [dir] });
    expect(report.imported).toBe(2);
    const second = report.files.find((f) => fileOf(f.path) === 'b.rtf')!;
    expect(second.similar?.map((s) => s.title)).toEqual([guardian.headline]);
  });

  it('leaves an ordinary article alone, even one that mentions "Body" or ends with "Document"', async () => {
    const text = ['Body', 'The body of the report was found.', 'End of Document', 'That was the end.', ''].join('\n');
    const parsed = await parseBytes('note.txt', Buffer.from(text));
    // "Body" and "End of Document" alone do not make a Nexis export without its header fields and article structure.
    expect(parsed.ok).toBe(true);
  });
});
