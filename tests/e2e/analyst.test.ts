// The analyst's tabs in the browser: a code query built from pickers (or typed), its
// passages opening in the reader and saved as a code; the concordance of a search,
// sorted, a line opening its hit; the words of two outlet types compared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { outletTypes } from '../helpers/attributes.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { openAnalysisTab } from './reader.ts';

let h: Harness;

beforeAll(async () => {
  // Calls as requests, which page.route and page.on('request') see (the WebSocket's own tests: web-socket.test.ts).
  h = await startHarness({ requestsOnly: true });
  const p = h.project;
  const { codes } = await call(p, 'getCodebook', {});
  const id = (name: string) => codes.find((c) => c.name === name)!.id;
  p.coder = 'ana';
  // Sanctions overlapping “Belarus complicit” in documents 1 and 3; Sanctions alone in document 2.
  await call(p, 'applyCode', { documentId: 1, codeId: id('Belarus complicit'), start: 0, end: 200 });
  await call(p, 'applyCode', { documentId: 1, codeId: id('Sanctions'), start: 150, end: 320 });
  await call(p, 'applyCode', { documentId: 3, codeId: id('Belarus complicit'), start: 400, end: 600 });
  await call(p, 'applyCode', { documentId: 3, codeId: id('Sanctions'), start: 500, end: 700 });
  await call(p, 'applyCode', { documentId: 2, codeId: id('Sanctions'), start: 10, end: 90 });
  await outletTypes(p);
  await h.reload();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const panel = () => h.page.getByRole('complementary', { name: 'Analysis' });

describe('the code query', () => {
  it('is built from two codes and an operator, says how it was read, and lists the passages found', async () => {
    await openAnalysisTab(h.page, 'Code query');
    await panel().getByLabel('First code').selectOption({ label: 'Sanctions' });
    await panel().getByLabel('Operator').selectOption('AND');
    await panel().getByLabel('Second code').selectOption({ label: 'Belarus complicit' });
    expect(await panel().getByLabel('Code query').inputValue()).toBe('"Sanctions" AND "Belarus complicit"');
    await panel().getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => panel().locator('.read-as').textContent())
      .toBe(
        'Read as Sanctions AND "Belarus complicit": Passages coded “Sanctions” that overlap passages coded “Belarus complicit” (both kept).',
      );
    await expect
      .poll(() => panel().locator('.analyst-actions strong').first().textContent())
      .toBe('4 passages in 2 documents');
    expect(await panel().locator('.segments li').count()).toBe(4);
    await h.shots('analyst-query');
    // A passage opens in the reader, scrolled to its coding.
    await panel().locator('.segments li button').first().click();
    await expect.poll(() => h.page.locator('.pane').first().locator('h2').first().textContent()).toBeTruthy();
  });

  it('points at the problem in a query typed wrong', async () => {
    await panel().getByLabel('Code query').fill('"Belarus neural" AND Sanctions');
    await panel().getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => panel().getByRole('alert').textContent())
      .toBe('There is no code called “Belarus neural”. Did you mean “Belarus neutral”?');
  });

  it('narrows to one outlet type, and saves what it finds as a new code that Undo takes back', async () => {
    await panel().getByLabel('Code query').fill('Sanctions AND/P "Belarus complicit"');
    await panel().getByRole('button', { name: 'Run' }).click();
    await expect
      .poll(() => panel().locator('.analyst-actions strong').first().textContent())
      .toBe('4 passages in 2 documents');
    await panel().getByLabel('Documents').selectOption({ label: 'Outlet type: independent' });
    await expect
      .poll(() => panel().locator('.analyst-actions strong').first().textContent())
      .toBe('4 passages in 2 documents');
    await panel().getByLabel('Documents').selectOption({ label: 'Outlet type: state' });
    await expect
      .poll(() => panel().locator('.analyst-actions strong').first().textContent())
      .toBe('0 passages in 0 documents');
    await panel().getByLabel('Documents').selectOption({ label: 'All documents' });
    await expect
      .poll(() => panel().locator('.analyst-actions strong').first().textContent())
      .toBe('4 passages in 2 documents');
    await panel().getByLabel("New code's name").fill('Complicit sanctions');
    await panel().getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => panel().getByRole('status').first().textContent())
      .toBe(
        'Coded 2 passages in 2 documents as “Complicit sanctions” (Undo takes it back). 4 results overlapping in the same text became 2 passages.',
      );
    expect(
      (await call(h.project, 'getCodebook', {})).codes.find((c) => c.name === 'Complicit sanctions')?.codingCount,
    ).toBe(2);
    await h.page.keyboard.press('Control+z');
    await expect
      .poll(async () => (await call(h.project, 'getCodebook', {})).codes.some((c) => c.name === 'Complicit sanctions'))
      .toBe(false);
  });
});

