// OCR in the workbench: the user picks the languages of OCR beside the import
// button, imports a picture of text, and the reader says above its text that
// it was read by OCR, in which languages and how sure.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handMadePdf } from '../helpers/pdfs.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { tempDir } from '../helpers/project.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

/** A picture of a short German article, as a scanner at 200 dpi gives it. */
function germanScan(): string {
  const dir = tempDir();
  const lines = [
    'Die Gespräche über Getreideexporte in Minsk kamen am',
    'Dienstag nur langsam voran, weil die Delegierten',
    'schriftliche Zusagen für die Finanzierung verlangten.',
  ];
  const pdf = handMadePdf([lines.map((text, i) => [72, 720 - 16 * i, text] as [number, number, string])]);
  writeFileSync(join(dir, 'zeitung.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', join(dir, 'zeitung.pdf'), join(dir, 'zeitung')]);
  return join(dir, 'zeitung.png');
}

describe('OCR in the workbench', () => {
  it('imports a picture in the languages picked, and shows above its text that it was read by OCR', async () => {
    const picker = h.page.locator('.ocr-languages');
    await picker.locator('summary').click();
    await picker.getByRole('checkbox', { name: 'German' }).check();
    await picker.getByRole('checkbox', { name: 'English' }).uncheck();
    // The last language cannot be taken away.
    await picker.getByRole('checkbox', { name: 'German' }).click();
    await expect.poll(() => picker.getByRole('checkbox', { name: 'German' }).isChecked()).toBe(true);
    await expect.poll(() => picker.locator('summary').textContent()).toBe('OCR: German');
    await h.shots('ocr-languages');
    await picker.locator('summary').click();
    await h.page.getByLabel('Files to import').setInputFiles(germanScan());
    await h.page.getByRole('button', { name: /zeitung\.png/ }).click({ timeout: 60_000 });
    const pane = h.page.locator('[data-pane="0"]');
    const notes = pane.getByRole('note', { name: 'How this text was read' });
    await expect
      .poll(() => notes.textContent())
      .toMatch(
        /^Read by OCR \(in German, mean confidence \d+%\): check the text against the picture before coding it\./,
      );
    await expect
      .poll(() => pane.getByLabel('Document text', { exact: true }).textContent())
      .toContain('Die Gespräche über Getreideexporte in Minsk');
    await h.shots('ocr-reader');
  }, 90_000);
});
