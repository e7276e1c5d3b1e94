// The words OCR was unsure of are marked in the reader's text, each with why,
// so a researcher checks them against the picture before coding them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('OCR in the reader', () => {
  it('marks each doubtful word with a dotted underline and says why on hover', async () => {
    const text = 'Die Gespräche über Getreideexporte in Minsk kamen am Dienstag nur langsam voran.\n';
    const report = await call(h.project, 'importUploads', {
      files: [{ name: 'zeitung.txt', base64: Buffer.from(text).toString('base64') }],
    });
    const id = report.files[0]!.documentId!;
    // As an import by OCR stores it: two words read with low confidence ("Getreideexporte", "langsam").
    const at = (w: string) => [...text.slice(0, text.indexOf(w))].length;
    const ocr = {
      languages: ['deu'],
      confidence: 71,
      pages: [],
      doubtful: [
        [at('Getreideexporte'), at('Getreideexporte') + 15],
        [at('langsam'), at('langsam') + 7],
      ],
    };
    h.project.db.prepare('UPDATE documents SET ocr = ? WHERE id = ?').run(JSON.stringify(ocr), id);
    expect((await call(h.project, 'getDocument', { id })).ocr).toEqual(ocr);
    await h.reload();
    await h.page.getByRole('button', { name: /Die Gespräche über Getreideexporte/ }).click();
    const marks = h.page.locator('[data-pane="0"] .ocr-doubt');
    await expect.poll(() => marks.allTextContents()).toEqual(['Getreideexporte', 'langsam']);
    expect(await marks.first().getAttribute('title')).toBe('OCR was unsure of this word: check it against the picture');
    await h.shots('ocr-doubtful-words');
  });
});
