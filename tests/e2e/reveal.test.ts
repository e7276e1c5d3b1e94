// A jump from a list of coded passages to the reader never fails silently: the passage comes into view, marked, or the
// pane says why it cannot (deleted since it was listed, coded with a hidden code…), and blind coding's words tell
// nothing of other coders' work.
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { codeInPane, openAnalysisTab } from './reader.ts';

let h: Harness;

const COMPLICIT = 'The complicity of Belarus in the aggression is beyond doubt';
const TROOPS = 'Belarus allows Russian troops on its territory';

beforeAll(async () => {
  // Calls as requests, which page.route and page.on('request') see (the WebSocket's own tests: web-socket.test.ts).
  h = await startHarness({ requestsOnly: true });
  await h.page.getByRole('button', { name: /001_b5026d01219ff992/ }).click();
  await h.page.waitForFunction(() => document.querySelectorAll('.doc-text').length === 1);
  // One pane: a passage opened from a list opens in an empty pane when there is one.
  await h.page.getByRole('button', { name: 'Close pane' }).nth(1).click();
  await h.page.waitForFunction(() => document.querySelectorAll('.pane').length === 1);
  await codeInPane(h.page, 0, COMPLICIT, 'Belarus complicit');
  await codeInPane(h.page, 0, TROOPS, 'Russian troops');
  await h.page.waitForFunction(() => document.querySelectorAll('[data-pane="0"] .stripe').length === 2);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const panel = () => h.page.getByRole('complementary', { name: 'Analysis' });
const notice = () => h.page.locator('[data-pane="0"] .coding-notice');
const flashes = () => h.page.locator('[data-pane="0"] .coded.flash');
/** The coded passages listed for these codes, in the analysis panel's Segments tab. */
async function listPassages(...codes: string[]) {
  await openAnalysisTab(h.page, 'Segments');
  const checked = panel().getByRole('checkbox', { checked: true });
  while (await checked.count()) await checked.first().uncheck();
  for (const code of codes) await panel().getByRole('checkbox', { name: code }).check();
}
const segment = (quote: string) =>
  panel()
    .locator('.segment')
    .filter({ has: h.page.locator('strong', { hasText: quote }) });

/**
 * Holds the answers to the coded-passages list's reloads: the list stays as it was shown (as it is for a moment
 * after a change elsewhere, until its reload answers); `release` lets them through.
 */
async function holdTheList(): Promise<{ release: () => Promise<void> }> {
  const held: Route[] = [];
  const hold = (route: Route) => void held.push(route);
  await h.page.route('**/api/codedSegments', hold);
  return {
    release: async () => {
      await h.page.unroute('**/api/codedSegments', hold);
      await Promise.all(held.map((r) => r.fallback().catch(() => undefined)));
    },
  };
}

/** Removes the coding of `code` on the coded passage holding `text`, in the reader (as the list does not know yet). */
async function removeInReader(text: string, code: string) {
  await h.page.locator('[data-pane="0"] .coded', { hasText: text }).last().click();
  await h.page
    .getByRole('dialog', { name: 'Codings here' })
    .getByRole('button', { name: `Remove the coding ${code}` })
    .click();
}

describe('jumping to a coded passage', () => {
  it('deleted after the list was shown: the pane says it is no longer in the document', async () => {
    await listPassages('Belarus complicit', 'Russian troops');
    await expect.poll(() => panel().locator('.segment').count()).toBe(2);
    const list = await holdTheList();
    // Removed in the reader, while the list has not caught up yet.
    await removeInReader('Russian troops on its', 'Russian troops in Belarus');
    await expect.poll(() => h.page.locator('[data-pane="0"] .stripe').count()).toBe(1);
    await segment('Russian troops').click();
    await expect
      .poll(() => notice().locator('.undo-notice-text').textContent())
      .toMatch(/^This coded passage is no longer in this document: it was removed after it was listed/);
    expect(await flashes().count()).toBe(0);
    await h.shots('reveal1-deleted');
    await list.release();
    await expect.poll(() => panel().locator('.segment').count()).toBe(1);
  });

  it('still comes into view, marked, and puts away the notice of a jump that failed', async () => {
    expect(await notice().count()).toBe(1);
    await segment('complicity of Belarus').click();
    await expect.poll(() => flashes().count()).toBe(1);
    expect(await flashes().first().textContent()).toContain('complicity of Belarus');
    await expect.poll(() => notice().count()).toBe(0);
  });

  it('coded with a hidden code: the pane names the code, and its button shows it and brings the passage into view', async () => {
    await listPassages('Belarus complicit');
    await expect.poll(() => panel().locator('.segment').count()).toBe(1);
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    await h.page.getByRole('button', { name: 'Show Belarus complicit in the reader' }).click();
    await expect.poll(() => h.page.locator('[data-pane="0"] .stripe').count()).toBe(0);
    await expect.poll(() => flashes().count()).toBe(0);
    await segment('complicity of Belarus').click();
    await expect
      .poll(() => notice().locator('.undo-notice-text').textContent())
      .toContain(
        'This passage is coded with ‘Belarus complicit’, which is hidden in the reader: show the code to see it.',
      );
    await h.shots('reveal2-hidden-code');
    await notice().getByRole('button', { name: 'Show ‘Belarus complicit’' }).click();
    await expect.poll(() => flashes().count()).toBe(1);
    await expect.poll(() => notice().count()).toBe(0);
    expect(await h.page.locator('[data-pane="0"] .stripe').count()).toBe(1);
  });
});

describe('blind coding', () => {
  async function becomeCoder(name: string) {
    h.page.once('dialog', (d) => void d.accept(name));
    await h.page.getByRole('button', { name: /^Coder:/ }).click();
    await expect.poll(() => h.page.getByRole('button', { name: /^Coder:/ }).textContent()).toBe(`Coder: ${name}`);
  }
  const showCodingsOf = (label: string) => h.page.getByLabel('Show codings of').selectOption({ label });

  it('going blind, the passages listed of other coders leave the panel at once, while the list is read again', async () => {
    await becomeCoder('Ben');
    await showCodingsOf('All coders');
    await listPassages('Belarus complicit');
    await expect.poll(() => panel().locator('.segment').count()).toBe(1);
    const counts = () => panel().locator('.code-picker .meta').allTextContents();
    expect(await counts()).toContain('1');
    // The list's reading again is held back: what was listed showing everyone's work must not stay meanwhile.
    const list = await holdTheList();
    await showCodingsOf('Only mine (blind)');
    await expect.poll(() => panel().locator('.segment').count()).toBe(0);
    expect(await panel().textContent()).not.toContain(COMPLICIT);
    await h.shots('reveal3-blind-switch');
    await list.release();
    // Read again as Ben may see it: his own counts (none) show.
    await expect.poll(() => counts()).not.toContain('…');
    expect(await counts()).not.toContain('1');
    expect(await panel().locator('.segment').count()).toBe(0);
  });

  it('a jump to a passage gone since it was listed says only the blind sentence: not whose, nor its code', async () => {
    const first = 'Ben';
    await codeInPane(h.page, 0, 'Meanwhile, the', 'Belarus neutral');
    await listPassages('Belarus neutral');
    await expect.poll(() => panel().locator('.segment').count()).toBe(1);
    const list = await holdTheList();
    await removeInReader('Meanwhile', 'Belarus neutral');
    await expect.poll(() => h.page.locator('[data-pane="0"] .stripe').count()).toBe(0);
    await segment('Meanwhile').click();
    await expect
      .poll(() => notice().locator('.undo-notice-text').textContent())
      .toBe(
        'This coded passage is not among your codings in this document: it was removed, or it is not yours and stays hidden while you code blind.',
      );
    const said = `${await notice().locator('.undo-notice-text').textContent()} ${await h.page.getByTestId('announcer').textContent()}`;
    expect(said).not.toMatch(/neutral|Meanwhile/);
    expect(said).not.toContain(first);
    expect(await flashes().count()).toBe(0);
    await h.shots('reveal4-blind-gone');
    await list.release();
  });
});
