// Reference managers' exports (Zotero, EndNote, Mendeley) as RIS, BibTeX and
// CSL-JSON: each item a document from its attached full text (Zotero's "Export
// Files" folder: files/<n>/…) or else its abstract, marked as such; what cannot
// be used is said per item. And the project's documents exported back as
// references to cite.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../../src/main/core/engine.ts';
import { getDocument } from '../../src/main/core/documents/documents.ts';
import { launchChromium } from '../../src/main/printers/chromium.ts';
import { parseRis } from '../../src/main/core/corpus/references/ris.ts';
import { everyone } from '../../src/main/core/viewer.ts';
import type { ImportReport } from '../../src/shared/api.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

const PDF_TEXT = 'Belarus has allowed Russian troops to use its territory for the attack on Kyiv, the report finds.';
const PAGE_TEXT = 'Railway workers in Belarus sabotaged lines used to supply Russian forces.';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());

async function printedPdf(text: string): Promise<Buffer> {
  const page = await browser.newPage();
  await page.setContent(`<!doctype html><html><body><p style="font: 12pt serif">${text}</p></body></html>`);
  const pdf = await page.pdf({ format: 'A4' });
  await page.close();
  return pdf;
}

/** A folder as Zotero's "Export Files" leaves it: the export, and files/<n>/ with the attachments it names. */
async function zoteroFolder(name: string, exportText: string): Promise<string> {
  const dir = tempDir();
  mkdirSync(join(dir, 'files', '12'), { recursive: true });
  mkdirSync(join(dir, 'files', '13'), { recursive: true });
  writeFileSync(join(dir, 'files', '12', 'Roth - 2022 - Belarus and the war.pdf'), await printedPdf(PDF_TEXT));
  writeFileSync(
    join(dir, 'files', '13', 'snapshot.html'),
    `<!doctype html><html><head><title>Rail saboteurs</title></head><body><nav>Home · World</nav><article><h1>Rail saboteurs</h1><p>${PAGE_TEXT}</p></article></body></html>`,
  );
  writeFileSync(join(dir, '..', 'outside.txt'), 'A private file beside the export folder.');
  writeFileSync(join(dir, name), exportText);
  return dir;
}

const RIS = [
  'TY  - NEWS',
  'TI  - Belarus and the war',
  'AU  - Roth, Andrew',
  'AU  - Sauer, Pjotr',
  'T2  - The Guardian',
  'DA  - 2022/03/03/',
  'PY  - 2022',
  'UR  - https://www.theguardian.com/world/2022/mar/03/belarus',
  'AB  - A short abstract of the Guardian article.',
  'KW  - Belarus',
  'KW  - stance',
  'N1  - <p>Check the date &amp; the byline.</p>',
  'L1  - files/12/Roth - 2022 - Belarus and the war.pdf',
  'ER  - ',
  '',
  'TY  - ELEC',
  'TI  - Rail saboteurs',
  'AU  - Doe, Jane',
  'T2  - Example Times',
  'DA  - 2022/03/14/',
  'UR  - https://example-times.test/rail',
  'L1  - files/13/snapshot.html',
  'ER  - ',
  '',
  'TY  - JOUR',
  'TI  - Lukašenka’s regime and the war',
  'AU  - Wilson, Andrew',
  'PY  - 2023',
  'JO  - Journal of Democracy',
  'DO  - 10.1353/jod.2023.0001',
  'AB  - How the regime in Minsk',
  '  became a co-belligerent.',
  'LA  - English',
  'ER  - ',
  '',
  'TY  - RPRT',
  'TI  - A report without text',
  'L1  - files/99/missing.pdf',
  'L1  - ../outside.txt',
  'ER  - ',
  '',
  'TY  - NEWS',
  'TI  - Cut short',
  '',
].join('\r\n');

const fileOf = (path: string) => path.replace(/^.*[/\\]/, '');
const entry = (report: ImportReport, label: string) => report.files.find((f) => f.path.endsWith(label))!;

