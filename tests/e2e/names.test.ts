// Names that hide characters (a right-to-left override, a line break, a bidi
// isolate) are shown written out everywhere the workbench shows them, while
// the stored name stays as it was; and the import report says what was
// noticed in the files that imported (their encoding, bytes replaced, where).
import iconv from 'iconv-lite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { SHOTS, startHarness, type Harness } from '../helpers/browser.ts';

let h: Harness;
let documentId: number;

// "Minsk ‮skaet" would read "Minsk teaks", and its second line would look like a title of its own.
const TITLE = 'Minsk \u202Eskaet\nsecond line';
const SHOWN = 'Minsk ⟨U+202E⟩skaet⏎second line';
const CODE = 'Stance \u2067evil\u2069';
const CODE_SHOWN = 'Stance ⟨U+2067⟩evil⟨U+2069⟩';
const BODY = 'The talks in Minsk went on into the night, and the delegations met again on Monday.';
/** Bidi embeddings, overrides and isolates: none may reach the page raw. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/;

beforeAll(async () => {
  h = await startHarness();
  const markdown = `---\ntitle: ${JSON.stringify(TITLE)}\nsource: "Wire \u202Eecivres"\n---\n\n${BODY}\n`;
  const report = await call(h.project, 'importUploads', {
    files: [{ name: 'notes\u202Etxt.exe.md', base64: Buffer.from(markdown).toString('base64') }],
  });
  documentId = report.files[0]!.documentId!;
  const code = await call(h.project, 'createCode', { name: CODE });
  await call(h.project, 'applyCode', { documentId, codeId: code.id, start: 13, end: 18 });
  await h.reload();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** Every text and tooltip on the page: what a person can read. */
const pageText = () =>
  h.page.evaluate(() =>
    [
      document.body.innerText,
      ...[...document.querySelectorAll('[title]')].map((e) => e.getAttribute('title') ?? ''),
    ].join('\n'),
  );

describe('names with hidden characters', () => {
  it('shows a title with U+202E and a line break written out in the library, and keeps it stored as written', async () => {
    const row = h.page.locator(`.library-row [data-document="${documentId}"]`);
    await expect.poll(() => row.locator('.doc-title').textContent()).toContain(SHOWN);
    expect(await row.locator('.meta').textContent()).toBe('Wire ⟨U+202E⟩ecivres');
    expect((await call(h.project, 'getDocument', { id: documentId })).title).toBe(TITLE);
  });

  it('writes them out in the pane header, the margin label, the search results and the codes', async () => {
    const { page } = h;
    await page.locator(`.library-row [data-document="${documentId}"]`).click();
    const heading = page.locator('.pane.focused .doc-heading h2');
    await expect.poll(() => heading.textContent()).toBe(SHOWN);
    await expect.poll(() => page.locator('.pane.focused').textContent()).toContain(CODE_SHOWN);
    await page.fill('#search-input', 'minsk delegations');
    await expect.poll(() => page.locator('.result .result-title').first().textContent()).toBe(SHOWN);
    // The title's hits are marked and written out alike.
    await page.fill('#search-input', 'second');
    await expect.poll(() => page.locator('.result .result-title mark').first().textContent()).toBe('second');
    expect(await page.locator('.result .result-title').first().textContent()).toBe(SHOWN);
    await h.shot('names-1-light');
    expect(await pageText()).not.toMatch(BIDI);
    await page.fill('#search-input', '');
    await page.getByRole('tab', { name: 'Codes' }).click();
    await expect.poll(() => page.locator('.code-name').allTextContents()).toContain(CODE_SHOWN);
    expect(await pageText()).not.toMatch(BIDI);
    await h.shot('names-2-codes');
    await page.getByRole('tab', { name: 'Library' }).click();
  });

  it('keeps the details form exact, saying which characters cannot be seen', async () => {
    const { page } = h;
    const pane = page.locator('.pane.focused');
    await pane.getByRole('button', { name: 'Edit details' }).click();
    const form = page.getByRole('form', { name: 'Details of this document' });
    expect(await form.getByLabel('Title').inputValue()).toBe(TITLE.replace('\n', ''));
    // An input cannot hold a line break; the note shows the title as stored.
    expect(await form.locator('.hidden-characters').first().textContent()).toBe(
      `Holds characters that cannot be seen: ${SHOWN}`,
    );
    await h.shot('names-3-details');
    await form.getByRole('button', { name: 'Cancel' }).click();
  });

  it('reads the same at 200% in dark mode', async () => {
    const page = await h.browser.newPage({
      viewport: { width: 1400, height: 860 },
      deviceScaleFactor: 2,
      colorScheme: 'dark',
    });
    try {
      await page.goto(h.server.url);
      await page.locator(`.library-row [data-document="${documentId}"]`).click();
      await expect.poll(() => page.locator('.pane.focused .doc-heading h2').textContent()).toBe(SHOWN);
      expect(await page.evaluate(() => document.body.innerText)).not.toMatch(BIDI);
      await page.screenshot({ path: join(SHOTS, 'names-4-dark-200.png') });
    } finally {
      await page.close();
    }
  });
});

describe('the import report in the browser', () => {
  it('names the encoding of a file not in UTF-8, and where bytes could not be read, with the file name written out', async () => {
    const { page } = h;
    const russian =
      'Президент Белоруссии Александр Лукашенко заявил, что не намерен вводить войска на территорию Украины.\n' +
      'По его словам, белорусская армия будет защищать только свои границы, а все разговоры о втором фронте являются провокацией Запада.\n';
    const broken = Buffer.concat([
      Buffer.from('Лукашенко met Putin in Minsk.\nIt was '),
      Buffer.from([0xe9]),
      Buffer.from('vident, the Воронеж talks.\n'),
    ]);
    await page.getByLabel('Files to import').setInputFiles([
      { name: 'cyrillic\u202Etxt.exe.txt', mimeType: 'text/plain', buffer: iconv.encode(russian, 'windows-1251') },
      { name: 'mostly-utf8.txt', mimeType: 'text/plain', buffer: broken },
    ]);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported 2 files' }).count()).toBe(1);
    const notes = page.getByRole('list', { name: 'Import notes' });
    expect(await notes.locator('li').allTextContents()).toEqual([
      'cyrillic⟨U+202E⟩txt.exe.txt: The file is not in UTF-8; it was read as Windows-1251, the encoding its bytes fit best. If the text looks wrong, save the file as UTF-8 and import it again.',
      'mostly-utf8.txt: 1 byte that is not valid UTF-8 was replaced by “�” (U+FFFD), on line 2.',
    ]);
    await h.shot('names-5-import-notes');
  });
});
