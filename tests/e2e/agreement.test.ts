// Intercoder agreement in the browser: two coders' codings are set up through
// the engine, then the Agreement tab's table, the disagreement list, opening a
// passage in the reader, settling (recode, keep, keep both), undo, and the CSV.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { toCodePointOffset } from '../../src/shared/codepoints.ts';
import { openAnalysisTab } from './reader.ts';
import { SHOTS, startHarness, type Harness } from '../helpers/browser.ts';
import { tempDir } from '../helpers/project.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';

let h: Harness;
const COMPLICITY = 'The complicity of Belarus in the aggression is beyond doubt';
const TROOPS = 'Belarus allows Russian troops on its territory';
const TROOPS_LONGER = 'Belarus allows Russian troops on its territory and provides Russia with logistical support';
const SELF = 'The self-proclaimed dictator promises but does nothing';

beforeAll(async () => {
  h = await startHarness();
  const p = h.project;
  const { codes } = await call(p, 'getCodebook', {});
  const code = (name: string) => codes.find((c) => c.name === name)!.id;
  const bodies = new Map<number, string>();
  const span = async (documentId: number, quote: string) => {
    if (!bodies.has(documentId)) bodies.set(documentId, (await call(p, 'getDocument', { id: documentId })).body);
    const body = bodies.get(documentId)!;
    const at = body.indexOf(quote);
    if (at < 0) throw new Error(`not in document ${documentId}: ${quote}`);
    return { start: toCodePointOffset(body, at), end: toCodePointOffset(body, at + quote.length) };
  };
  const apply = async (coder: string, documentId: number, quote: string, name: string) => {
    p.coder = coder;
    await call(p, 'applyCode', { documentId, codeId: code(name), ...(await span(documentId, quote)) });
  };
  // Document 2 is 001_b5026d01219ff992.txt, document 4 “Putin goes to Lukashenka…”.
  await apply('ana', 2, COMPLICITY, 'Belarus complicit');
  await apply('ana', 2, TROOPS, 'Russian troops in Belarus');
  await apply('ana', 4, SELF, 'Sanctions');
  await apply('ben', 2, COMPLICITY, 'Belarus neutral');
  await apply('ben', 2, TROOPS_LONGER, 'Russian troops in Belarus');
  await apply('ben', 4, SELF, 'Sanctions');
  await h.reload();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const panel = () => h.page.getByRole('complementary', { name: 'Analysis' });
const items = () => panel().locator('.disagreement');
const heading = () => panel().locator('.disagreements h3').textContent();
const item = (code: string) => items().filter({ has: h.page.locator('.meta', { hasText: code }) });
/** The margin stripes' codes, without the coder initials they carry while two coders are compared ("A · Belarus neutral"). */
const stripes = () =>
  h.page
    .locator('[data-pane="0"] .stripe')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/^\S+ · /, '')));
