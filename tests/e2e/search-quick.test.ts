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
  h = await startHarness({ delayableCalls: true });
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
    expect(await page.locator('section.results li').first().getAttribute('aria-setsize')).toBe('50');
    await h.shots('search-quick');
    await status.getByRole('button', { name: 'Rank all and count exactly' }).click();
    await expect.poll(() => status.textContent()).toBe(`${ARTICLES.toLocaleString()} documents`);
    expect(await page.locator('section.results li').first().getAttribute('aria-setsize')).toBe('50');
    await h.shots('search-exact');
    // A new query is a quick look again; a rare word has every hit ranked and counted straight away.
    await page.fill('#search-input', 'market harvest');
    await expect.poll(() => status.textContent()).toMatch(/^About /);
    await page.fill('#search-input', 'title:"report 2100"');
    await expect.poll(() => status.textContent()).toBe('1 document');
  });

  it('draws only the results in view, and the keyboard reaches every one', async () => {
    const { page } = h;
    const rows = page.locator('section.results li');
    /** Where the focus is: the place in the list of the result holding it (0 elsewhere). */
    const focusedAt = () =>
      page.evaluate(() => Number(document.activeElement?.closest('li')?.getAttribute('aria-posinset') ?? 0));
    await page.fill('#search-input', 'harvest');
    await page.waitForSelector('section.results[data-query="harvest"] .result');
    // 50 results, a dozen or so drawn; each says its place among the 50.
    const drawn = await rows.count();
    expect(drawn).toBeGreaterThan(2);
    expect(drawn).toBeLessThan(30);
    expect(await rows.first().getAttribute('aria-posinset')).toBe('1');
    expect(await rows.first().getAttribute('aria-setsize')).toBe('50');
    await page.locator('section.results .result').first().focus();
    await page.keyboard.press('End');
    await expect.poll(focusedAt).toBe(50);
    expect(await rows.count()).toBeLessThan(30);
    await page.keyboard.press('ArrowUp');
    await expect.poll(focusedAt).toBe(49);
    await page.keyboard.press('Home');
    await expect.poll(focusedAt).toBe(1);
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(focusedAt).toBe(13);
    await h.shots('search-results-keyboard');
    // The result holding the focus stays drawn (and focused) when the list is scrolled far away from it.
    await page.locator('section.results').evaluate((list) => list.scrollTo({ top: list.scrollHeight }));
    await expect.poll(() => rows.last().getAttribute('aria-posinset')).toBe('50');
    expect(await focusedAt()).toBe(13);
    // Tab goes through every result in turn (each has its tick, itself and Open beside), drawing them as it goes.
    await page.keyboard.press('Home');
    await expect.poll(focusedAt).toBe(1);
    const reached = new Set<number>();
    for (let i = 0; i < 160 && (reached.size === 0 || (await focusedAt()) !== 0); i++) {
      reached.add(await focusedAt());
      await page.keyboard.press('Tab');
    }
    expect([...reached].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // The last result, reached from the keyboard, opens with Enter.
    await page.locator('section.results .result').first().focus();
    await page.keyboard.press('End');
    await expect.poll(focusedAt).toBe(50);
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-document'));
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.doc-text[data-document="${id}"]`);
    // More results join the list, and the keyboard reaches them too.
    await page.getByRole('button', { name: 'Show more results' }).click();
    await expect.poll(() => rows.first().getAttribute('aria-setsize')).toBe('100');
    await page.locator('section.results .result').first().focus();
    await page.keyboard.press('End');
    await expect.poll(focusedAt).toBe(100);
  });

  it('shows the newest hits at once when ranking would count too many documents, then ranks them', async () => {
    const { page } = h;
    const status = page.locator('.search-status');
    // A project of a million articles, in small: ranking may count no more than 1,000 documents, and "harvest" is in
    // every one of these. Each search answers after 2 s, so the first look stays on screen to be seen.
    h.project.searchLimits = { window: RANK_WINDOW, counted: 1000 };
    h.delay('search', 2000);
    try {
      await page.fill('#search-input', 'market harvest');
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/the newest first, while ranking/);
      expect(await status.textContent()).toMatch(
        /^About 2,\d{3} documents \(estimated\); the newest first, while ranking counts the documents with “market” \(about 2,\d{3}\) and “harvest” \(about 2,\d{3}\) …$/,
      );
      // Newest first: the last report added heads the list; there is no "more" of a list about to be replaced.
      const newest = h.project.db
        .prepare<[], string>('SELECT title FROM documents ORDER BY id DESC LIMIT 1')
        .pluck()
        .get()!;
      const first = page.locator('section.results li[aria-posinset="1"] .result-title');
      expect(await first.textContent()).toBe(newest);
      expect(await page.getByRole('button', { name: 'Show more results' }).count()).toBe(0);
      await h.shots('search-newest-first');
      // Then the ranked first look takes its place.
      await expect
        .poll(() => status.textContent(), { timeout: 10_000 })
        .toContain(`best first among the ${RANK_WINDOW.toLocaleString()} added most recently`);
      expect(await page.getByRole('button', { name: 'Show more results' }).count()).toBe(1);
    } finally {
      h.delay('search', null);
      h.project.searchLimits = undefined;
    }
  });
});
