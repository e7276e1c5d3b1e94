// A heavily coded article in the reader (issue 19, goal 4): hundreds of
// overlapping codings over a long text, several lines rendered at a time. It
// opens with every coding, and a code applied to a passage shows at once with
// its stripe and label, while the lines it does not touch keep their drawing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { prng } from '../../fixtures/random.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { openAnalysisTab } from './reader.ts';

let h: Harness;
let documentId: number;
let dir: string;
const CODINGS = 600;

beforeAll(async () => {
  // Its calls over the WebSocket pass through the test, which can hold them (a slow engine).
  h = await startHarness({ delayableCalls: true });
  dir = mkdtempSync(join(tmpdir(), 'quire-heavy-'));
  const paragraphs = Array.from(
    { length: 600 },
    (_, i) =>
      `Paragraph ${i + 1}: the ministry said on Tuesday that talks with Minsk would go on, and officials in Kyiv called the offer a delay.`,
  );
  writeFileSync(join(dir, 'heavy.txt'), `Heavily coded article\n\n${paragraphs.join('\n\n')}\n`);
  const report = await call(h.project, 'importFiles', { paths: [join(dir, 'heavy.txt')] });
  documentId = report.files[0]!.documentId!;
  const length = [...(await call(h.project, 'getDocument', { id: documentId })).body].length;
  const codes = (await call(h.project, 'getCodebook', {})).codes.slice(0, 6);
  const random = prng(19);
  for (let i = 0; i < CODINGS; i++) {
    // Dense at the top, where the reader opens: overlapping codings of several codes, some across paragraphs.
    const start = Math.floor(random() * (i < 60 ? 1500 : length - 400));
    const end = start + 10 + Math.floor(random() * 200);
    await call(h.project, 'applyCode', { documentId, codeId: codes[i % codes.length]!.id, start, end });
  }
  await h.reload();
}, 120_000);

afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const coded = () => h.page.getAttribute('.doc-text', 'data-coded').then(Number);
const storedCount = () =>
  h.project.db.prepare<[number], number>('SELECT count(*) FROM codings WHERE document_id = ?').pluck().get(documentId)!;

/** Selects `words` on the rendered line `index` with the mouse's selection, and lets go of the button there (the coding popover opens). */
async function selectOnLine(index: number, words: string): Promise<void> {
  await h.page.locator(`.doc-text .block[data-index="${index}"] .block-text`).evaluate((el, words) => {
    const text = el.textContent ?? '';
    const at = text.indexOf(words);
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let offset = 0;
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const size = n.textContent!.length;
      if (offset <= at && at < offset + size) range.setStart(n, at - offset);
      if (offset < at + words.length && at + words.length <= offset + size) range.setEnd(n, at + words.length - offset);
      offset += size;
    }
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
    const rect = range.getBoundingClientRect();
    el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: rect.left, clientY: rect.bottom }));
  }, words);
  await h.page.waitForSelector('.popover input');
}

