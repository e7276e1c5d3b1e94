import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';

// Words in every script, as the workbench shows them: the hits marked in the results' snippets and in
// the reader are the words as written (presentation forms, accents, Chinese without spaces).
const ARTICLES: Record<string, string> = {
  '人工智能报道.txt':
    '谷歌旗下的DeepMind公司开发的AlphaGo在2016年击败了韩国棋手李世石。此后，腾讯和阿里巴巴也加大了对人工智能的投入。报道称，人工智能将改变新闻业。',
  'Κύπρος ενέργεια.txt':
    'Γνωρίζω ότι η κυβέρνηση της Ελλάδας συζητά με την Κύπρο για την ενέργεια. ΟΙ ΥΠΟΥΡΓΟΊ ΣΥΝΑΝΤΉΘΗΚΑΝ ΣΤΗΝ ΑΘΉΝΑ.',
  // أعلنت الحكومة المصرية عن خطة جديدة, as a PDF's text layer gives it: presentation forms.
  'الطاقة.txt':
    '\ufe83\ufecb\ufee0\ufee8\ufe96 \ufe8d\ufedf\ufea4\ufedc\ufeee\ufee3\ufe94 \ufe8d\ufedf\ufee4\ufebc\ufeae\ufef3\ufe94 \ufecb\ufee6 \ufea7\ufec4\ufe94 \ufe9f\ufeaa\ufef3\ufeaa\ufe93.',
};

let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'quire-scripts-'));
  for (const [name, text] of Object.entries(ARTICLES)) writeFileSync(join(dir, name), text);
  await importFiles(h.project.db, [dir]);
  await h.reload();
}, 60_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Searches, and waits for the one result's snippet to mark `marked`. */
async function searchFor(query: string, marked: string[]) {
  const { page } = h;
  await page.fill('#search-input', query);
  await expect.poll(() => page.locator('.result .snippet mark').allTextContents()).toEqual(marked);
  expect(await page.locator('.search-status').textContent()).toBe('1 document');
}

describe('search in every script, in the workbench', () => {
  it('marks a Chinese word and the Latin name beside it in the snippet and the reader', async () => {
    const { page } = h;
    await searchFor('人工智能 OR DeepMind', ['DeepMind', '人工智能', '人工智能']);
    await page.locator('.result').nth(0).click();
    await expect.poll(() => page.locator('[data-pane="0"] mark').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-pane="0"] mark').allTextContents()).toEqual(
      expect.arrayContaining(['DeepMind', '人工智能']),
    );
    await h.shots('search-scripts-chinese');
  });

  it('finds Greek typed without accents and Arabic typed in ordinary letters, marking the words as written', async () => {
    const { page } = h;
    await searchFor('γνωριζω συναντηθηκαν', ['Γνωρίζω', 'ΣΥΝΑΝΤΉΘΗΚΑΝ']);
    await searchFor('الحكومة', ['\ufe8d\ufedf\ufea4\ufedc\ufeee\ufee3\ufe94']);
    await page.locator('.result').nth(0).click();
    await expect
      .poll(() => page.locator('[data-pane="0"] mark').allTextContents())
      .toContain('\ufe8d\ufedf\ufea4\ufedc\ufeee\ufee3\ufe94');
    await h.shots('search-scripts-arabic');
  });
});
