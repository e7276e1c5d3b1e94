import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { call } from '../../src/main/core/engine.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await h.page.getByRole('tab', { name: 'Codes' }).click();
  await h.page.getByRole('tree', { name: 'Code system' }).waitFor();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const row = (name: string) =>
  h.page.getByRole('treeitem').filter({ has: h.page.locator('.code-name', { hasText: new RegExp(`^${name}$`) }) });
/** The tree as "name@level" strings, top to bottom. */
const tree = () =>
  h.page
    .getByRole('treeitem')
    .evaluateAll((items) =>
      items.map((i) => `${i.querySelector('.code-name')!.textContent}@${i.getAttribute('aria-level')}`),
    );

/** Drags one code's row onto another's, at a fraction of its height (below 0.25 before it, above 0.75 after it, else inside). */
async function dragCode(name: string, onto: string, at: number) {
  const box = (await row(onto).boundingBox())!;
  await row(name)
    .locator('.code-name')
    .dragTo(row(onto), { targetPosition: { x: box.width / 2, y: box.height * at } });
}

describe('the codebook', () => {
  it('nests a code by dragging it onto another, and reorders by dragging it above one', async () => {
    expect(await tree()).toEqual([
      'Belarus neutral@1',
      'Belarus complicit@1',
      'Belarus co-belligerent@1',
      'Russian troops in Belarus@1',
      'Public opinion in Belarus@1',
      'Sanctions@1',
      'Lukashenko and Putin@1',
    ]);
    await dragCode('Lukashenko and Putin', 'Russian troops in Belarus', 0.5);
    await expect.poll(tree).toContain('Lukashenko and Putin@2');
    expect((await tree()).slice(3, 5)).toEqual(['Russian troops in Belarus@1', 'Lukashenko and Putin@2']);
    await dragCode('Sanctions', 'Belarus neutral', 0.1);
    await expect.poll(async () => (await tree())[0]).toBe('Sanctions@1');
    await h.shot('cb1-nested-code');
  });

  it('moves codes from the keyboard with Alt+arrows', async () => {
    await row('Sanctions').focus();
    await h.page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await tree()).slice(0, 2)).toEqual(['Belarus neutral@1', 'Sanctions@1']);
    await row('Sanctions').focus();
    await h.page.keyboard.press('Alt+ArrowRight');
    await expect.poll(async () => (await tree()).slice(0, 2)).toEqual(['Belarus neutral@1', 'Sanctions@2']);
    await row('Sanctions').focus();
    await h.page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(async () => (await tree()).slice(0, 2)).toEqual(['Belarus neutral@1', 'Sanctions@1']);
  });

  it('undoes a move', async () => {
    const before = await tree();
    await dragCode('Public opinion in Belarus', 'Sanctions', 0.5);
    await expect.poll(tree).not.toEqual(before);
    await h.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(tree).toEqual(before);
  });

  it('makes a group, adds a code by dropping it there, marks it exclusive, and takes the code out', async () => {
    await h.page.getByLabel('New group name').fill('Consequences');
    await h.page.getByRole('button', { name: 'Add group' }).click();
    const group = h.page.locator('.group-row', { hasText: 'Consequences' });
    await group.waitFor();
    await row('Sanctions').locator('.code-name').dragTo(group);
    const members = h.page.getByRole('list', { name: 'Codes in Consequences' });
    await expect.poll(() => members.textContent()).toContain('Sanctions');
    expect(await row('Sanctions').locator('.group-tag').textContent()).toBe('Consequences');
    const exclusive = group.getByRole('checkbox', { name: 'One per passage' });
    expect(await exclusive.isChecked()).toBe(false);
    await exclusive.click();
    await expect
      .poll(() =>
        call(h.project, 'getCodebook', {}).then((b) => b.groups.find((g) => g.name === 'Consequences')?.exclusive),
      )
      .toBe(true);
    await group.getByRole('button', { name: 'Take Sanctions out of Consequences' }).click();
    await expect.poll(() => members.textContent()).not.toContain('Sanctions');
  });

  it('edits a code’s description and memo, which are there after a reload', async () => {
    await row('Sanctions').locator('.code-name').click();
    const detail = h.page.getByRole('region', { name: 'Code Sanctions' });
    await detail.getByLabel('Description').fill('Sanctions and export bans on Belarus or Russia.');
    await detail.getByLabel('Memo on Sanctions').click(); // leaving the description saves it
    await detail.getByLabel('Memo on Sanctions').fill('Only 002 mentions potash.');
    await detail.getByRole('button', { name: 'Save memo' }).click();
    await expect
      .poll(() => call(h.project, 'getMemo', { target: 'code', id: 6 }).then((m) => m.mine?.text))
      .toBe('Only 002 mentions potash.');
    await h.shot('cb2-code-detail');
    await h.reload();
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    await row('Sanctions').locator('.code-name').click();
    expect(await detail.getByLabel('Description').inputValue()).toBe('Sanctions and export bans on Belarus or Russia.');
    await expect.poll(() => detail.getByLabel('Memo on Sanctions').inputValue()).toBe('Only 002 mentions potash.');
  });

  it('puts a code in a group from its details, and says why a move is refused', async () => {
    const detail = h.page.getByRole('region', { name: 'Code Sanctions' });
    await detail.getByRole('checkbox', { name: 'Belarus role' }).click();
    await expect
      .poll(() => h.page.getByRole('list', { name: 'Codes in Belarus role' }).textContent())
      .toContain('Sanctions');
    // A second "Sanctions" cannot sit beside the first.
    await h.page.getByLabel('New code name').fill('Sanctions');
    await h.page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => h.page.getByRole('alert').textContent()).toMatch(/already a code “Sanctions”/);
  });
});

