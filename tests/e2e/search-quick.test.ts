import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { RANK_WINDOW } from '../../src/main/core/search/search.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';

// More articles with one word than a quick search ranks: typing it shows a first look with the count estimated,
// and says so; "Rank all and count exactly" ranks every one and counts them. Articles of different lengths say
// "harvest" a different number of times, so the ranking has something to rank.
const ARTICLES = RANK_WINDOW + 150;

let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'quire-quick-'));
  for (let n = 1; n <= ARTICLES; n++) {
    const harvest = Array.from({ length: 1 + (n % 9) }, () => 'The harvest came in.').join(' ');
    const filler = Array.from({ length: 1 + (n % 13) }, () => 'Farmers met at the market on the square.').join(' ');
    writeFileSync(join(dir, `report-${n}.txt`), `Field report ${n}\n\n${harvest} ${filler}\n`);
  }
  const report = await importFiles(h.project.db, [dir]);
  expect(report.imported).toBe(ARTICLES);
  await h.reload();
}, 180_000);

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('search as you type with many hits', () => {
  it('says the count is an estimate and ranks all on demand', async () => {
    const { page } = h;
    const status = page.locator('.search-status');
    await page.fill('#search-input', 'harvest');
    await expect.poll(() => status.textContent()).toMatch(/^About 2,\d{3} documents \(estimated\)/);
    expect(await status.textContent()).toContain(
      `best first among the ${RANK_WINDOW.toLocaleString()} added most recently`,
    );
    expect(await page.locator('section.results .result').count()).toBe(50);
    await h.shots('search-quick');
    await status.getByRole('button', { name: 'Rank all and count exactly' }).click();
    await expect.poll(() => status.textContent()).toBe(`${ARTICLES.toLocaleString()} documents`);
    expect(await page.locator('section.results .result').count()).toBe(50);
    await h.shots('search-exact');
    // A new query is a quick look again; a rare word has every hit ranked and counted straight away.
    await page.fill('#search-input', 'market harvest');
    await expect.poll(() => status.textContent()).toMatch(/^About /);
    await page.fill('#search-input', 'title:"report 2100"');
    await expect.poll(() => status.textContent()).toBe('1 document');
  });
});
