// Merging a colleague's project from the workbench: choose the .quire file,
// read the preview, merge; her codings show in the library and the codebook,
// and undo takes the whole merge back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { SHOTS, startHarness, type Harness } from '../helpers/browser.ts';
import { NVIVO_WINDOWS, qdpxOf, type Passage } from '../helpers/qda-programs.ts';
import { tempDir } from '../helpers/project.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const dialog = () => h.page.getByRole('dialog', { name: 'Merge a project' });
const row = (id: number) => h.page.locator(`.library-row:has([data-document="${id}"])`);

/**
 * Anna's project: a copy of ours (Save As, sent to her) in which she renamed
 * “Sanctions” to “Economic pressure”, made a “Sanctions” code of her own,
 * added a text and a code, and coded three passages of the seed 001.
 */
async function annasProject(): Promise<Buffer> {
  const path = join(tempDir(), 'anna.quire');
  h.project.db.prepare('VACUUM INTO ?').run(path);
  const db = openProject(path);
  const p = { db, path, coder: 'Anna' };
  const id = (name: string) => db.prepare('SELECT id FROM codes WHERE name = ?').pluck().get(name) as number;
  await call(p, 'updateCode', { id: id('Sanctions'), name: 'Economic pressure' });
  await call(p, 'createCode', { name: 'Sanctions', description: 'Anna’s: sanctions on Belarus only.' });
  const caution = await call(p, 'createCode', { name: 'Kyiv’s caution', colour: '#123456' });
  await call(p, 'importUploads', {
    files: [
      {
        name: 'anna-notes.txt',
        base64: Buffer.from('Interview notes: Minsk denies that troops crossed.\n').toString('base64'),
      },
    ],
  });
  const body = (await call(p, 'getDocument', { id: 2 })).body;
  const sentences = body.split(/(?<=\.)\s+/).filter((s) => s.length > 40);
  for (const [sentence, code] of [
    [sentences[0]!, id('Belarus complicit')],
    [sentences[1]!, caution.id],
    [sentences[2]!, id('Economic pressure')],
  ] as const) {
    const start = toCodePointOffset(body, body.indexOf(sentence));
    await call(p, 'applyCode', { documentId: 2, codeId: code, start, end: start + countCodePoints(sentence) });
  }
  db.close();
  return readFileSync(path);
}