describe('a heavily coded article', () => {
  it('opens with every coding, drawing only the lines near the view with their stripes and labels', async () => {
    const stored = h.project.db
      .prepare<[number], number>('SELECT count(*) FROM codings WHERE document_id = ?')
      .pluck()
      .get(documentId)!;
    // Every drawing of the text from the click on: the first already holds every coding (never the text bare, then coded).
    await h.page.evaluate(() => {
      const w = window as unknown as { __coded: number[] };
      w.__coded = [];
      new MutationObserver(() => {
        const text = document.querySelector<HTMLElement>('.doc-text');
        if (text && w.__coded.at(-1) !== Number(text.dataset.coded)) w.__coded.push(Number(text.dataset.coded));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
      // How many lines the text holds at the moment it is put on the page (before any later drawing fills it in).
      const v = window as unknown as { __linesAtFirst: number[] };
      v.__linesAtFirst = [];
      const seen = (node: Node) => {
        const text =
          node instanceof Element ? (node.matches('.doc-text') ? node : node.querySelector('.doc-text')) : null;
        if (text) v.__linesAtFirst.push(text.querySelectorAll('.block').length);
      };
      // At the frame after the text is first drawn: whether its lines reach past the bottom of the pane.
      const f = window as unknown as { __coveredAtFirst: boolean | null };
      f.__coveredAtFirst = null;
      const frame = new MutationObserver(() => {
        if (!document.querySelector('.doc-text .block-margin .stripe')) return;
        frame.disconnect();
        requestAnimationFrame(() => {
          const blocks = document.querySelectorAll('.doc-text .block');
          const pane = document.querySelector('.pane-body')!.getBoundingClientRect();
          f.__coveredAtFirst = blocks[blocks.length - 1]!.getBoundingClientRect().bottom >= pane.bottom;
        });
      });
      frame.observe(document.body, { subtree: true, childList: true });
      const { appendChild, insertBefore } = Node.prototype;
      Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
        seen(node);
        return appendChild.call(this, node) as T;
      };
      Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
        seen(node);
        return insertBefore.call(this, node, child) as T;
      };
    });
    await h.page.getByRole('button', { name: 'Heavily coded article' }).click();
    await h.page.waitForFunction(
      (n) => Number(document.querySelector<HTMLElement>('.doc-text')?.dataset.coded) === n,
      stored,
    );
    expect(await h.page.evaluate(() => (window as unknown as { __coded: number[] }).__coded)).toEqual([stored]);
    await h.page.waitForSelector('.block-margin .stripe');
    const blocks = await h.page.locator('.doc-text .block').count();
    // The text came onto the page once, already holding the lines in view: not empty, its lines drawn into it after.
    const atFirst = await h.page.evaluate(() => (window as unknown as { __linesAtFirst: number[] }).__linesAtFirst);
    expect(atFirst).toHaveLength(1);
    expect(atFirst[0]).toBeGreaterThan(10);
    // Those lines fill the pane; the lines further out, which only scrolling reaches, are drawn in the frames after.
    await expect
      .poll(() => h.page.evaluate(() => (window as unknown as { __coveredAtFirst: boolean | null }).__coveredAtFirst))
      .toBe(true);
    await expect.poll(() => h.page.locator('.doc-text .block').count()).toBeGreaterThan(atFirst[0]!);
    expect(blocks).toBeGreaterThan(10);
    expect(blocks).toBeLessThan(200);
    expect(await h.page.locator('.gutter-label').count()).toBeGreaterThan(5);
    await h.shots('heavy-coding-open');
  });

  it('shows an applied code at once, its stripe beside its line, and leaves the other lines’ drawing as it was', async () => {
    const before = await coded();
    // Every line rendered now, and its stripes, by the line's own index; the one coded below is the 8th (index 6 counts the blank lines).
    const drawn = () =>
      h.page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.doc-text .block')].map((b) => ({
          index: b.dataset.index,
          html: b.querySelector('.block-text')!.innerHTML,
          stripes: [...b.querySelectorAll<HTMLElement>('.stripe')].map((s) => s.dataset.coding).join(','),
        })),
      );
    const earlier = await drawn();
    // Select “officials in Kyiv” on the line of paragraph 4 and code it from the popover.
    await selectOnLine(8, 'officials in Kyiv');
    await h.page.fill('.popover input', 'Sanctions');
    await h.page.keyboard.press('Enter');
    await h.page.waitForFunction(
      (n) => Number(document.querySelector<HTMLElement>('.doc-text')!.dataset.coded) === n + 1,
      before,
    );
    const added = h.project.db
      .prepare<[number], { id: number; quote: string }>(
        'SELECT id, quote FROM codings WHERE document_id = ? ORDER BY id DESC LIMIT 1',
      )
      .get(documentId)!;
    expect(added.quote).toBe('officials in Kyiv');
    await h.page.waitForSelector(`.block[data-index="8"] .stripe[data-coding="${added.id}"]`);
    const later = await drawn();
    // The coded line changed; every other line rendered before and after draws exactly as it did.
    const changed = later.filter((b) => {
      const was = earlier.find((e) => e.index === b.index);
      return was && (was.html !== b.html || was.stripes !== b.stripes);
    });
    expect(changed.map((b) => b.index)).toEqual(['8']);
    await h.page.locator('.popover').waitFor({ state: 'detached' });
    // The caret stops blinking, so every screenshot of this moment shows it.
    await h.page.emulateMedia({ reducedMotion: 'reduce' });
    await h.shots('heavy-coding-applied');
  });

  it('closes the popover in the very drawing that shows the new coding, the focus back in the text with the caret after the passage', async () => {
    const before = await coded();
    await selectOnLine(10, 'officials in Kyiv');
    await h.page.fill('.popover input', 'Sanctions');
    // Every change to the page from Enter on: whether the popover is there, and how many codings the text holds.
    await h.page.evaluate(() => {
      const w = window as unknown as { __drawn: { popover: boolean; coded: number }[]; __watch: MutationObserver };
      w.__drawn = [];
      w.__watch = new MutationObserver(() =>
        w.__drawn.push({
          popover: document.querySelector('.code-chooser') !== null,
          coded: Number(document.querySelector<HTMLElement>('.doc-text')!.dataset.coded),
        }),
      );
      w.__watch.observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await h.page.keyboard.press('Enter');
    await h.page.waitForFunction(
      (n) => Number(document.querySelector<HTMLElement>('.doc-text')!.dataset.coded) === n + 1,
      before,
    );
    await h.page.locator('.doc-text .caret').waitFor();
    const drawn = await h.page.evaluate(() => {
      const w = window as unknown as { __drawn: { popover: boolean; coded: number }[]; __watch: MutationObserver };
      w.__watch.disconnect();
      return w.__drawn;
    });
    // Never the popover gone before the coding is drawn (one drawing of the page for both, not two), nor the coding
    // drawn under a popover still open.
    expect(drawn.filter((d) => d.popover !== (d.coded === before))).toEqual([]);
    expect(drawn.at(-1)).toEqual({ popover: false, coded: before + 1 });
    expect(
      await h.page.evaluate(() => ({
        focus: document.activeElement?.classList.contains('doc-text'),
        selected: getSelection()!.toString(),
      })),
    ).toEqual({ focus: true, selected: '' });
  });

  it('takes no other key while the engine stores the chosen code, and closes after a moment when the engine is slow, the coding drawn once stored', async () => {
    // The engine answers a second late.
    h.delay('applyCode', 1000);
    try {
      const before = await coded();
      const storedBefore = storedCount();
      await selectOnLine(12, 'officials in Kyiv');
      // The number of ‘Sanctions’ (no exclusive group's, so it replaces nothing), then at once another code's and a
      // letter, as a quick hand would.
      const key = Number(
        await h.page
          .locator('.code-options [role="option"]', { hasText: 'Sanctions' })
          .first()
          .getAttribute('aria-keyshortcuts'),
      );
      await h.page.locator('.popover input').evaluate(
        (input, keys) => {
          for (const key of keys)
            input.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        },
        [String(key), String((key % 9) + 1), 'x'],
      );
      expect(await h.page.inputValue('.popover input')).toBe('');
      // A moment later the popover has closed and the focus is back in the text; the coding is not drawn before
      // the engine has stored it.
      await h.page.locator('.popover').waitFor({ state: 'detached', timeout: 900 });
      expect(await coded()).toBe(before);
      expect(await h.page.evaluate(() => document.activeElement?.classList.contains('doc-text'))).toBe(true);
      await h.page.waitForFunction(
        (n) => Number(document.querySelector<HTMLElement>('.doc-text')!.dataset.coded) === n + 1,
        before,
        { timeout: 10_000 },
      );
      // Only the code chosen was applied: the number pressed after it coded nothing.
      await h.page.waitForTimeout(1500);
      expect(storedCount()).toBe(storedBefore + 1);
      expect(
        h.project.db
          .prepare<[number], string>(
            'SELECT c.name FROM codings k JOIN codes c ON c.id = k.code_id WHERE k.document_id = ? ORDER BY k.id DESC LIMIT 1',
          )
          .pluck()
          .get(documentId),
      ).toBe('Sanctions');
      expect(await coded()).toBe(before + 1);
    } finally {
      h.delay('applyCode', null);
    }
  });

  it('draws the last coding of the article, far below the lines drawn at first, when it is opened from the coded passages', async () => {
    const last = h.project.db
      .prepare<[number], { id: number; name: string }>(
        'SELECT k.id, c.name FROM codings k JOIN codes c ON c.id = k.code_id WHERE k.document_id = ? ORDER BY k.start DESC LIMIT 1',
      )
      .get(documentId)!;
    await openAnalysisTab(h.page, 'Segments');
    const panel = h.page.getByRole('complementary', { name: 'Analysis' });
    await panel.getByRole('checkbox', { name: last.name }).first().check();
    await panel.locator(`.segment[data-coding="${last.id}"]`).click();
    // Marked, in view, and beside it its stripe: its line is drawn with its codings.
    const mark = h.page.locator('.pane.focused .coded.flash');
    await expect.poll(() => mark.count()).toBeGreaterThan(0);
    expect((await mark.first().getAttribute('data-codings'))!.split(',')).toContain(String(last.id));
    const body = await h.page.locator('.pane.focused .pane-body').boundingBox();
    const box = await mark.first().boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(body!.y);
    expect(box!.y).toBeLessThan(body!.y + body!.height);
    const index = Number(await mark.first().evaluate((el) => el.closest<HTMLElement>('.block')!.dataset.index));
    expect(index).toBeGreaterThan(1000);
    const stripe = `.pane.focused .block[data-index="${index}"] .stripe[data-coding="${last.id}"]`;
    expect(await h.page.locator(stripe).count()).toBe(1);
    await h.shots('heavy-coding-last');
  });

  it('places the stripes and labels of the lines it opens with, and of a line it codes, in the drawing that shows them: no line is drawn again to place them', async () => {
    // React tells a DevTools hook of each drawing it commits to the page: in each, the lines (TextBlock) already on the
    // page that it drew again (a component drawn again holds new hook objects) are counted. A fresh page, opening the
    // article anew.
    await h.page.addInitScript(() => {
      localStorage.clear();
      type Fiber = {
        type: unknown;
        child: Fiber | null;
        sibling: Fiber | null;
        memoizedState: object | null;
        memoizedProps: { className?: string; 'data-index'?: number } | null;
        alternate: object | null;
      };
      const w = window as unknown as { __redrawn: number[]; __REACT_DEVTOOLS_GLOBAL_HOOK__: object };
      w.__redrawn = [];
      const seen = new WeakSet<object>();
      const count = (fiber: Fiber | null) => {
        for (let f = fiber; f; f = f.sibling) {
          const line =
            typeof f.type === 'function' && f.child?.type === 'div' && f.child.memoizedProps?.className === 'block';
          if (line && f.memoizedState && !seen.has(f.memoizedState)) {
            seen.add(f.memoizedState);
            if (f.alternate) w.__redrawn.push(Number(f.child!.memoizedProps!['data-index']));
          }
          count(f.child);
        }
      };
      w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
        supportsFiber: true,
        inject: () => 1,
        onCommitFiberRoot: (_id: number, root: { current: Fiber }) => count(root.current),
        onCommitFiberUnmount: () => undefined,
        onPostCommitFiberRoot: () => undefined,
        checkDCE: () => undefined,
      };
    });
    await h.reload();
    /**
     * From now on, at the first change to the page that shows stripes (or `coded` codings): how many times lines on the
     * page were drawn again until then, how many lines are on the page, and whether every stripe stands placed.
     */
    const watch = (coded?: number) =>
      h.page.evaluate((coded) => {
        const w = window as unknown as { __redrawn: number[]; __seen: object | null };
        w.__seen = null;
        const before = w.__redrawn.length;
        const observer = new MutationObserver(() => {
          const text = document.querySelector<HTMLElement>('.doc-text');
          const shown =
            coded === undefined
              ? !!text?.querySelector('.block-margin .stripe')
              : Number(text?.dataset.coded) === coded;
          if (!shown) return;
          observer.disconnect();
          w.__seen = {
            redrawn: w.__redrawn.slice(before),
            lines: text!.querySelectorAll('.block').length,
            placed: [...text!.querySelectorAll<HTMLElement>('.stripe')].every(
              (s) => s.style.top !== '' && parseFloat(s.style.height) >= 14,
            ),
          };
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      }, coded);
    const seen = async () =>
      (
        await h.page.waitForFunction(() => (window as unknown as { __seen: object | null }).__seen)
      ).jsonValue() as Promise<{ redrawn: number[]; lines: number; placed: boolean }>;
    await watch();
    await h.page.getByRole('button', { name: 'Heavily coded article' }).click();
    const opened = await seen();
    expect(opened.lines).toBeGreaterThan(10);
    expect(opened).toEqual({ redrawn: [], lines: opened.lines, placed: true });

    const before = await coded();
    await selectOnLine(14, 'officials in Kyiv');
    await h.page.fill('.popover input', 'Sanctions');
    await watch(before + 1);
    await h.page.keyboard.press('Enter');
    // The coded line drawn again once, with its new coding and its stripe placed in that drawing (and so is any line
    // whose stripes move to another lane for it).
    const applied = await seen();
    expect(applied.placed).toBe(true);
    expect(applied.redrawn).toContain(14);
    expect(applied.redrawn).toEqual([...new Set(applied.redrawn)]);
  });

  it('draws an applied code in one drawing of the page: the coding, the popover gone, the caret placed, the focus back in the text and the announcement, all at the frame that shows it', async () => {
    // React tells a DevTools hook of each drawing it commits to the page (the hook the test before set up, if any, is
    // still told). A fresh page, opening the article anew.
    await h.page.addInitScript(() => {
      const w = window as unknown as {
        __commits: number;
        __REACT_DEVTOOLS_GLOBAL_HOOK__?: { onCommitFiberRoot: (...args: unknown[]) => void };
      };
      w.__commits = 0;
      const hook = w.__REACT_DEVTOOLS_GLOBAL_HOOK__ ?? {
        supportsFiber: true,
        inject: () => 1,
        onCommitFiberRoot: () => undefined,
        onCommitFiberUnmount: () => undefined,
        onPostCommitFiberRoot: () => undefined,
        checkDCE: () => undefined,
      };
      const told = hook.onCommitFiberRoot;
      hook.onCommitFiberRoot = (...args: unknown[]) => {
        w.__commits++;
        told(...args);
      };
      w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = hook;
    });
    await h.reload();
    await h.page.getByRole('button', { name: 'Heavily coded article' }).click();
    await h.page.waitForSelector('.block-margin .stripe');
    const before = await coded();
    // The line in the middle of the pane: the caret after the passage is in view, and nothing scrolls.
    await h.page.locator('.doc-text .block[data-index="16"]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await h.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await selectOnLine(16, 'officials in Kyiv');
    await h.page.fill('.popover input', 'Sanctions');
    // From Enter to the frame after the new coding is on the page: how many drawings React committed, and what the
    // page shows at that frame.
    await h.page.evaluate((count) => {
      const w = window as unknown as { __commits: number; __applied: Promise<object> };
      w.__applied = new Promise((resolve) => {
        let from = 0;
        document
          .querySelector('.popover input')!
          .addEventListener('keydown', () => (from = w.__commits), { once: true, capture: true });
        const observer = new MutationObserver(() => {
          if (Number(document.querySelector<HTMLElement>('.doc-text')!.dataset.coded) <= count) return;
          observer.disconnect();
          requestAnimationFrame(() => {
            const caret = document.querySelector<HTMLElement>('.doc-text .caret');
            resolve({
              commits: w.__commits - from,
              popover: document.querySelector('.code-chooser') !== null,
              focus: document.activeElement?.classList.contains('doc-text'),
              caret: !!caret && !caret.hidden && caret.style.top !== '' && caret.getBoundingClientRect().height > 0,
              said: document.querySelector('[data-testid="announcer"]')!.textContent,
            });
          });
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      });
    }, before);
    await h.page.keyboard.press('Enter');
    const applied = await h.page.evaluate(() => (window as unknown as { __applied: Promise<object> }).__applied);
    expect(applied).toEqual({
      commits: 1,
      popover: false,
      focus: true,
      caret: true,
      said: 'Coded ‘Sanctions’: “officials in Kyiv”',
    });
  });
});
