// Coding in the reader as a user does it: a real mouse drag over a passage, then the coding popover.
import type { Page } from 'playwright-core';

/** Selects `quote` in a pane's text with a real mouse drag, from its first character to its last; the coding popover opens. */
export async function selectInPane(page: Page, pane: number, quote: string): Promise<void> {
  await dragOverInPane(page, pane, quote);
  await page.getByRole('dialog', { name: 'Code the selected passage' }).waitFor({ timeout: 5000 });
}

/** Drags the mouse over `quote` in a pane's text, from its first character to its last. */
export async function dragOverInPane(page: Page, pane: number, quote: string): Promise<void> {
  const text = page.locator(`[data-pane="${pane}"] .doc-text`);
  const [from, to] = await text.evaluate((el, q) => {
    const full = el.textContent ?? '';
    const at = full.indexOf(q);
    if (at < 0) throw new Error(`not in the text: ${q}`);
    const point = (offset: number, side: 'left' | 'right', scroll = false) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const length = node.textContent!.length;
        if (offset < seen + length) {
          const r = document.createRange();
          r.setStart(node, offset - seen);
          r.setEnd(node, offset - seen + 1);
          if (scroll) {
            // Bring the character itself to the middle of its pane (its parent may be the whole text).
            const body = el.closest('.pane-body')!;
            const box = body.getBoundingClientRect();
            body.scrollTop += r.getClientRects()[0]!.top - box.top - box.height / 2;
          }
          const rect = r.getClientRects()[0]!;
          return { x: side === 'left' ? rect.left + 1 : rect.right - 1, y: rect.top + rect.height / 2 };
        }
        seen += length;
      }
      throw new Error('offset past the end');
    };
    point(at, 'left', true);
    return [point(at, 'left'), point(at + q.length - 1, 'right')];
  }, quote);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 5 });
  await page.mouse.up();
}

/** The coding popover's choices as printed: "1 Belarus neutral", "- Refugees" past the ninth, "+ Create code ‘…’". */
export async function popoverChoices(page: Page): Promise<string[]> {
  const popover = page.getByRole('dialog', { name: 'Code the selected passage' });
  return popover
    .getByRole('option')
    .evaluateAll((options) =>
      options.map((o) =>
        o.classList.contains('new-code')
          ? o.textContent!.trim()
          : `${o.querySelector('kbd')!.textContent || '-'} ${o.querySelector('.code-name')!.textContent}`,
      ),
    );
}

/**
 * Codes `quote` in a pane with the code found by typing `choose` in the coding
 * popover and pressing Enter, which applies only the highlighted code: `choose`
 * must single one out (an exact name or the only match).
 */
export async function codeInPane(page: Page, pane: number, quote: string, choose: string): Promise<void> {
  await selectInPane(page, pane, quote);
  const popover = page.getByRole('dialog', { name: 'Code the selected passage' });
  await page.getByLabel('Find a code').fill(choose);
  const highlighted = await popover.locator('[role="option"][aria-selected="true"]').textContent({ timeout: 2000 });
  if (!highlighted?.toLowerCase().includes(choose.toLowerCase()))
    throw new Error(`“${choose}” highlights ${highlighted}`);
  await page.keyboard.press('Enter');
  await popover.waitFor({ state: 'detached' });
}

/** Opens a tab of the analysis panel ("Matrix", "Agreement"…), opening the panel first from the top bar when it is closed. */
export async function openAnalysisTab(page: Page, tab: string): Promise<void> {
  if (!(await page.getByRole('complementary', { name: 'Analysis' }).count()))
    await page.getByRole('button', { name: 'Analysis', exact: true }).click();
  await page.getByRole('complementary', { name: 'Analysis' }).getByRole('tab', { name: tab, exact: true }).click();
}
