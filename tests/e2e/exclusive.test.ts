// The rule of exclusive groups in the codes panel: making a group exclusive,
// or merging a code into one of its values, over passages that would hold
// two values shows them and asks (Cancel, or keep the latest value on each);
// applying another value over part of a passage says what it replaced.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { SHOTS, startHarness, type Harness } from '../helpers/browser.ts';
import { codeInPane } from './reader.ts';

let h: Harness;
const code = async (name: string) => (await call(h.project, 'getCodebook', {})).codes.find((c) => c.name === name)!.id;
const role = async () => (await call(h.project, 'getCodebook', {})).groups.find((g) => g.name === 'Belarus role')!;
const held = async () =>
  (await call(h.project, 'listCodings', { documentId: 3 })).map((k) => `${k.codeId}:${k.start}-${k.end}`);

beforeAll(async () => {
  h = await startHarness();
  // Passages that hold two stance values of one coder: the group is not exclusive yet.
  const group = await role();
  await call(h.project, 'updateCodeGroup', { id: group.id, exclusive: false });
  await call(h.project, 'applyCode', { documentId: 3, codeId: await code('Belarus neutral'), start: 100, end: 180 });
  await call(h.project, 'applyCode', { documentId: 3, codeId: await code('Belarus complicit'), start: 150, end: 230 });
  await h.reload();
  await h.page.getByRole('tab', { name: 'Codes' }).click();
  await h.page.getByRole('tree', { name: 'Code system' }).waitFor();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const dialog = (page: Page) => page.getByRole('alertdialog', { name: 'One value per passage' });
const exclusiveBox = (page: Page) =>
  page.locator('.group-row', { hasText: 'Belarus role' }).getByRole('checkbox', { name: 'One per passage' });

describe('one value per passage, in the codes panel', () => {
  it('lists the passages that hold two values before making a group exclusive; Cancel leaves everything as it was', async () => {
    const before = await held();
    await exclusiveBox(h.page).click();
    await dialog(h.page).waitFor();
    expect(await dialog(h.page).locator('#conflict-head').textContent()).toBe(
      '‘Belarus role’ cannot be made exclusive: 1 passage holds two of its values by the same coder:',
    );
    expect(
      await dialog(h.page)
        .getByRole('list', { name: 'Passages with two values' })
        .getByRole('listitem')
        .allTextContents(),
    ).toEqual([expect.stringMatching(/^“.+” in ‘.+’: ‘Belarus neutral’ and ‘Belarus complicit’ by .+$/)]);
    await h.shot('ex1-make-exclusive-asks');
    await dialog(h.page).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog(h.page).count()).toBe(0);
    expect(await exclusiveBox(h.page).isChecked()).toBe(false);
    expect((await role()).exclusive).toBe(false);
    expect(await held()).toEqual(before);
  });

  it('keeps the latest value on each passage when asked, says so, and undo takes it back', async () => {
    const before = await held();
    await exclusiveBox(h.page).click();
    await dialog(h.page).getByRole('button', { name: 'Keep the latest value on each passage' }).click();
    await expect.poll(() => exclusiveBox(h.page).isChecked()).toBe(true);
    expect(await dialog(h.page).count()).toBe(0);
    await expect
      .poll(() => h.page.locator('.codebook-notice').textContent())
      .toMatch(/^Kept the latest value on 1 passage: the earlier coding gave up the text it shared with the later one/);
    // The neutral passage (the earlier) now ends where the complicit one begins.
    const [neutral, complicit] = [await code('Belarus neutral'), await code('Belarus complicit')];
    expect(await held()).toEqual([
      `${neutral}:100-${(await call(h.project, 'listCodings', { documentId: 3 }))[0]!.end}`,
      `${complicit}:150-230`,
    ]);
    expect((await call(h.project, 'listCodings', { documentId: 3 }))[0]!.end).toBeLessThanOrEqual(150);
    await h.shot('ex2-kept-latest');
    await h.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => exclusiveBox(h.page).isChecked()).toBe(false);
    expect(await held()).toEqual(before);
  });

  it('asks the same way before merging a code into a value of an exclusive group', async () => {
    await exclusiveBox(h.page).click();
    await dialog(h.page).getByRole('button', { name: 'Keep the latest value on each passage' }).click();
    await expect.poll(() => exclusiveBox(h.page).isChecked()).toBe(true);
    const old = await call(h.project, 'createCode', { name: 'Neutral (old)' });
    await call(h.project, 'applyCode', { documentId: 3, codeId: old.id, start: 200, end: 260 });
    await h.reload();
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    h.page.once('dialog', (d) => void d.accept());
    await h.page.getByRole('button', { name: 'Merge Neutral (old) into another code' }).click();
    await h.page.getByLabel('Merge Neutral (old) into').selectOption({ label: 'Belarus neutral' });
    await dialog(h.page).waitFor();
    expect(await dialog(h.page).locator('#conflict-head').textContent()).toBe(
      '‘Neutral (old)’ cannot be merged into ‘Belarus neutral’: 1 passage would hold two values of ‘Belarus role’ by the same coder:',
    );
    await h.shot('ex3-merge-asks');
    await dialog(h.page).getByRole('button', { name: 'Keep the latest value on each passage' }).click();
    await expect
      .poll(async () => (await call(h.project, 'getCodebook', {})).codes.some((c) => c.name === 'Neutral (old)'))
      .toBe(false);
    expect((await call(h.project, 'checkProject', {})).ok).toBe(true);
  });

  it('reads well dark and light, at 100% and 200%', async () => {
    await call(h.project, 'updateCodeGroup', { id: (await role()).id, exclusive: false });
    await call(h.project, 'applyCode', {
      documentId: 3,
      codeId: await code('Belarus co-belligerent'),
      start: 120,
      end: 170,
    });
    for (const [colorScheme, scale] of [
      ['dark', 2],
      ['light', 2],
      ['dark', 1],
    ] as const) {
      const page = await h.browser.newPage({
        viewport: { width: 1400, height: 860 },
        deviceScaleFactor: scale,
        colorScheme,
      });
      try {
        await page.goto(h.server.url);
        await page.waitForSelector('.library-row button');
        await page.getByRole('tab', { name: 'Codes' }).click();
        await exclusiveBox(page).click();
        await dialog(page).waitFor();
        expect(await dialog(page).getByRole('listitem').count()).toBe(2);
        await page.screenshot({ path: join(SHOTS, `ex4-${colorScheme}-${scale * 100}.png`) });
        await dialog(page).getByRole('button', { name: 'Cancel' }).click();
      } finally {
        await page.close();
      }
    }
  });
});

