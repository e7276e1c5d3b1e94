// Coding without a mouse, and editing a coding's edges: a keyboard-only session
// from the caret to a coded passage (no mouse event at all), a coding widened
// and narrowed by keys and by dragging its handle, each step undone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';

let h: Harness;
const TARGET = 'The first aircraft arrived in Belarus in August 2021.';
const announced = () => h.page.getByTestId('announcer').textContent();
const codedTexts = () => h.page.locator('[data-pane="0"] .coded').allTextContents();
const stored = () => h.project.db.prepare('SELECT quote FROM codings ORDER BY id').pluck().all() as string[];

beforeAll(async () => {
  h = await startHarness();
  // Every mouse event the page sees is counted: the keyboard session must cause none.
  await h.page.evaluate(() => {
    const w = window as unknown as { mouseEvents: string[] };
    w.mouseEvents = [];
    for (const type of ['mousedown', 'mouseup', 'click', 'pointerdown', 'pointerup'])
      document.addEventListener(
        type,
        (e) => e.isTrusted && (e as MouseEvent).detail !== 0 && w.mouseEvents.push(type),
        true,
      );
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('keyboard coding', () => {
  it('opens a document, moves the caret by sentence to a passage, codes it, all without a mouse event', async () => {
    const row = h.page.getByRole('button', { name: /001_b5026d01219ff992/ });
    await row.focus();
    await h.page.keyboard.press('Enter');
    await h.page.waitForSelector('[data-pane="0"] .doc-text');
    // Alt+1 goes to the first pane, Tab into its text.
    await h.page.keyboard.press('Alt+1');
    await h.page.keyboard.press('Tab');
    expect(await h.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(
      /^Document text: arrows move the caret/,
    );
    // S selects the sentence at the caret; → leaves it at its end, Ctrl+→ steps into the next one.
    let said = '';
    for (let i = 0; i < 12 && !said.includes('The first aircraft'); i++) {
      if (i) {
        await h.page.keyboard.press('ArrowRight');
        await h.page.keyboard.press('Control+ArrowRight');
      }
      await h.page.keyboard.press('s');
      await expect.poll(announced).toMatch(/^Selected the sentence/);
      said = (await announced())!;
    }
    expect(said).toBe(`Selected the sentence: “${TARGET}”`);
    expect(await h.page.evaluate(() => window.getSelection()!.toString())).toBe(TARGET);
    // Shift+Ctrl+← takes the last word back off the selection, Shift+← one character more, Shift+→ puts it back.
    await h.page.keyboard.press('Shift+Control+ArrowLeft');
    expect(await h.page.evaluate(() => window.getSelection()!.toString())).toBe(
      'The first aircraft arrived in Belarus in August ',
    );
    await h.page.keyboard.press('Shift+Control+ArrowRight');
    expect(await h.page.evaluate(() => window.getSelection()!.toString())).toBe(
      'The first aircraft arrived in Belarus in August 2021',
    );
    await h.page.keyboard.press('Shift+ArrowRight');
    expect(await h.page.evaluate(() => window.getSelection()!.toString())).toBe(TARGET);
    // Enter opens the coding popover for the selection; typing filters, Enter codes.
    await h.page.keyboard.press('Enter');
    const popover = h.page.getByRole('dialog', { name: 'Code the selected passage' });
    await popover.waitFor();
    await h.page.keyboard.type('neutral');
    await h.page.keyboard.press('Enter');
    await expect.poll(codedTexts).toEqual([TARGET]);
    await expect.poll(announced).toBe(`Coded ‘Belarus neutral’: “${TARGET}”`);
    // The focus is back in the text, with the caret after the passage.
    expect(await h.page.evaluate(() => document.activeElement?.classList.contains('coded-text'))).toBe(true);
    await h.shots('k1-keyboard-coded');
    expect(await h.page.evaluate(() => (window as unknown as { mouseEvents: string[] }).mouseEvents)).toEqual([]);
  });

  it('widens and narrows the coding at the caret by keys, a word at a time, and undoes it', async () => {
    await h.page.keyboard.press('ArrowLeft');
    await h.page.keyboard.press(']');
    await expect.poll(announced).toMatch(/^Moving the end of ‘Belarus neutral’/);
    expect(await h.page.locator('[data-pane="0"] .edge-handle').count()).toBe(2);
    await h.page.keyboard.press('ArrowRight');
    await expect.poll(stored).toEqual([`${TARGET} Further`]);
    await h.page.keyboard.press('ArrowRight');
    await expect.poll(stored).toEqual([`${TARGET} Further deployment`]);
    // Said in a line a screen reader reads out whole: the passage clipped.
    await expect
      .poll(announced)
      .toBe('‘Belarus neutral’ now: “The first aircraft arrived in Belarus in August 2021. Furth…”');
    await h.shots('k2-coding-widened-by-keys');
    // [ takes the start: → narrows it by a word.
    await h.page.keyboard.press('[');
    await h.page.keyboard.press('ArrowRight');
    await expect.poll(stored).toEqual([`first aircraft arrived in Belarus in August 2021. Further deployment`]);
    await h.page.keyboard.press('Escape');
    // Ctrl+Z takes the steps back one by one.
    for (let i = 0; i < 3; i++) await h.page.keyboard.press('Control+z');
    await expect.poll(stored).toEqual([TARGET]);
    await expect.poll(codedTexts).toEqual([TARGET]);
    expect(await h.page.evaluate(() => (window as unknown as { mouseEvents: string[] }).mouseEvents)).toEqual([]);
  });

  it('writes a memo with M and removes the coding with Delete, said to screen readers', async () => {
    await h.page.keyboard.press('m');
    const memo = h.page.getByRole('textbox', { name: /^Memo on this Belarus neutral coding/ });
    await memo.waitFor();
    await expect.poll(() => memo.evaluate((el) => el === document.activeElement), { timeout: 5000 }).toBe(true);
    await h.page.keyboard.type('Dates the build-up.');
    await h.page.keyboard.press('Tab');
    await h.page.keyboard.press('Enter');
    await expect
      .poll(() => h.project.db.prepare('SELECT text FROM memos').pluck().all())
      .toEqual(['Dates the build-up.']);
    await h.page.keyboard.press('Escape');
    await expect.poll(() => h.page.evaluate(() => document.activeElement?.classList.contains('coded-text'))).toBe(true);
    await h.page.keyboard.press('Delete');
    await expect.poll(stored).toEqual([]);
    await expect.poll(announced).toBe(`Removed ‘Belarus neutral’ from “${TARGET}”. Ctrl+Z undoes it.`);
    await h.page.keyboard.press('Control+z');
    await expect.poll(stored).toEqual([TARGET]);
    expect(await h.page.evaluate(() => (window as unknown as { mouseEvents: string[] }).mouseEvents)).toEqual([]);
  });

  it('widens a coding by dragging its end handle to a later word, which the engine snaps to the word’s end', async () => {
    await h.page.locator('[data-pane="0"] .coded').first().click();
    await h.page.getByRole('button', { name: 'Adjust edges' }).click();
    const handle = h.page.locator('[data-pane="0"] .edge-handle.end');
    await handle.waitFor();
    const from = (await handle.boundingBox())!;
    // The middle of "infrastructure", a few words on.
    const to = await h.page.locator('[data-pane="0"] .doc-text').evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf('infrastructure');
        if (at < 0) continue;
        const r = document.createRange();
        // "infrastruc|ture": nearer the end of "infrastructure" than the end of "military".
        r.setStart(node, at + 10);
        r.setEnd(node, at + 11);
        const rect = r.getBoundingClientRect();
        return { x: rect.left, y: rect.top + rect.height / 2 };
      }
      throw new Error('no infrastructure');
    });
    await h.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await h.page.mouse.down();
    await h.page.mouse.move((from.x + to.x) / 2, to.y, { steps: 4 });
    await h.shots('k3-coding-being-widened-by-drag');
    await h.page.mouse.move(to.x, to.y, { steps: 4 });
    await h.page.mouse.up();
    await expect.poll(stored).toEqual([`${TARGET} Further deployment of military infrastructure`]);
    await h.shots('k4-coding-widened-by-drag');
    await h.page.keyboard.press('Control+z');
    await expect.poll(stored).toEqual([TARGET]);
  });

  it('changes a coding’s code, splits it where it was clicked and merges the parts again, from the coding’s popover', async () => {
    const codes = () =>
      h.project.db
        .prepare('SELECT c.name, k.quote FROM codings k JOIN codes c ON c.id = k.code_id ORDER BY k.start')
        .all();
    const here = h.page.getByRole('dialog', { name: 'Codings here' });
    await h.page.locator('[data-pane="0"] .coded').first().click();
    await here
      .getByRole('combobox', { name: 'Change the code of this Belarus neutral coding' })
      .selectOption({ label: 'Belarus complicit' });
    await expect.poll(codes).toEqual([{ name: 'Belarus complicit', quote: TARGET }]);
    // Clicked on "Belarus": the split cuts before that word.
    const word = await h.page
      .locator('[data-pane="0"] .coded')
      .first()
      .evaluate((el) => {
        const node = el.firstChild!;
        const at = node.textContent!.indexOf('Belarus');
        const r = document.createRange();
        r.setStart(node, at + 2);
        r.setEnd(node, at + 3);
        const rect = r.getBoundingClientRect();
        return { x: rect.left + 1, y: rect.top + rect.height / 2 };
      });
    await h.page.mouse.click(word.x, word.y);
    await here.getByRole('button', { name: 'Split here' }).click();
    await expect.poll(codes).toEqual([
      { name: 'Belarus complicit', quote: 'The first aircraft arrived in' },
      { name: 'Belarus complicit', quote: 'Belarus in August 2021.' },
    ]);
    await h.page.locator('[data-pane="0"] .coded', { hasText: 'first aircraft' }).first().click();
    await here.getByRole('button', { name: /^Merge with “Belarus in August/ }).click();
    await expect.poll(codes).toEqual([{ name: 'Belarus complicit', quote: TARGET }]);
    expect(
      h.project.db
        .prepare('SELECT description FROM command_log WHERE undone = 0 ORDER BY id DESC LIMIT 3')
        .pluck()
        .all() as string[],
    ).toEqual([
      'Merge two ‘Belarus complicit’ codings into “The first aircraft arrived in Belarus i…”',
      'Split ‘Belarus complicit’ on “The first aircraft arrived in Belarus i…” in two',
      'Change ‘Belarus neutral’ to ‘Belarus complicit’ on “The first aircraft arrived in Belarus i…”',
    ]);
  });
});
