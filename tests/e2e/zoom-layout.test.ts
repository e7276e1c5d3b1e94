// At 200% (a 1280×720 window is 640×360 CSS pixels) the reader and the
// Analysis panel stay usable: the panel docks beside the reader, folds to a
// drawer or undocks to a tab, and the reader keeps at least a third of the
// window (a window this short keeps the library beside the reader, in 28%
// of its width). The panes, their documents and scroll positions and the panel's
// place survive a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';

let h: Harness;
const width = (selector: string) =>
  h.page
    .locator(selector)
    .first()
    .evaluate((el) => el.getBoundingClientRect().width);
const visibleText = () =>
  h.page.locator('[data-pane="0"] .pane-body').evaluate((body) => {
    const box = body.getBoundingClientRect();
    // How much of the text shows: the part of the pane's body the drawer does not cover.
    const drawer = document.querySelector('.analysis')?.getBoundingClientRect();
    return Math.min(box.right, drawer && drawer.width ? drawer.left : Infinity) - box.left;
  });

beforeAll(async () => {
  h = await startHarness();
  await h.page.getByRole('button', { name: /001_b5026d01219ff992/ }).click();
  await h.page.getByRole('button', { name: /Putin goes to Lukashenka/ }).click({ modifiers: ['Shift'] });
  await h.page.waitForFunction(() => document.querySelectorAll('.doc-text').length === 2);
  // A 1280×720 window at 200%.
  await h.page.setViewportSize({ width: 640, height: 360 });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('at 200%', () => {
  it('keeps a third of the window for the reader with the Analysis panel beside it', async () => {
    await h.page.getByRole('button', { name: 'Analysis', exact: true }).click();
    await h.page.locator('.analysis').waitFor();
    expect(await width('.reader-column')).toBeGreaterThanOrEqual(640 / 3);
    await h.shots('z1-analysis-beside-640');
  });

  it('folds the panel to a drawer over the reader, and the drawer away to a strip', async () => {
    await h.page.getByRole('button', { name: 'Make the panel a drawer over the reader' }).click();
    // The drawer stands over the reader and takes none of its width: the reader has the whole main area (the window
    // less the narrow library beside it, 28% in a window this short).
    expect(await width('.reader-column')).toBeCloseTo(await width('.main'), 0);
    expect(await width('.reader-column')).toBeGreaterThan(640 * 0.7);
    expect(await visibleText()).toBeGreaterThanOrEqual(640 / 3 - 20);
    await h.shots('z2-analysis-drawer-640');
    await h.page.getByRole('button', { name: 'Fold the drawer away' }).click();
    expect(await width('.analysis')).toBeLessThan(50);
    // Folded, the drawer is a strip: the panes have the whole reader again.
    expect(await visibleText()).toBeGreaterThan((await width('.reader-column')) / 2 - 50);
    await h.shots('z3-analysis-drawer-folded-640');
    await h.page.getByRole('button', { name: 'Open the drawer' }).click();
    expect(await width('.analysis')).toBeGreaterThan(200);
  });

  it('undocks the panel to a tab, taking turns with the reader in all the room beside the library', async () => {
    await h.page.getByRole('button', { name: 'Undock the panel to a tab of its own' }).click();
    expect(await h.page.locator('.reader-column').isVisible()).toBe(false);
    // The tab has the whole main area the reader had, and the reader, in its turn, has it back.
    expect(await width('.analysis')).toBeCloseTo(await width('.main'), 0);
    expect(await width('.analysis')).toBeGreaterThan(640 * 0.7);
    await h.shots('z4-analysis-tab-640');
    await h.page.getByRole('tab', { name: 'Reader' }).click();
    expect(await h.page.locator('.analysis').isVisible()).toBe(false);
    expect(await width('.reader-column')).toBeCloseTo(await width('.main'), 0);
    expect(await width('.reader-column')).toBeGreaterThan(640 * 0.7);
    await h.shots('z5-reader-tab-640');
  });

  it('opens again as it was left: the documents in their panes, scrolled where they were, the panel in its place', async () => {
    await h.page.getByRole('button', { name: 'Analysis', exact: true }).click(); // closed…
    await h.page.getByRole('button', { name: 'Analysis', exact: true }).click(); // …and open again, as a tab
    await h.page.getByRole('tab', { name: 'Reader' }).click();
    const body = h.page.locator('[data-pane="0"] .pane-body');
    await body.evaluate((el) => (el.scrollTop = 600));
    await h.page.waitForTimeout(400);
    const titles = () => h.page.locator('.pane .doc-heading h2').allTextContents();
    const before = await titles();
    expect(before).toHaveLength(2);
    await h.page.reload();
    await h.page.waitForFunction(() => document.querySelectorAll('.doc-text').length === 2);
    expect(await titles()).toEqual(before);
    await expect.poll(() => body.evaluate((el) => el.scrollTop)).toBeGreaterThan(550);
    // The panel is open, undocked to its tab; the reader's tab shows first.
    expect(await h.page.getByRole('tab', { name: 'Reader' }).getAttribute('aria-selected')).toBe('true');
    expect(await h.page.locator('main.analysis-tab').count()).toBe(1);
    await h.shots('z6-reopened-as-left-640');
  });
});