describe('reference managers: RIS, BibTeX and CSL-JSON', () => {
  it('imports a Zotero "Export Files" folder: full texts from the attached PDF and page, the abstract where there is none, each failure with its reason', async () => {
    const project = await createTestProject({ seeds: false });
    const dir = await zoteroFolder('Exported Items.ris', RIS);
    const report = await call(project, 'importFiles', { paths: [join(dir, 'Exported Items.ris')] });
    expect(report.files.map((f) => [fileOf(f.path), f.status])).toEqual([
      ['Exported Items.ris › item 1: Belarus and the war', 'imported'],
      ['Exported Items.ris › item 2: Rail saboteurs', 'imported'],
      ['Exported Items.ris › item 3: Lukašenka’s regime and the war', 'imported'],
      ['Exported Items.ris › item 4: A report without text', 'failed'],
      ['Exported Items.ris › line 42', 'failed'],
    ]);
    const doc = (label: string) => getDocument(project.db, entry(report, label).documentId!, everyone());

    const guardian = doc('item 1: Belarus and the war');
    expect(guardian).toMatchObject({
      title: 'Belarus and the war',
      author: 'Andrew Roth and Pjotr Sauer',
      source: 'The Guardian',
      published: '2022-03-03',
      url: 'https://www.theguardian.com/world/2022/mar/03/belarus',
      format: 'ris',
    });
    expect(guardian.body).toBe(PDF_TEXT);
    expect(guardian.details).toEqual([
      { name: 'Reference', value: 'RIS file, item 1' },
      { name: 'Type', value: 'newspaper article' },
      { name: 'Tags', value: 'Belarus; stance' },
      { name: 'Note', value: 'Check the date & the byline.' },
      { name: 'Full text', value: 'files/12/Roth - 2022 - Belarus and the war.pdf' },
      { name: 'Abstract', value: 'A short abstract of the Guardian article.' },
    ]);
    // The saved page: its article, not the page's navigation.
    expect(doc('item 2: Rail saboteurs').body).toContain(PAGE_TEXT);
    expect(doc('item 2: Rail saboteurs').body).not.toContain('Home · World');

    // No attachment: the abstract (its lines joined), marked as the abstract only; a year alone is no date, and says so.
    const wilson = doc('item 3: Lukašenka’s regime and the war');
    expect(wilson).toMatchObject({
      body: 'How the regime in Minsk became a co-belligerent.',
      published: null,
      language: 'en',
      url: 'https://doi.org/10.1353/jod.2023.0001',
    });
    expect(wilson.importNotes).toEqual([
      'The RIS file item gives only a year (2023), so the document has no date; the year is kept among its details.',
      'This document holds the item’s abstract only: the export attaches no full text.',
    ]);
    expect(wilson.details).toContainEqual({ name: 'DOI', value: '10.1353/jod.2023.0001' });

    // A missing attachment and one outside the export's folder: neither read, both said.
    const message = entry(report, 'item 4: A report without text').message!;
    expect(message).toMatch(
      /^Item 4 \(line 36\) has neither a full text attached that Quire could read nor an abstract/,
    );
    expect(message).toContain('The attachment “files/99/missing.pdf” could not be used:');
    expect(message).toContain(
      'The attachment “../outside.txt” could not be used: it is outside the folder of the export, so Quire does not read it.',
    );
    expect(entry(report, 'line 42').message).toBe(
      'The item at line 42 has no end (“ER  - ”): the file may be cut short, so it was not read.',
    );
  }, 60_000);

  it('reads the same library as BibTeX (LaTeX accents, Zotero’s file field, one broken entry alone) and as CSL-JSON', async () => {
    const bib = String.raw`@string{guardian = "The Guardian"}
@article{roth_belarus_2022,
  title = {Belarus and the {War}},
  author = {Roth, Andrew and Sauer, Pjotr},
  journaltitle = guardian,
  date = {2022-03-03},
  keywords = {Belarus, stance},
  file = {Full Text PDF:files/12/Roth - 2022 - Belarus and the war.pdf:application/pdf},
}

@article{wilson_2023,
  title = {Luka{\v s}enka's Regime},
  author = {Wilson, Andrew and M{\"u}ller, J{\"o}rg},
  journal = {Journal of Democracy},
  year = {2023},
  abstract = {How the regime in {Minsk} became a co-belligerent.},
}

@misc{broken,
  title = {Never closed,
`;
    const project = await createTestProject({ seeds: false });
    const dir = await zoteroFolder('library.bib', bib);
    const csl = [
      {
        id: 'x1',
        type: 'article-newspaper',
        title: 'Border queues',
        author: [{ family: 'Roe', given: 'John' }],
        issued: { 'date-parts': [[2022, 5, 6]] },
        'container-title': 'Kyiv Post',
        abstract: 'Lorries waited for three days at the border.',
      },
    ];
    writeFileSync(join(dir, 'items.json'), JSON.stringify(csl));
    const report = await call(project, 'importFiles', { paths: [join(dir, 'library.bib'), join(dir, 'items.json')] });
    expect(report.files.map((f) => [fileOf(f.path), f.status])).toEqual([
      ['library.bib › item 1: Belarus and the War', 'imported'],
      ["library.bib › item 2: Lukašenka's Regime", 'imported'],
      ['library.bib › line 19', 'failed'],
      ['items.json › item 1: Border queues', 'imported'],
    ]);
    const doc = (label: string) => getDocument(project.db, entry(report, label).documentId!, everyone());
    expect(doc('item 1: Belarus and the War')).toMatchObject({
      body: PDF_TEXT,
      author: 'Andrew Roth and Pjotr Sauer',
      source: 'The Guardian',
      published: '2022-03-03',
      format: 'bibtex',
    });
    expect(doc("item 2: Lukašenka's Regime")).toMatchObject({
      body: 'How the regime in Minsk became a co-belligerent.',
      author: 'Andrew Wilson and Jörg Müller',
      source: 'Journal of Democracy',
    });
    expect(entry(report, 'line 19').message).toBe(
      'The entry at line 19 (“@misc”) could not be read as BibTeX: check that its braces and quotes close.',
    );
    expect(doc('item 1: Border queues')).toMatchObject({
      title: 'Border queues',
      author: 'John Roe',
      published: '2022-05-06',
      source: 'Kyiv Post',
      body: 'Lorries waited for three days at the border.',
      format: 'json',
    });
  }, 60_000);

  it('says, for an uploaded export, that its attachments were not uploaded, and uses the abstract', async () => {
    const project = await createTestProject({ seeds: false });
    const report = await call(project, 'importUploads', {
      files: [{ name: 'items.ris', base64: Buffer.from(RIS).toString('base64') }],
    });
    const guardian = getDocument(project.db, entry(report, 'item 1: Belarus and the war').documentId!, everyone());
    expect(guardian.body).toBe('A short abstract of the Guardian article.');
    expect(guardian.importNotes).toEqual([
      'The attachment “files/12/Roth - 2022 - Belarus and the war.pdf” could not be used: it was not uploaded with the file (import the export’s folder from disk to include its attachments).',
      'This document holds the item’s abstract only: no attached full text could be read.',
    ]);
  });

  it('exports the documents as RIS and CSL-JSON that read back as the same references', async () => {
    const project = await createTestProject({ seeds: false });
    const dir = await zoteroFolder('Exported Items.ris', RIS);
    await call(project, 'importFiles', { paths: [join(dir, 'Exported Items.ris')] });
    const out = tempDir();
    await call(project, 'exportFile', { format: 'csl-json', path: join(out, 'refs.json') });
    await call(project, 'exportFile', { format: 'ris', path: join(out, 'refs.ris') });
    const items = JSON.parse(readFileSync(join(out, 'refs.json'), 'utf8')) as Record<string, unknown>[];
    expect(items[0]).toMatchObject({
      type: 'article-newspaper',
      title: 'Belarus and the war',
      author: [
        { given: 'Andrew', family: 'Roth' },
        { given: 'Pjotr', family: 'Sauer' },
      ],
      'container-title': 'The Guardian',
      issued: { 'date-parts': [[2022, 3, 3]] },
      URL: 'https://www.theguardian.com/world/2022/mar/03/belarus',
    });
    expect(items[2]).toMatchObject({
      type: 'article-journal',
      DOI: '10.1353/jod.2023.0001',
      'container-title': 'Journal of Democracy',
    });
    // Read back by Quire's own RIS reader: the same kinds, titles, people, outlets, days and DOI.
    const back = parseRis(readFileSync(join(out, 'refs.ris'), 'utf8').replace(/\r\n/g, '\n'));
    expect(back.errors).toEqual([]);
    expect(back.references.map((r) => [r.kind, r.title, r.authors, r.publication, r.date, r.doi])).toEqual([
      ['newspaper article', 'Belarus and the war', ['Andrew Roth', 'Pjotr Sauer'], 'The Guardian', [2022, 3, 3], null],
      ['web page', 'Rail saboteurs', ['Jane Doe'], 'Example Times', [2022, 3, 14], null],
      [
        'journal article',
        'Lukašenka’s regime and the war',
        ['Andrew Wilson'],
        'Journal of Democracy',
        [],
        '10.1353/jod.2023.0001',
      ],
    ]);
  });
});