describe('auto-coding from a search', () => {
  const form = () => h.page.getByRole('region', { name: 'Auto-code the hits' });
  const status = () => form().getByRole('status').textContent();
  const confirmation = () => form().getByRole('group', { name: 'Confirm auto-coding' });
  const sanctionsCodings = async () => {
    const id = (await call(h.project, 'getCodebook', {})).codes.find((c) => c.name === 'Sanctions')!.id;
    return (await call(h.project, 'codedSegments', { codeIds: [id] })).map((s) => `${s.document.id}:${s.coding.quote}`);
  };

  it('starts with no code chosen, and codes nothing until one is', async () => {
    await h.page.getByLabel('Search the project').fill('sanctions');
    await expect.poll(() => h.page.locator('.result').count()).toBe(2);
    await h.page.getByRole('button', { name: 'Code the hits…' }).click();
    const select = form().getByLabel('Code to apply');
    expect(await select.inputValue()).toBe('');
    expect(await select.locator('option:checked').textContent()).toBe('Choose a code…');
    expect(await form().getByRole('button', { name: 'Code…' }).isDisabled()).toBe(true);
    expect(await status()).toBe('Choose the code to give the hits; nothing is coded until you confirm.');
  });

  it('previews how many passages a code would get, for all results or the ticked ones', async () => {
    await form().getByLabel('Code to apply').selectOption({ label: 'Sanctions' });
    await expect.poll(status).toBe('3 passages in 2 documents.');
    await form().getByRole('radio', { name: 'the words found' }).click();
    await expect.poll(status).toBe('3 passages in 2 documents.');
    await h.page.getByLabel(`Choose ${SEED_TITLES['000']} for auto-coding`).check();
    await expect.poll(status).toBe('2 passages in 1 document.');
    expect(await form().getByRole('radio', { name: 'the 1 ticked' }).isChecked()).toBe(true);
    await form().getByRole('radio', { name: 'each hit’s whole sentence' }).click();
    await expect.poll(status).toBe('2 passages in 1 document.');
    expect(await sanctionsCodings()).toEqual([]);
  });

  it('asks first, naming the code and the numbers; cancelling codes nothing', async () => {
    await form()
      .getByRole('radio', { name: /all 2 documents found/ })
      .click();
    await expect.poll(status).toBe('3 passages in 2 documents.');
    await form().getByRole('button', { name: 'Code…' }).click();
    expect(await confirmation().locator('strong').textContent()).toBe('Code 3 passages in 2 documents as ‘Sanctions’?');
    await h.shots('auto-code-confirmation');
    await confirmation().getByRole('button', { name: 'Cancel' }).click();
    expect(await confirmation().count()).toBe(0);
    expect(await sanctionsCodings()).toEqual([]);
  });

  it('codes them as one step, says what it did, and its Undo takes them back whole', async () => {
    await form().getByRole('button', { name: 'Code…' }).click();
    await confirmation().getByRole('button', { name: 'Code 3 passages' }).click();
    await expect.poll(status).toMatch(/^Coded 3 passages in 2 documents as ‘Sanctions’\./);
    const coded = await sanctionsCodings();
    expect(coded).toHaveLength(3);
    // Whole sentences: each quote ends at its full stop.
    expect(coded.filter((q) => /sanctions/i.test(q) && q.endsWith('.'))).toHaveLength(3);
    // Again: everything is coded already, so there is nothing to add.
    expect(await form().getByRole('button', { name: 'Code…' }).isDisabled()).toBe(true);
    await h.shots('auto-code-done');
    await form().getByRole('button', { name: 'Undo' }).click();
    await expect.poll(sanctionsCodings).toEqual([]);
    await expect.poll(status).toMatch(/^Undone: Auto-code 3 sentences of “sanctions” as “Sanctions”/);
  });
});