describe('merging a colleague’s project', () => {
  it('previews what the file adds, merges it in one step, and shows her codings in the library', async () => {
    const bytes = await annasProject();
    expect(await row(2).locator('.coding-count').count()).toBe(0);
    await h.page
      .getByLabel('Project to merge')
      .setInputFiles([{ name: 'anna.quire', mimeType: 'application/octet-stream', buffer: bytes }]);
    await expect
      .poll(() => dialog().locator('.merge-headline').textContent())
      .toBe(
        '5 documents already here, 1 added; 7 codes merged, 1 renamed “Sanctions (2)”, 1 added; 1 group merged; 3 codings by Anna added.',
      );
    const renamed = dialog().getByRole('region', { name: 'Codes renamed' });
    expect(await renamed.textContent()).toContain(
      'Sanctions → Sanctions (2)“Sanctions” at the top level here is their “Economic pressure”',
    );
    expect(await dialog().getByRole('region', { name: 'Codes merged' }).textContent()).toContain(
      '“Economic pressure” is called “Sanctions” here; ours is kept.',
    );
    expect(await dialog().getByRole('region', { name: 'Codings by coder' }).textContent()).toContain(
      'Anna: 3 added (a new coder here)',
    );
    await h.shot('m1-merge-preview');
    // Nothing has changed yet.
    expect((await call(h.project, 'getCodebook', {})).codes.map((c) => c.name)).not.toContain('Kyiv’s caution');

    await dialog().getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => dialog().count()).toBe(0);
    await expect
      .poll(() => h.page.locator('.exchange-report').textContent())
      .toMatch(/^From anna\.quire: 1 document, 2 codes, 0 groups, 3 codings, 0 memos, 1 coder\. Undo/);
    await expect.poll(() => row(2).locator('.coding-count').textContent()).toBe('3');
    expect(await h.page.locator('.library-row', { hasText: 'anna-notes.txt' }).count()).toBe(1);
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    await expect
      .poll(() => h.page.locator('.code-row', { hasText: 'Kyiv’s caution' }).locator('.meta').textContent())
      .toBe('1');
    expect(await h.page.locator('.code-row', { hasText: 'Sanctions (2)' }).count()).toBe(1);
    await h.shot('m2-merged');

    // One step: undo takes it all back, and the views follow.
    await h.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => h.page.locator('.code-row', { hasText: 'Kyiv’s caution' }).count()).toBe(0);
    await h.page.getByRole('tab', { name: 'Library' }).click();
    await expect.poll(() => row(2).locator('.coding-count').count()).toBe(0);
    expect(await h.page.locator('.library-row', { hasText: 'anna-notes.txt' }).count()).toBe(0);
  });

  it('names the codings an NVivo file leaves in doubt, in the preview and after the merge, in light and dark, at 100% and 200%', async () => {
    // Fifteen jurors' scores after two emoji: read in UTF-16 units or code points, each selected 5 falls on a digit all the same.
    const jurors = Array.from({ length: 15 }, (_, i) => `Juror ${i + 1}: 4 5 3 2`);
    const passages: Passage[] = [
      { quote: 'Panel scores', code: 'Topic' },
      ...jurors.map((j) => ({ quote: '5', after: `${j.slice(0, j.indexOf(':'))}: 4 `, code: 'Score' })),
    ];
    const file = {
      name: 'panel.qdpx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(
        qdpxOf([
          { convention: NVIVO_WINDOWS, name: 'Jurors', text: `Panel scores 🙂🙂\n${jurors.join('\n')}\n`, passages },
        ]),
      ),
    };
    const check = () => dialog().getByRole('region', { name: 'Codings to check' });
    await h.page.getByLabel('Project to merge').setInputFiles([file]);
    await expect.poll(() => check().locator('h3').textContent()).toBe('Codings to check 15');
    const items = check().locator('li');
    expect(await items.count()).toBe(13);
    expect(await items.first().textContent()).toBe('“Jurors”, Score (Sam)…res 🙂🙂 Juror 1: 4 5 3 2 Juror 2: 4 5 3 2…');
    expect(await items.first().locator('mark').textContent()).toBe('3');
    expect(await items.last().textContent()).toBe('and 3 more');
    expect(await dialog().getByRole('region', { name: 'Notes' }).textContent()).toContain(
      '“Jurors”: 15 codings may sit a few characters off their passage: nothing in the file shows how it counted emoji, so Quire placed them as the standard says (counting code points). Check them (listed under “Codings to check”).',
    );
    await check().scrollIntoViewIfNeeded();
    await h.shot('m3-codings-to-check');
    await h.page.emulateMedia({ colorScheme: 'dark' });
    await h.shot('m3-codings-to-check-dark');
    await h.page.emulateMedia({ colorScheme: 'light' });

    // At 200%: the same dialog on a page with twice the pixels.
    const zoomed = await h.browser.newPage({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 2 });
    try {
      await zoomed.goto(h.server.url);
      await zoomed.getByLabel('Project to merge').setInputFiles([file]);
      await expect
        .poll(() => zoomed.getByRole('region', { name: 'Codings to check' }).locator('h3').textContent())
        .toBe('Codings to check 15');
      await zoomed.getByRole('region', { name: 'Codings to check' }).scrollIntoViewIfNeeded();
      await zoomed.screenshot({ path: join(SHOTS, 'm3-codings-to-check-200.png') });
      await zoomed.emulateMedia({ colorScheme: 'dark' });
      await zoomed.screenshot({ path: join(SHOTS, 'm3-codings-to-check-200-dark.png') });
    } finally {
      await zoomed.close();
    }

    await dialog().getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => dialog().count()).toBe(0);
    const banner = h.page.locator('.exchange-report').getByRole('region', { name: 'Codings to check' });
    await expect.poll(() => banner.locator('li').count()).toBe(6);
    expect(await banner.locator('li').last().textContent()).toBe('and 10 more');
    await h.shot('m4-merged-codings-to-check');
    await h.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => h.page.locator('.library-row', { hasText: 'Jurors' }).count()).toBe(0);
  });

  it('says why a file cannot be merged, and Close leaves everything as it was', async () => {
    await h.page
      .getByLabel('Project to merge')
      .setInputFiles([
        { name: 'notes.quire', mimeType: 'application/octet-stream', buffer: Buffer.from('not a project') },
      ]);
    await expect
      .poll(() => dialog().getByRole('alert').textContent())
      .toBe('notes.quire: “notes.quire” cannot be merged: it is not a Quire project (it is not an SQLite database).');
    expect(await dialog().getByRole('button', { name: 'Merge' }).isDisabled()).toBe(true);
    await dialog().getByRole('button', { name: 'Close' }).last().click();
    await expect.poll(() => dialog().count()).toBe(0);
  });
});