describe('the concordance', () => {
  it('lines up each hit of a search with its context, sorts by the word on the right, and opens a hit in the reader', async () => {
    await openAnalysisTab(h.page, 'Concordance');
    await panel().getByLabel('Concordance search').fill('Lukashenko');
    await panel().getByRole('button', { name: 'Show' }).click();
    const found = await call(h.project, 'kwic', { query: 'Lukashenko' });
    await expect.poll(() => panel().locator('table.kwic tr[data-line]').count()).toBe(found.total);
    await panel().getByLabel('word on the right').check();
    const rights = async () => panel().locator('table.kwic td.right').allTextContents();
    const sortedRight = (await call(h.project, 'kwic', { query: 'Lukashenko', sort: 'right' })).lines.map(
      (l) => l.right,
    );
    await expect.poll(rights).toEqual(sortedRight);
    await h.shots('analyst-concordance');
    const sorted = await call(h.project, 'kwic', { query: 'Lukashenko', sort: 'right' });
    const first = sorted.lines[0]!;
    // A line names its document when pointed at: the title the result gives once per document.
    const rows = panel().locator('table.kwic tr[data-line]');
    expect(await rows.first().getAttribute('title')).toBe(sorted.titles[first.documentId]);
    expect(sorted.titles[first.documentId]).toBeTruthy();
    await panel().locator('table.kwic td.hit button').first().click();
    // The reader marks the concordance's search and shows the hit's document.
    await expect.poll(() => h.page.getByLabel('Search the project').inputValue()).toBe('Lukashenko');
    await expect.poll(() => h.page.locator(`.pane mark.active, .pane mark[data-hit]`).count()).toBeGreaterThan(0);
    expect(first.documentId).toBeGreaterThan(0);
  });
});

describe('a long concordance', () => {
  it('shows a thousand lines at once, drawing only those in view, and scrolls to the last', async () => {
    await openAnalysisTab(h.page, 'Concordance');
    await panel().getByLabel('Concordance search').fill('the OR of OR and OR to OR in');
    await panel().getByLabel('document').check();
    await panel().getByRole('button', { name: 'Show' }).click();
    const found = await call(h.project, 'kwic', { query: 'the OR of OR and OR to OR in', limit: 10_000 });
    expect(found.total).toBeGreaterThan(800);
    const table = panel().locator('table.kwic');
    await expect.poll(() => table.getAttribute('aria-rowcount')).toBe(String(found.total));
    // Only the lines in view and a few either side are drawn, the first ones first.
    const drawn = await table.locator('tr[data-line]').count();
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(120);
    const line = (l: { documentId: number; start: number }) => `${l.documentId}:${l.start}`;
    expect(await table.locator('tr[data-line]').first().getAttribute('data-line')).toBe(line(found.lines[0]!));
    // The scroll bar is the whole list's: at its end, the last line is drawn, at its place.
    const scroller = panel().locator('.kwic-scroll');
    const heights = await scroller.evaluate((e) => ({ scroll: e.scrollHeight, client: e.clientHeight }));
    expect(heights.scroll).toBeGreaterThan(found.total * 10);
    await scroller.evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await expect
      .poll(() => table.locator('tr[data-line]').last().getAttribute('data-line'))
      .toBe(line(found.lines.at(-1)!));
    expect(await table.locator('tr[data-line]').last().getAttribute('aria-rowindex')).toBe(String(found.total));
    // Lines far down come by their place and their text as they come into view: the very text the whole concordance gives.
    const last = found.lines.at(-1)!;
    await expect
      .poll(() => table.locator('tr[data-line]').last().locator('td').allTextContents())
      .toEqual([last.left, last.hit, last.right]);
    await expect.poll(() => table.locator('tr[aria-busy]').count()).toBe(0);
    await scroller.evaluate((e) => e.scrollTo(0, e.scrollHeight / 2));
    await h.shots('analyst-concordance-long');
  });
});

describe('word frequencies', () => {
  it('compares the words of independent against state outlets with keyness, as a chart and a table; a word searches itself', async () => {
    await openAnalysisTab(h.page, 'Words');
    await expect.poll(() => panel().locator('.words-table tbody tr').count()).toBe(40);
    await panel().getByLabel('Words of').selectOption({ label: 'Outlet type: independent' });
    await panel().getByLabel('Compare with').selectOption({ label: 'Outlet type: state' });
    await expect
      .poll(() => panel().locator('.words-table thead th').allTextContents())
      .toEqual(['Word', 'Count', 'Per 10k', 'Other', 'Per 10k', 'Keyness', 'Log ratio']);
    const expected = await call(h.project, 'wordFrequencies', {
      scope: { attribute: { id: 1, value: 'independent' } },
      compare: { attribute: { id: 1, value: 'state' } },
      top: 40,
    });
    await expect
      .poll(() => panel().locator('.words-table tbody th').allTextContents())
      .toEqual(expected.rows.map((r) => r.word));
    await expect.poll(() => panel().locator('.word-chart svg rect').count()).toBeGreaterThan(10);
    await h.shots('analyst-words-compare');
    await panel().locator('.words-table tbody th button').first().click();
    await expect.poll(() => h.page.getByLabel('Search the project').inputValue()).toBe(expected.rows[0]!.word);
  });

  it('shows how far a count has got as the engine tells it', async () => {
    // The request for the count is held on its way while the engine's channel tells a count under way, as the engine
    // does between batches of documents; then it goes on and the table comes.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await h.page.route('**/api/wordFrequencies', async (route) => {
      await held;
      await route.continue();
    });
    await panel().getByLabel('Compare with').selectOption({ label: 'No comparison' });
    await expect.poll(() => panel().getByText('Counting words…').count()).toBe(1);
    h.project.events!.emit({ type: 'progress', work: 'words', done: 420, total: 1000, current: 'Counting words' });
    const bar = panel().getByRole('progressbar', { name: 'Counting words' });
    await expect
      .poll(() => bar.evaluate((e) => [(e as HTMLProgressElement).value, (e as HTMLProgressElement).max]))
      .toEqual([420, 1000]);
    await expect.poll(() => panel().getByRole('status').textContent()).toContain('42%');
    await bar.scrollIntoViewIfNeeded();
    await h.shots('analyst-words-progress');
    release();
    await expect.poll(() => panel().getByText('Counting words…').count()).toBe(0);
    await expect.poll(() => panel().locator('.words-table tbody tr').count()).toBe(40);
    await h.page.unroute('**/api/wordFrequencies');
  });
});