describe('a new version of a document', () => {
  const pane = () => h.page.locator('[data-pane="0"]');
  const orphans = () => h.page.getByRole('region', { name: 'Codings without a place' });
  const codeId = async (name: string) =>
    (await call(h.project, 'getCodebook', {})).codes.find((c) => c.name === name)!.id;
  /** Codes `quote` in document 2 (001) through the engine, as another session might have. */
  const codeQuote = async (text: string, quote: string, code: string) => {
    const at = text.indexOf(quote);
    const start = toCodePointOffset(text, at);
    await call(h.project, 'applyCode', {
      documentId: 2,
      codeId: await codeId(code),
      start,
      end: start + countCodePoints(quote),
    });
  };
  const KEPT = 'The complicity of Belarus in the aggression is beyond doubt';
  const GONE = 'Yet Ukraine itself still hasn’t broken off relations with Belarus.';
  const REWORDED = 'The main reason is that the Ukrainian authorities';

  it('finds the codings again in the new text and lists those it cannot place', async () => {
    const text = (await call(h.project, 'getDocument', { id: 2 })).body;
    await codeQuote(text, KEPT, 'Belarus complicit');
    await codeQuote(text, GONE, 'Belarus neutral');
    await codeQuote(text, REWORDED, 'Public opinion in Belarus');
    await h.page.getByLabel('Search the project').fill('');
    await h.page.getByRole('tab', { name: 'Library' }).click();
    await h.page.getByRole('button', { name: /001_b5026d01219ff992/ }).click();
    await expect.poll(() => pane().locator('.stripe').count()).toBe(3);
    // The corrected version: a new first line moves everything; one sentence is gone, another reworded.
    const next = `Corrected edition\n${text.replace(GONE, '').replace(REWORDED, 'Kyiv’s main worry is that the Ukrainian government')}`;
    await pane()
      .getByLabel('New version of this document')
      .setInputFiles({ name: '001 corrected.txt', mimeType: 'text/plain', buffer: Buffer.from(next) });
    await expect
      .poll(() => orphans().getByRole('status').textContent())
      .toMatch(/0 codings kept where they were, 1 found in a new place, 2 could not be placed/);
    await expect.poll(() => pane().locator('.doc-text').textContent()).toMatch(/^Corrected edition/);
    expect(await orphans().getByRole('listitem').allTextContents()).toEqual([
      expect.stringContaining('Belarus neutral'),
      expect.stringContaining('Public opinion in Belarus'),
    ]);
    await expect.poll(() => pane().locator('.stripe').allTextContents()).toEqual(['Belarus complicit']);
    await h.shot('cb4-orphans');
  });

  it('places an orphan on the passage the user selects, and discards another', async () => {
    await orphans()
      .getByRole('button', { name: /Place the Public opinion in Belarus coding/ })
      .click();
    // Select the reworded sentence in the text, as a mouse would, and let go.
    await pane()
      .locator('.doc-text')
      .evaluate((el, words) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = node.textContent!.indexOf(words);
          if (at < 0) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + words.length);
          getSelection()!.removeAllRanges();
          getSelection()!.addRange(range);
          el.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
          return;
        }
        throw new Error('not found');
      }, 'Kyiv’s main worry is that the Ukrainian government');
    await expect
      .poll(() => pane().locator('.stripe').allTextContents())
      .toEqual(['Belarus complicit', 'Public opinion in Belarus']);
    expect(await orphans().getByRole('listitem').count()).toBe(1);
    h.page.once('dialog', (d) => void d.accept());
    await orphans()
      .getByRole('button', { name: /Discard the Belarus neutral coding/ })
      .click();
    await expect.poll(() => orphans().getByRole('listitem').count()).toBe(0);
    const codings = await call(h.project, 'listCodings', { documentId: 2 });
    expect(codings.map((c) => c.quote).sort()).toEqual(['Kyiv’s main worry is that the Ukrainian government', KEPT]);
    // Undo brings the discarded coding back to the list: nothing is lost.
    await h.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => orphans().getByRole('listitem').count()).toBe(1);
  });
});
