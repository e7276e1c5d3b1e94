// The reader's margin at its densest: three long-named codes over one passage,
// coded by two coders, one coding with a memo. Labels are horizontal, beside
// the stripes, never on each other nor under the memo mark, legible on their
// colours, and still there with the Analysis panel open; codes can be hidden.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrastRatio } from '../../src/shared/colour.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { codeDenseCase, LONG_CODES } from '../helpers/dense.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';
import { openAnalysisTab } from './reader.ts';

let h: Harness;
const LONG = LONG_CODES;

beforeAll(async () => {
  h = await startHarness();
  await codeDenseCase(h.project, 'Stated as fact.');
  await h.reload();
  await h.page.getByRole('button', { name: SEED_TITLES['000'] }).click();
  await h.page.waitForFunction(() => document.querySelectorAll('.gutter-label').length === 6);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

interface Box {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
  colour: string;
  background: string;
  clipped: boolean;
}

/** The labels' boxes (as drawn), their text, colours, and the stripes' boxes. */
const margin = () =>
  h.page.evaluate(() => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // A name wider than its label would be clipped inside a word: it must never be.
      const name = el.querySelector('.name');
      const clipped = name ? name.scrollWidth > name.clientWidth + 1 : false;
      return {
        text: el.textContent ?? '',
        left: r.left,
        top: r.top,
        right: r.right,
        bottom: r.bottom,
        colour: style.color,
        background: style.backgroundColor,
        clipped,
      };
    };
    return {
      labels: [...document.querySelectorAll('[data-pane="0"] .gutter-label')].map(box),
      stripes: [...document.querySelectorAll('[data-pane="0"] .stripe')].map(box),
      text: box(document.querySelector('[data-pane="0"] .block-text')!),
    };
  });

const overlaps = (a: Box, b: Box) =>
  a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
const hex = (rgb: string) =>
  `#${rgb
    .match(/\d+/g)!
    .slice(0, 3)
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('')}`;

/** The stripes that do not stand beside their coding's pieces as the text is laid out now (by coding id). */
const misplacedStripes = () =>
  h.page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-pane="0"] .stripe')].flatMap((stripe) => {
      const id = stripe.dataset.coding!;
      const pieces = [...stripe.closest('.block')!.querySelectorAll<HTMLElement>('[data-codings]')]
        .filter((p) => p.dataset.codings!.split(',').includes(id))
        .map((p) => p.getBoundingClientRect());
      const top = Math.min(...pieces.map((r) => r.top));
      const bottom = Math.max(...pieces.map((r) => r.bottom));
      const r = stripe.getBoundingClientRect();
      return Math.abs(r.top - top) > 1 || Math.abs(r.bottom - Math.max(bottom, top + 14)) > 1 ? [id] : [];
    }),
  );

async function expectReadableLabels() {
  const { labels, stripes, text } = await margin();
  expect(labels).toHaveLength(6);
  for (const [i, a] of labels.entries()) {
    // Horizontal: wider than tall; beside the stripes and left of the text, never on them.
    expect(a.right - a.left).toBeGreaterThan(a.bottom - a.top);
    expect(a.right).toBeLessThanOrEqual(Math.min(...stripes.map((s) => s.left)) + 0.5);
    expect(a.right).toBeLessThan(text.left);
    expect(a.clipped, a.text).toBe(false);
    // Several coders' codings: each label says whose it is.
    expect(a.text).toMatch(/^(AK|BO) · /);
    for (const b of labels.slice(i + 1)) expect(overlaps(a, b), `${a.text} / ${b.text}`).toBe(false);
    // Black or white text, whichever reads on the code's colour: WCAG AA.
    expect(contrastRatio(hex(a.colour), hex(a.background))).toBeGreaterThanOrEqual(4.5);
  }
  // The memo mark sits inside its label, on no other.
  const memo = labels.find((l) => l.text.includes('✎'))!;
  expect(memo.text).toMatch(/^AK · Belarus as co-belligerent/);
}

describe('the reader’s margin', () => {
  it('labels each coding horizontally beside its stripe, none on another, legible on its colour', async () => {
    await expectReadableLabels();
    expect(await misplacedStripes()).toEqual([]);
    await h.shots('rm1-reader-margin');
  });

  it('keeps the labels, still apart, with the Analysis panel open, and the stripes beside the narrower text', async () => {
    const height = () =>
      h.page
        .locator('[data-pane="0"] .block-text')
        .first()
        .evaluate((el) => el.clientHeight);
    const wide = await height();
    await openAnalysisTab(h.page, 'Matrix');
    // The text is narrower, so taller: its stripes follow it.
    await expect.poll(height).toBeGreaterThan(wide);
    await expect.poll(misplacedStripes).toEqual([]);
    await expectReadableLabels();
    await h.shots('rm2-reader-margin-with-analysis');
    await h.page
      .getByRole('complementary', { name: 'Analysis' })
      .getByRole('button', { name: /close/i })
      .first()
      .click();
  });

  it('hides a code in the reader when asked, says so, and shows it again', async () => {
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    await h.page.getByRole('button', { name: `Show ${LONG[1]} in the reader` }).click();
    await expect.poll(() => h.page.locator('[data-pane="0"] .gutter-label').count()).toBe(4);
    const notice = h.page.locator('[data-pane="0"] .hidden-codes');
    await expect.poll(() => notice.textContent()).toContain(`Not shown here: ${LONG[1]}.`);
    await notice.getByRole('button', { name: 'Show all codes' }).click();
    await expect.poll(() => h.page.locator('[data-pane="0"] .gutter-label').count()).toBe(6);
    expect(await notice.count()).toBe(0);
  });
});
