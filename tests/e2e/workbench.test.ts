import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const hitCount = (pane: number) => h.page.locator(`[data-pane="${pane}"] [data-testid=hit-count]`);

describe('the workbench in a browser', () => {
  it('starts from a new project with the sample articles in the library', async () => {
    const { page } = h;
    await page.getByRole('status').filter({ hasText: 'documents' }).first().waitFor();
    await expect.poll(() => page.locator('.library-row button').count()).toBe(5);
    expect(await page.locator('.count').textContent()).toBe('5 documents');
    await expect.poll(() => page.getByRole('button', { name: /Putin goes to Lukashenka/ }).count()).toBe(1);
    await h.shot('1-library');
  });

  it('searches for Lukashenka and shows the spelling variants used', async () => {
    const { page } = h;
    await page.fill('#search-input', 'Lukashenka');
    await expect.poll(() => page.locator('.search-status').textContent()).toBe('2 documents');
    await page.getByLabel('Spelling variants').check();
    await expect.poll(() => page.locator('.search-status').textContent()).toBe('5 documents');
    const expansion = await page.getByTestId('expansion').textContent();
    expect(expansion).toMatch(/^Lukashenka~ searched as: .*lukashenko/);
    expect(expansion).toContain('lukashenkko');
    expect(await page.locator('.result').count()).toBe(5);
    expect(await page.locator('.result .snippet mark').count()).toBeGreaterThan(5);
    await h.shot('2-search-results');
  });

  it('opens two results side by side, each scrolled to its first hit', async () => {
    const { page } = h;
    await page.locator('.result').nth(0).click();
    await page.locator('.beside').nth(1).click();
    await expect.poll(() => page.locator('[data-pane="1"] mark.active').count()).toBe(1);
    await expect.poll(() => page.locator('[data-pane="0"] mark').count()).toBeGreaterThan(0);
    const titles = await page.locator('.doc-heading h2').allTextContents();
    expect(titles).toHaveLength(2);
    expect(titles[0]).not.toBe(titles[1]);
    expect(await hitCount(1).textContent()).toMatch(/^1 \/ \d+$/);
  });

  it('steps through the hits with the buttons and F3, keeping the active hit in view', async () => {
    const { page } = h;
    const total = Number((await hitCount(1).textContent())!.split('/ ')[1]);
    await page.locator('[data-pane="1"]').getByRole('button', { name: 'Next hit' }).click();
    await expect.poll(() => hitCount(1).textContent()).toBe(`2 / ${total}`);
    await page.keyboard.press('F3');
    await page.keyboard.press('F3');
    await expect.poll(() => hitCount(1).textContent()).toBe(`4 / ${total}`);
    await page.keyboard.press('Shift+F3');
    await expect.poll(() => hitCount(1).textContent()).toBe(`3 / ${total}`);
    const active = page.locator('[data-pane="1"] mark.active');
    expect(await active.getAttribute('data-hit')).toBe('2');
    const body = (await page.locator('[data-pane="1"] .pane-body').boundingBox())!;
    await expect
      .poll(async () => {
        const box = (await active.boundingBox())!;
        return box.y >= body.y && box.y + box.height <= body.y + body.height;
      })
      .toBe(true);
    expect(((await active.textContent()) ?? '').toLowerCase()).toMatch(/^lukashenk(a|o|ko)$/);
    await page.locator('[data-pane="1"]').getByRole('button', { name: 'Previous hit' }).click();
    await expect.poll(() => hitCount(1).textContent()).toBe(`2 / ${total}`);
    await h.shot('3-two-panes');
  });

  it('is operable from the keyboard: new pane, move, focus, close, and the search box', async () => {
    const { page } = h;
    const titles = () =>
      page
        .locator('.pane')
        .evaluateAll((panes) => panes.map((p) => p.querySelector('.doc-heading h2')?.textContent ?? ''));
    const [left, right] = await titles();
    await page.keyboard.press('Alt+n');
    await expect.poll(() => page.locator('.pane').count()).toBe(3);
    await page.keyboard.press('Alt+w');
    await expect.poll(() => page.locator('.pane').count()).toBe(2);
    await page.keyboard.press('Alt+2');
    await page.keyboard.press('Alt+Shift+ArrowLeft');
    await expect.poll(titles).toEqual([right, left]);
    expect(await page.locator('.pane.focused').getAttribute('data-pane')).toBe('0');
    await page.keyboard.press('Control+k');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search-input');
  });

  it('imports a file chosen in the browser, and shows untrusted text as text', async () => {
    const { page } = h;
    await page.fill('#search-input', '');
    await page.getByLabel('Files to import').setInputFiles([
      {
        name: 'grodno-notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(
          'Grodno forum notes\n\nPutin met Lukashenka in Grodno. <img src=x onerror="document.title=\'pwned\'"> <script>document.title="pwned"</script>\n',
        ),
      },
    ]);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Imported 1 file' }).count()).toBe(1);
    await expect.poll(() => page.locator('.count').textContent()).toBe('6 documents');
    await page.getByRole('button', { name: /Grodno forum notes/ }).click();
    const pane = page.locator('.pane.focused .doc-text');
    await expect.poll(() => pane.textContent()).toContain('<img src=x onerror=');
    expect(await page.locator('.pane img, .pane script').count()).toBe(0);
    expect(await page.title()).toBe('Quire');
    await h.shot('4-imported');
  });

  it('undoes an import, emptying the pane that showed it, and redoes it', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.count').textContent()).toBe('5 documents');
    await expect.poll(() => page.locator('.pane.focused .placeholder-title').textContent()).toBe('Empty pane');
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: /^Undone: Import/ })
        .count(),
    ).toBe(1);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => page.locator('.count').textContent()).toBe('6 documents');
    await page.getByRole('button', { name: /Grodno forum notes/ }).click();
    await expect
      .poll(() => page.locator('.pane.focused .doc-text').textContent())
      .toContain('Putin met Lukashenka in Grodno.');
  });

  it('keeps two panes scrolled together when sync scrolling is on', async () => {
    const { page } = h;
    while ((await page.locator('.doc-text').count()) > 0)
      await page.getByRole('button', { name: 'Close pane' }).first().click();
    await page.getByRole('button', { name: /Russia launched dozens/ }).click();
    await page.getByRole('button', { name: /Putin goes to Lukashenka/ }).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('.doc-text').count()).toBe(2);
    await page.getByLabel('Sync scrolling').check();
    const bodies = page.locator('.pane-body');
    await bodies.nth(0).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    const fraction = (i: number) => bodies.nth(i).evaluate((el) => el.scrollTop / (el.scrollHeight - el.clientHeight));
    await expect.poll(() => fraction(1)).toBeGreaterThan(0.95);
    await page.getByLabel('Sync scrolling').uncheck();
    await bodies.nth(0).evaluate((el) => el.scrollTo({ top: 0 }));
    await expect.poll(() => bodies.nth(0).evaluate((el) => el.scrollTop)).toBe(0);
    // Scroll events are dispatched before the next frame is drawn: two frames on, any sync has happened.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await fraction(1)).toBeGreaterThan(0.95);
  });

  it('stays usable in a narrow window or at 200% zoom', async () => {
    const { page } = h;
    await page.setViewportSize({ width: 700, height: 430 });
    try {
      const heading = (await page.locator('.pane').first().locator('.doc-heading h2').boundingBox())!;
      const tools = (await page.locator('.pane').first().locator('.pane-tools').boundingBox())!;
      const overlap =
        heading.x < tools.x + tools.width &&
        tools.x < heading.x + heading.width &&
        heading.y < tools.y + tools.height &&
        tools.y < heading.y + heading.height;
      expect(overlap).toBe(false);
      const sidebar = (await page.locator('.sidebar').boundingBox())!;
      const reader = (await page.locator('.main').boundingBox())!;
      expect(sidebar.height).toBeGreaterThan(100);
      expect(reader.y + reader.height).toBeLessThanOrEqual(431);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(700);
      await h.shot('6-narrow');
    } finally {
      await page.setViewportSize({ width: 1400, height: 860 });
    }
  });

  it('follows a dark system theme', async () => {
    const { page } = h;
    await page.emulateMedia({ colorScheme: 'dark' });
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 24, 28)');
    await h.shot('5-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