describe('one value per passage, in the reader', () => {
  it('says what applying another value over part of a passage replaced, and shows what is left of it', async () => {
    await call(h.project, 'updateCodeGroup', { id: (await role()).id, exclusive: true, conflicts: 'keep-latest' });
    await h.page.getByRole('tab', { name: 'Library' }).click();
    await h.page.getByRole('button', { name: /Belarus – Russia’s only ally in Europe/ }).click();
    const pane = h.page.locator('[data-pane="0"]');
    await pane.locator('.doc-text').waitFor();
    const body = (await call(h.project, 'getDocument', { id: 1 })).body;
    const sentence = body
      .split('\n')
      .find((line) => line.length > 120)!
      .slice(0, 120);
    const [first, second] = [sentence.slice(0, 80), sentence.slice(50, 120)];
    await codeInPane(h.page, 0, first, 'Belarus neutral');
    await expect.poll(() => pane.locator('.stripe').allTextContents()).toEqual(['Belarus neutral']);
    await codeInPane(h.page, 0, second, 'Belarus complicit');
    await expect
      .poll(() => h.page.locator('.coding-notice').textContent())
      .toMatch(
        /^Replaced ‘Belarus neutral’ with ‘Belarus complicit’ on this passage — one value per passage in ‘Belarus role’; ‘Belarus neutral’ keeps the text before it\.Undo×$/,
      );
    await expect
      .poll(() => pane.locator('.stripe').allTextContents())
      .toEqual(['Belarus neutral', 'Belarus complicit']);
    const quotes = (await call(h.project, 'listCodings', { documentId: 1 })).map((k) => k.quote);
    expect(quotes).toEqual([first.slice(0, 50).trimEnd(), second]);
    await h.shot('ex5-reader-replaced');
    await h.page.getByRole('button', { name: 'Dismiss this notice' }).click();
    await expect.poll(() => h.page.locator('.coding-notice').count()).toBe(0);
  });

  it('leaves a hit uncoded where the coder holds another value, and says so before coding', async () => {
    await h.page.getByLabel('Search the project').fill('"Alexander Lukashenko"');
    await expect.poll(() => h.page.locator('.result').count()).toBeGreaterThan(0);
    await h.page.getByRole('button', { name: 'Code the hits…' }).click();
    const form = h.page.getByRole('region', { name: 'Auto-code the hits' });
    await form.getByLabel('Code to apply').selectOption({ label: 'Belarus neutral' });
    await form.getByRole('radio', { name: 'the words found' }).click();
    // The hit in the first caption is inside the coder's ‘Belarus complicit’ passage.
    await expect
      .poll(() => form.getByRole('status').textContent())
      .toMatch(
        /, 1 left uncoded\.1 passage would be left without ‘Belarus neutral’: you gave it another value of ‘Belarus role’, which auto-coding never replaces — “Alexander Lukashenko” in ‘Belarus – Russia’s only ally in Europe – is playing a…’ \(‘Belarus complicit’\)\.$/,
      );
    await h.shot('ex6-auto-code-leaves');
    const before = (await call(h.project, 'listCodings', { documentId: 1 })).length;
    await form.getByRole('button', { name: 'Code…' }).click();
    await form
      .getByRole('group', { name: 'Confirm auto-coding' })
      .getByRole('button', { name: /^Code \d+ passages?$/ })
      .click();
    await expect
      .poll(() => form.textContent())
      .toMatch(
        /Coded 6 passages of the 7 in 4 documents as ‘Belarus neutral’\.1 passage was left without ‘Belarus neutral’/,
      );
    // The other hits are coded; the complicit passage keeps its text, and holds no neutral one.
    const after = await call(h.project, 'listCodings', { documentId: 1 });
    const complicitId = await code('Belarus complicit');
    const complicit = after.find((k) => k.codeId === complicitId)!;
    const neutrals = after.filter((k) => k.quote === 'Alexander Lukashenko');
    expect(after.length).toBe(before + neutrals.length);
    expect(neutrals.filter((k) => k.start < complicit.end && complicit.start < k.end)).toEqual([]);
    expect((await call(h.project, 'checkProject', {})).ok).toBe(true);
  });
});
