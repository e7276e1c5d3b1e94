// Intercoder agreement in the browser: two coders' codings are set up through
// the engine, then the Agreement tab's table, the disagreement list, opening a
// passage in the reader, settling (recode, keep, keep both), undo, and the CSV.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { toCodePointOffset } from '../../src/shared/codepoints.ts';
import { openAnalysisTab } from './reader.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { tempDir } from '../helpers/project.ts';

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
const stripes = () => h.page.locator('[data-pane="0"] .stripe').evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/^\S+ · /, '')));
const rows = () =>
  panel()
    .locator('.agreement-table tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));

describe('intercoder agreement', () => {
  it('shows the table of the two coders, per code and for all codes', async () => {
    await openAnalysisTab(h.page, 'Agreement');
    await panel().getByLabel('Coder A').selectOption('ana');
    await panel().getByLabel('Coder B').selectOption('ben');
    await expect.poll(async () => (await rows()).map((r) => r[0])).toEqual(['Code', 'Belarus neutral', 'Belarus complicit', 'Russian troops in Belarus', 'Sanctions', 'All codes']);
    const table = await rows();
    // Both coded the Sanctions passage alike in document 4: full agreement over its characters.
    const sanctions = table.find((r) => r[0] === 'Sanctions')!;
    expect(sanctions.slice(1, 4)).toEqual(['100.0%', '1.00', '1.00']);
    // Only one of them used each stance code: kappa 0 and no agreement on a coded character.
    expect(table.find((r) => r[0] === 'Belarus complicit')!.slice(2, 4)).toEqual(['0.00', '0.00']);
    expect(await panel().locator('.agreement-figures > p').textContent()).toMatch(/^ana and ben over 2 documents both coded\. Figures are from the codings as they are now/);
    await h.shot('a1-agreement-table');
  });

  it('lists the passages where they differ, side by side, and opens one in the reader', async () => {
    await expect.poll(heading).toBe('3 disagreements in 1 document');
    const complicit = item('Belarus complicit');
    expect(await complicit.locator('.side').allTextContents()).toEqual([`ana${COMPLICITY}`, 'benNot coded']);
    const troops = item('Russian troops in Belarus');
    expect(await troops.locator('.side q').allTextContents()).toEqual([TROOPS, TROOPS_LONGER]);
    await complicit.locator('.disagreement-open').click();
    await expect.poll(stripes).toEqual(expect.arrayContaining(['Belarus complicit', 'Belarus neutral']));
    // The reader compares the two coders there: ben's coding hatched and initialled, ana's solid.
    expect(await h.page.getByLabel('Show codings of').evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('ana and ben');
    const second = await h.page.locator('[data-pane="0"] .stripe.second').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.coder}: ${e.textContent}`));
    expect(second).toContain('ben: B · Belarus neutral');
    expect(second.every((s) => s.startsWith('ben: B · '))).toBe(true);
    const coded = h.page.locator('[data-pane="0"] .coded', { hasText: 'complicity of Belarus' }).first();
    await expect.poll(() => coded.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const pane = el.closest('.pane-body')!.getBoundingClientRect();
      return box.top >= pane.top && box.bottom <= pane.bottom;
    })).toBe(true);
    await h.shot('a2-disagreements');
  });

  it('settles by recoding: ana’s “complicit” becomes “neutral”, and both stance disagreements go', async () => {
    const complicit = item('Belarus complicit');
    await complicit.getByRole('button', { name: 'Recode…' }).click();
    const form = complicit.locator('form.recode');
    expect(await form.getByLabel('The coding to recode').locator('option').allTextContents()).toEqual(['ana’s coding']);
    await form.getByLabel('The new code').selectOption({ label: 'Belarus neutral' });
    await h.shot('a3-recode');
    await form.getByRole('button', { name: 'Recode' }).click();
    await expect.poll(heading).toBe('1 disagreement in 1 document');
    // The reader shows the change: no “complicit” stripe, two “neutral” ones (one per coder).
    await expect.poll(stripes).not.toContain('Belarus complicit');
    expect((await stripes()).filter((s) => s === 'Belarus neutral')).toHaveLength(2);
  });

  it('undoes a settle from the top bar', async () => {
    await h.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(heading).toBe('3 disagreements in 1 document');
    await expect.poll(stripes).toContain('Belarus complicit');
  });

  it('settles by keeping one coder’s coding, or both', async () => {
    await item('Belarus complicit').getByRole('button', { name: 'Keep ben’s' }).click();
    await expect.poll(heading).toBe('2 disagreements in 1 document');
    await expect.poll(stripes).not.toContain('Belarus complicit');
    await item('Russian troops in Belarus').getByRole('button', { name: 'Keep both' }).click();
    await expect.poll(heading).toBe('1 disagreement in 1 document');
    // Keeping both changes no coding: the figures for the code stay as they were.
    expect((await rows()).find((r) => r[0] === 'Russian troops in Belarus')![1]).not.toBe('100.0%');
  });

  it('saves the table as CSV, and counts segments with an overlap threshold', async () => {
    const download = h.page.waitForEvent('download');
    await panel().getByRole('button', { name: 'Save as CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('e2e.agreement.csv');
    const saved = join(tempDir(), 'agreement.csv');
    await file.saveAs(saved);
    const csv = readFileSync(saved, 'utf8').split('\r\n');
    expect(csv[0]).toBe('\uFEFFcode,coder A,coder B,alpha coders,level,overlap threshold %,documents,units,agreements,only coder A,only coder B,percent,kappa,alpha');
    expect(csv.find((l) => l.startsWith('Sanctions,'))).toMatch(/^Sanctions,ana,ben,ana; ben,character,,2,\d+,\d+,0,0,100,1,1$/);

    await panel().getByRole('radio', { name: 'Segments' }).check();
    await expect.poll(async () => (await rows())[0]).toEqual(['Code', 'Agree', 'κ', 'α', 'Segments']);
    // The troops passages share 46 of the 90 characters they cover together (51%): no match at 90%, a match at 50%.
    const troops = async () => (await rows()).find((r) => r[0] === 'Russian troops in Belarus')!;
    await expect.poll(async () => (await troops())[1]).toBe('0.0%');
    await panel().getByLabel('Overlap threshold in percent').fill('50');
    await expect.poll(async () => (await troops())[1]).toBe('100.0%');
  });
});
