import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { projectQdpx } from '../../src/main/core/exchange/qdpx-export.ts';
import { chromiumPrinter, startHarness, type Harness } from '../helpers/browser.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';
import { everyone } from '../../src/main/core/viewer.ts';

let h: Harness;
const QUOTE = 'Vladimir Putin will travel to the Belarusian city of Grodno';

beforeAll(async () => {
  // Calls as requests, which page.route and page.on('request') see (the WebSocket's own tests: web-socket.test.ts).
  h = await startHarness({ requestsOnly: true });
  // A coded passage with a memo in 003, as a coder would have left it.
  const doc = await call(h.project, 'getDocument', { id: 4 });
  const code = (await call(h.project, 'getCodebook', {})).codes.find((c) => c.name === 'Lukashenko and Putin')!;
  const start = toCodePointOffset(doc.body, doc.body.indexOf(QUOTE));
  const { coding } = await call(h.project, 'applyCode', {
    documentId: 4,
    codeId: code.id,
    start,
    end: start + countCodePoints(QUOTE),
  });
  await call(h.project, 'setMemo', { target: 'coding', id: coding.id, text: 'First visit since the invasion.' });
  await h.reload();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const dialog = () => h.page.getByRole('dialog', { name: 'Export' });
const status = () => dialog().getByRole('status').textContent();

describe('exporting from the workbench', () => {
  it('exports the search results, previewing the report first', async () => {
    await h.page.getByLabel('Search the project').fill('Grodno');
    await expect.poll(() => h.page.locator('.result').count()).toBe(1);
    await h.page.getByRole('button', { name: 'Export…' }).click();
    expect(
      await dialog()
        .getByRole('radio', { name: /The 1 found by “Grodno”/ })
        .isChecked(),
    ).toBe(true);
    await dialog().getByRole('button', { name: 'Show the preview' }).click();
    const preview = dialog().getByRole('document', { name: 'Preview of the report' });
    await expect.poll(() => preview.evaluate((el) => el.shadowRoot?.querySelectorAll('.document').length ?? 0)).toBe(1);
    const shown = await preview.evaluate((el) => ({
      heading: el.shadowRoot!.querySelector('.document h2')!.textContent,
      marks: [...el.shadowRoot!.querySelectorAll('.document mark')].map((m) => m.textContent),
      labels: [...el.shadowRoot!.querySelectorAll('.document .label')].map((m) => m.textContent),
      note: el.shadowRoot!.querySelector('.notes li')?.textContent,
    }));
    expect(shown).toEqual({
      heading: 'Putin goes to Lukashenka. Will they show where the attack was coming from?',
      marks: [QUOTE],
      labels: ['Lukashenko and Putin'],
      note: expect.stringContaining('First visit since the invasion.'),
    });
    await h.shot('e1-export-preview');

    const download = h.page.waitForEvent('download');
    await dialog().getByRole('button', { name: 'Export' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('e2e.pdf');
    const saved = join(tempDir(), 'e2e.pdf');
    await file.saveAs(saved);
    const text = execFileSync('pdftotext', [saved, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain(QUOTE);
    expect(text).toContain('First visit since the invasion.');
    expect(text).not.toContain('000_7711b91fd1944c02.txt');
    await expect.poll(status).toMatch(/^Exported e2e\.pdf \(\d+ KB\)\.$/);
  });

  it('exports only the codes ticked, and says what is missing before it can start', async () => {
    await dialog().getByRole('radio', { name: 'Codes I choose' }).click();
    expect(await status()).toBe('Tick the codes to export.');
    expect(await dialog().getByRole('button', { name: 'Export' }).isDisabled()).toBe(true);
    await dialog().getByRole('checkbox', { name: 'Sanctions' }).check();
    await dialog().getByRole('radio', { name: 'HTML report' }).click();
    const download = h.page.waitForEvent('download');
    await dialog().getByRole('button', { name: 'Export' }).click();
    const html = join(tempDir(), 'r.html');
    await (await download).saveAs(html);
    const { readFileSync } = await import('node:fs');
    const report = readFileSync(html, 'utf8');
    expect(report).toContain('the 1 document found by “Grodno”; 1 of 7 codes');
    expect(report).not.toContain('<mark');
  });

  it('shows progress while exporting, as the engine tells it (never asking), and cancels without saving anything', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h.project.printer = async (_html, options) => {
      await gate;
      if (options.signal?.aborted) throw new Error('aborted');
      return new Uint8Array();
    };
    const asked: string[] = [];
    h.page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await dialog().getByRole('radio', { name: 'PDF report' }).click();
    let downloads = 0;
    h.page.on('download', () => downloads++);
    await dialog().getByRole('button', { name: 'Export' }).click();
    // The printer holds the report: the last step the engine told is the last of the found document read.
    await expect
      .poll(status)
      .toBe('Exporting 0 of 1: Putin goes to Lukashenka. Will they show where the attack was coming from?');
    expect(
      await dialog()
        .getByRole('progressbar', { name: 'Export progress' })
        .evaluate((el) => [(el as HTMLProgressElement).value, (el as HTMLProgressElement).max]),
    ).toEqual([0, 1]);
    await h.shots('e3-export-progress');
    expect(asked).toContain('/api/exportFile');
    expect(asked).not.toContain('/api/exportProgress');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    release();
    await expect.poll(status).toBe('Cancelled: nothing was saved.');
    expect(downloads).toBe(0);
    h.project.printer = chromiumPrinter;
    await h.page.keyboard.press('Escape');
    await expect.poll(() => dialog().count()).toBe(0);
  });

  it('imports a colleague’s REFI-QDA project: their codes and codings join the texts already here', async () => {
    // A colleague's project: the same seed articles, a code of their own on a passage of 001.
    const other = await createTestProject();
    other.coder = 'Olga';
    const code = await call(other, 'createCode', { name: 'Kyiv’s caution', colour: '#123456' });
    const text = (await call(other, 'getDocument', { id: 2 })).body;
    const quote = 'Yet Ukraine itself still hasn’t broken off relations with Belarus.';
    const start = toCodePointOffset(text, text.indexOf(quote));
    await call(other, 'applyCode', { documentId: 2, codeId: code.id, start, end: start + countCodePoints(quote) });
    const { bytes } = projectQdpx(other.db, { viewer: everyone() });

    await h.page
      .getByLabel('Files to import')
      .setInputFiles([{ name: 'olga.qdpx', mimeType: 'application/zip', buffer: Buffer.from(bytes) }]);
    // A project goes to the merge preview first; Merge brings it in.
    await h.page.getByRole('dialog', { name: 'Merge a project' }).getByRole('button', { name: 'Merge' }).click();
    await expect
      .poll(() => h.page.locator('.exchange-report').textContent())
      .toMatch(/^From olga\.qdpx: 0 documents, 1 code, 0 groups, 1 coding, 0 memos, 1 coder\. Undo/);
    await h.page.getByLabel('Search the project').fill('');
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    await expect
      .poll(() => h.page.locator('.code-row', { hasText: 'Kyiv’s caution' }).locator('.meta').textContent())
      .toBe('1');
    const [segment] = await call(h.project, 'codedSegments', {
      codeIds: [(await call(h.project, 'getCodebook', {})).codes.find((c) => c.name === 'Kyiv’s caution')!.id],
    });
    expect(segment).toMatchObject({ coding: { quote, coder: 'Olga', documentId: 2 } });
    await h.shot('e2-imported-qdpx');
  });
});
