// Two coders in one project, in the browser: blind coding, one coder's or
// two coders' codings shown (each drawn its own way), and documents compared
// side by side by a code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { codeInPane } from './reader.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.page.getByRole('button', { name: /001_b5026d01219ff992/ }).click();
  await h.page.getByRole('button', { name: /Putin goes to Lukashenka/ }).click({ modifiers: ['Shift'] });
  await h.page.waitForFunction(() => document.querySelectorAll('.doc-text').length === 2);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

async function becomeCoder(name: string) {
  h.page.once('dialog', (d) => void d.accept(name));
  await h.page.getByRole('button', { name: /^Coder:/ }).click();
  await expect.poll(() => h.page.getByRole('button', { name: /^Coder:/ }).textContent()).toBe(`Coder: ${name}`);
}

const showCodingsOf = (label: string) => h.page.getByLabel('Show codings of').selectOption({ label });
/** A pane's margin stripes as "coder:label", and "second" for stripes drawn as the second coder's. */
const stripes = (pane: number) =>
  h.page
    .locator(`[data-pane="${pane}"] .stripe`)
    .evaluateAll((els) =>
      els.map(
        (e) => `${(e as HTMLElement).dataset.coder}:${e.textContent}${e.classList.contains('second') ? ':second' : ''}`,
      ),
    );

/** The library's coding badges, by the row's title. */
const libraryBadges = () =>
  h.page.locator('.library-row').evaluateAll((rows) =>
    Object.fromEntries(
      rows.flatMap((r) => {
        const badge = r.querySelector('.coding-count');
        return badge
          ? [[r.querySelector('.doc-title')?.firstChild?.textContent ?? '?', badge.textContent?.trim() ?? '']]
          : [];
      }),
    ),
  );
/** The Codes tab's count beside each named code. */
const codeCounts = (names: string[]) =>
  Promise.all(
    names.map((n) =>
      h.page
        .locator('.code-row', { hasText: n })
        .first()
        .locator('.meta')
        .first()
        .textContent()
        .then((t) => t?.trim().split(/\s/)[0] ?? ''),
    ),
  );

describe('two coders', () => {
  it('each code under their own name; blind, a coder sees only their own codings', async () => {
    await becomeCoder('Anna Kowalska');
    const firstQuote = await h.page
      .locator('[data-pane="0"] .doc-text')
      .evaluate((el) => (el.textContent ?? '').match(/[^.\n]*Belarus[^.\n]*/)![0].trim());
    await codeInPane(h.page, 0, firstQuote, 'Belarus complicit');
    const secondQuote = await h.page
      .locator('[data-pane="1"] .doc-text')
      .evaluate((el) => (el.textContent ?? '').match(/[^.\n]*Lukashenk[^.\n]*/)![0].trim());
    await codeInPane(h.page, 1, secondQuote, 'Belarus neutral');
    await expect.poll(() => stripes(0)).toEqual(['Anna Kowalska:Belarus complicit']);

    await becomeCoder('Ben');
    await showCodingsOf('Only mine (blind)');
    await expect.poll(() => stripes(0)).toEqual([]);
    expect(await stripes(1)).toEqual([]);
    await h.page.getByRole('status').filter({ hasText: 'Blind: only Ben’s work shows' }).waitFor();
    // Ben codes the same sentence, differently, without seeing Anna's coding.
    await codeInPane(h.page, 0, firstQuote, 'Belarus neutral');
    await expect.poll(() => stripes(0)).toEqual(['Ben:Belarus neutral']);
    // Nor her counts: the library's badges and the Codes tab count Ben's codings alone.
    await expect.poll(() => libraryBadges()).toEqual({ [SEED_TITLES['001']]: '1' });
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    await expect.poll(() => codeCounts(['Belarus neutral', 'Belarus complicit'])).toEqual(['1', '0']);
    await h.shot('blind1-codes-and-library');
    // Seeing everyone again, Anna's work is there, counted.
    await showCodingsOf('All coders');
    await expect.poll(() => codeCounts(['Belarus neutral', 'Belarus complicit'])).toEqual(['2', '1']);
    await h.page.getByRole('tab', { name: 'Library' }).click();
    await expect.poll(async () => Object.values(await libraryBadges()).sort()).toEqual(['1', '2']);
    await showCodingsOf('Only mine (blind)');
  });

  it('shows everyone’s codings, one coder’s, or two coders’ with the second drawn hatched and both initialled', async () => {
    await showCodingsOf('All coders');
    // Both coders' codings shown: each label carries its coder's initials.
    await expect
      .poll(async () => (await stripes(0)).sort())
      .toEqual(['Anna Kowalska:AK · Belarus complicit', 'Ben:B · Belarus neutral']);
    await showCodingsOf('Only Anna Kowalska');
    await expect.poll(() => stripes(0)).toEqual(['Anna Kowalska:Belarus complicit']);
    expect(await stripes(1)).toEqual(['Anna Kowalska:Belarus neutral']);
    await showCodingsOf('Anna Kowalska and Ben');
    await expect
      .poll(async () => (await stripes(0)).sort())
      .toEqual(['Anna Kowalska:AK · Belarus complicit', 'Ben:B · Belarus neutral:second']);
    expect(await h.page.getByLabel('How each coder is drawn').textContent()).toMatch(/Anna Kowalska.*Ben/);
    // Where both coded, the passage carries Anna's tint and Ben's underline.
    const style = await h.page
      .locator('[data-pane="0"] .coded')
      .first()
      .evaluate((el) => ({
        bg: getComputedStyle(el).backgroundImage + getComputedStyle(el).backgroundColor,
        shadow: getComputedStyle(el).boxShadow,
      }));
    expect(style.shadow).toMatch(/inset/);
    await h.shot('t1-two-coders');
  });

  it('compares documents by a code: the panes step together through their passages with it', async () => {
    await showCodingsOf('All coders');
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    await h.page.locator('.code-row', { hasText: 'Belarus neutral' }).locator('.code-name').click();
    await h.page.getByRole('button', { name: 'Compare documents by this code…' }).click();
    const chooser = h.page.getByRole('group', { name: /Compare side by side/ });
    await chooser.waitFor();
    expect(await chooser.getByRole('checkbox').count()).toBe(2);
    await chooser.getByRole('button', { name: 'Compare 2 documents' }).click();
    const bar = h.page.getByRole('region', { name: 'Comparison by code' });
    await bar.waitFor();
    expect(await bar.textContent()).toMatch(/Belarus neutral.*Passage 1 of 1/);
    // Each pane shows its passage with the code in view.
    for (const pane of [0, 1]) {
      await expect
        .poll(() =>
          h.page.locator(`[data-pane="${pane}"]`).evaluate((el) => {
            const body = el.querySelector('.pane-body')!.getBoundingClientRect();
            const stripe = [...el.querySelectorAll<HTMLElement>('.stripe')].find((s) =>
              s.textContent?.endsWith('Belarus neutral'),
            );
            const r = stripe?.getBoundingClientRect();
            return !!r && r.top >= body.top && r.bottom <= body.bottom;
          }),
        )
        .toBe(true);
    }
    await h.shot('t2-compare-by-code');
    await bar.getByRole('button', { name: 'End comparison' }).click();
    await bar.waitFor({ state: 'detached' });
  });
});