const rows = () =>
  panel()
    .locator('.agreement-table tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));

describe('intercoder agreement', () => {
  it('shows the table of the two coders, per code and for all codes', async () => {
    await openAnalysisTab(h.page, 'Agreement');
    await panel().getByLabel('Coder A').selectOption('ana');
    await panel().getByLabel('Coder B').selectOption('ben');
    await expect
      .poll(async () => (await rows()).map((r) => r[0]))
      .toEqual(['Code', 'Belarus neutral', 'Belarus complicit', 'Russian troops in Belarus', 'Sanctions', 'All codes']);
    const table = await rows();
    // Both coded the Sanctions passage alike in document 4: full agreement over its characters.
    const sanctions = table.find((r) => r[0] === 'Sanctions')!;
    expect(sanctions.slice(1, 4)).toEqual(['100.0%', '1.00', '1.00']);
    // Only one of them used each stance code: kappa 0 and no agreement on a coded character.
    expect(table.find((r) => r[0] === 'Belarus complicit')!.slice(2, 4)).toEqual(['0.00', '0.00']);
    expect(await panel().locator('.agreement-figures > p').textContent()).toMatch(
      /^ana and ben over 2 documents both coded\. Figures are from the codings as they are now/,
    );
    await h.shot('a1-agreement-table');
  });

  it('lists each passage where they differ once, with every code involved, and opens one in the reader', async () => {
    // ana called the complicity sentence “complicit”, ben “neutral”: one disagreement, not one per code.
    await expect.poll(heading).toBe('2 disagreements in 1 document');
    const stance = item('Belarus complicit');
    expect(await stance.locator('.disagreement-open > .meta .code-name').allTextContents()).toEqual([
      ' Belarus neutral',
      ' Belarus complicit',
    ]);
    expect(await stance.locator('.side strong').allTextContents()).toEqual(['ana', 'ben']);
    expect(await stance.locator('.side .code-label').allTextContents()).toEqual([
      ' Belarus complicit',
      ' Belarus neutral',
    ]);
    expect(await stance.locator('.side q').allTextContents()).toEqual([COMPLICITY, COMPLICITY]);
    expect(await stance.locator('.reasons li').allTextContents()).toEqual([
      'ana coded this “Belarus complicit”, ben “Belarus neutral”.',
    ]);
    const troops = item('Russian troops in Belarus');
    expect(await troops.locator('.side q').allTextContents()).toEqual([TROOPS, TROOPS_LONGER]);
    expect(await troops.locator('.reasons li').allTextContents()).toEqual([
      'Both coded “Russian troops in Belarus”, not the same text: 44 characters only by ben.',
    ]);
    await stance.locator('.disagreement-open').click();
    await expect.poll(stripes).toEqual(expect.arrayContaining(['Belarus complicit', 'Belarus neutral']));
    // The reader compares the two coders there: ben's coding hatched and initialled, ana's solid.
    expect(
      await h.page
        .getByLabel('Show codings of')
        .evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]!.textContent),
    ).toBe('ana and ben');
    const second = await h.page
      .locator('[data-pane="0"] .stripe.second')
      .evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.coder}: ${e.textContent}`));
    expect(second).toContain('ben: B · Belarus neutral');
    expect(second.every((s) => s.startsWith('ben: B · '))).toBe(true);
    const coded = h.page.locator('[data-pane="0"] .coded', { hasText: 'complicity of Belarus' }).first();
    await expect
      .poll(() =>
        coded.evaluate((el) => {
          const box = el.getBoundingClientRect();
          const pane = el.closest('.pane-body')!.getBoundingClientRect();
          return box.top >= pane.top && box.bottom <= pane.bottom;
        }),
      )
      .toBe(true);
    await h.shot('a2-disagreements');
  });

  it('at segment level shows the threshold in use and says why a pair did not match', async () => {
    await panel().getByRole('radio', { name: 'Segments' }).check();
    await expect.poll(async () => (await rows())[0]).toEqual(['Code', 'Agree', 'κ', 'α', 'Segments']);
    const threshold = panel().locator('.agreement-threshold');
    await expect
      .poll(() => threshold.locator('p').first().textContent())
      .toBe(
        'Segments match at ≥ 90% overlap: the text two coders’ segments of a code share, of the text they cover together (MAXQDA’s default).',
      );
    // The troops passages share 46 of the 90 characters they cover together (51%): no match at 90%, and the panel says so.
    const troops = async () => (await rows()).find((r) => r[0] === 'Russian troops in Belarus')!;
    await expect.poll(async () => (await troops())[1]).toBe('0.0%');
    const why = 'ana’s and ben’s “Russian troops in Belarus” overlap 51% — below the 90% threshold.';
    await threshold.locator('summary').click();
    expect(await threshold.locator('summary').textContent()).toBe('1 pair came close but does not match');
    expect(await threshold.locator('li').allTextContents()).toEqual([`${why} ${SEED_TITLES['001']}`]);
    expect(await item('Russian troops in Belarus').locator('.reasons li').allTextContents()).toEqual([why]);
    await item('Russian troops in Belarus').scrollIntoViewIfNeeded();
    await h.shot('a3-segment-explanation');
    // At 50% the pair matches: the figure rises, the passage leaves the list, and the line shows the threshold set.
    await panel().getByLabel('Overlap threshold in percent').fill('50');
    await expect.poll(async () => (await troops())[1]).toBe('100.0%');
    await expect.poll(heading).toBe('1 disagreement in 1 document');
    expect(await threshold.locator('p').first().textContent()).toMatch(
      /^Segments match at ≥ 50% overlap: .* \(MAXQDA’s default is 90%\)\.$/,
    );
    await panel().getByLabel('Overlap threshold in percent').fill('90');
    await panel().getByRole('radio', { name: 'Characters' }).check();
    await expect.poll(heading).toBe('2 disagreements in 1 document');
  });

  it('settles the stance by recoding: ana’s “complicit” becomes “neutral”, and the passage goes', async () => {
    const stance = item('Belarus complicit');
    await stance.getByRole('button', { name: 'Recode…' }).click();
    const form = stance.locator('form.recode');
    expect(await form.getByLabel('The coding to recode').locator('option').allTextContents()).toEqual([
      'ana’s “Belarus complicit”',
      'ben’s “Belarus neutral”',
    ]);
    // The code offered first is the one the other coder gave the passage.
    expect(
      await form.getByLabel('The new code').evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]!.textContent),
    ).toBe('Belarus neutral');
    await h.shot('a4-recode');
    await form.getByRole('button', { name: 'Recode' }).click();
    await expect.poll(heading).toBe('1 disagreement in 1 document');
    // The reader shows the change: no “complicit” stripe, two “neutral” ones (one per coder).
    await expect.poll(stripes).not.toContain('Belarus complicit');
    expect((await stripes()).filter((s) => s === 'Belarus neutral')).toHaveLength(2);
  });

  it('undoes a settle from the top bar', async () => {
    await h.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(heading).toBe('2 disagreements in 1 document');
    await expect.poll(stripes).toContain('Belarus complicit');
  });

  it('settles by keeping one coder’s coding, or both', async () => {
    await item('Belarus complicit').getByRole('button', { name: 'Keep ben’s' }).click();
    await expect.poll(heading).toBe('1 disagreement in 1 document');
    await expect.poll(stripes).not.toContain('Belarus complicit');
    await item('Russian troops in Belarus').getByRole('button', { name: 'Keep both' }).click();
    await expect.poll(heading).toBe('No disagreements left to settle.');
    // Keeping both changes no coding: the figures for the code stay as they were.
    expect((await rows()).find((r) => r[0] === 'Russian troops in Belarus')![1]).not.toBe('100.0%');
  });

  it('saves the table as CSV', async () => {
    const download = h.page.waitForEvent('download');
    await panel().getByRole('button', { name: 'Save as CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('e2e.agreement.csv');
    const saved = join(tempDir(), 'agreement.csv');
    await file.saveAs(saved);
    const csv = readFileSync(saved, 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      '\uFEFFcode,coder A,coder B,alpha coders,level,overlap threshold %,documents,units,agreements,only coder A,only coder B,percent,kappa,alpha',
    );
    expect(csv.find((l) => l.startsWith('Sanctions,'))).toMatch(
      /^Sanctions,ana,ben,ana; ben,character,,2,\d+,\d+,0,0,100,1,1$/,
    );
  });

  it('reads at 200% and in the dark theme', async () => {
    await h.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await h.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(heading).toBe('2 disagreements in 1 document');
    await panel().getByRole('radio', { name: 'Segments' }).check();
    await expect.poll(heading).toBe('2 disagreements in 1 document');
    await panel().locator('.agreement-threshold summary').click();
    await item('Russian troops in Belarus').scrollIntoViewIfNeeded();
    await h.page.emulateMedia({ colorScheme: 'dark' });
    await h.shot('a5-segment-dark');
    await h.page.emulateMedia({ colorScheme: 'light' });
    // The same panel on a screen at 200%.
    const context = await h.browser.newContext({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(h.server.url);
    await page.waitForSelector('.library-row button');
    await openAnalysisTab(page, 'Agreement');
    const big = page.getByRole('complementary', { name: 'Analysis' });
    await big.getByRole('radio', { name: 'Segments' }).check();
    await expect.poll(() => big.locator('.disagreements h3').textContent()).toBe('2 disagreements in 1 document');
    await expect
      .poll(() => big.locator('.disagreement .reasons li').allTextContents())
      .toContain('ana’s and ben’s “Russian troops in Belarus” overlap 51% — below the 90% threshold.');
    await big.locator('.disagreement').last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'a6-segment-200.png') });
    await context.close();
  });

  it('says what a settle did besides, in the list', async () => {
    // ben also codes the Sanctions passage as troops; ana and ben agree on its Sanctions.
    const p = h.project;
    const { codes } = await call(p, 'getCodebook', {});
    const body = (await call(p, 'getDocument', { id: 4 })).body;
    const at = toCodePointOffset(body, body.indexOf(SELF));
    p.coder = 'ben';
    await call(p, 'applyCode', {
      documentId: 4,
      codeId: codes.find((c) => c.name === 'Russian troops in Belarus')!.id,
      start: at,
      end: at + [...SELF].length,
    });
    await panel().getByRole('radio', { name: 'Characters' }).check();
    await expect.poll(heading).toBe('3 disagreements in 2 documents');
    const self = items().filter({ hasText: SELF });
    expect(await self.locator('.reasons li').allTextContents()).toEqual([
      'Only ben coded “Russian troops in Belarus” here.',
    ]);
    await self.getByRole('button', { name: 'Recode…' }).click();
    await self.locator('form.recode').getByLabel('The new code').selectOption({ label: 'Sanctions' });
    await self.locator('form.recode').getByRole('button', { name: 'Recode' }).click();
    await expect.poll(heading).toBe('2 disagreements in 1 document');
    expect(await panel().getByRole('status').allTextContents()).toEqual([
      'ben had already coded this passage as ‘Sanctions’: the two codings are now one.',
    ]);
    await h.shot('a7-settle-note');
  });
});
