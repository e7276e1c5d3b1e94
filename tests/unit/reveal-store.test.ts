// A jump to a coding or a hit (from the coded-passages list, the matrix, a memo…) never fails silently: when the reader
// cannot draw what was asked for, the stores say why, in the user's words, with what to do about it.
import { when } from 'mobx';
import { describe, expect, it } from 'vitest';
import { RootStore } from '../../src/renderer/src/stores/RootStore.ts';
import { NOT_YOURS_OR_GONE } from '../../src/renderer/src/stores/CodingStore.ts';
import { engineClient } from '../helpers/client.ts';
import { createTestProject } from '../helpers/project.ts';

async function rootWithCoding() {
  const client = engineClient(await createTestProject());
  const code = await client.createCode({ name: 'Troops' });
  const { coding: k } = await client.applyCode({ documentId: 2, codeId: code.id, start: 10, end: 60 });
  const root = new RootStore(client, { searchDelay: 0 });
  await root.start();
  await root.coding.loadCodings(2);
  return { root, client, codeId: code.id, id: k.id };
}

describe('a coding the reader is asked to show', () => {
  it('is drawn: nothing to say', async () => {
    const { root, id } = await rootWithCoding();
    expect(root.coding.whyNotDrawn(2, id)).toBeNull();
    expect(await root.coding.missing(2, id)).toBe(false);
    expect(root.coding.notice).toBeNull();
  });

  it('was listed after the reader read its document’s codings: read again, it is drawn, and nothing is said', async () => {
    const { root, client, codeId } = await rootWithCoding();
    const { coding: later } = await client.applyCode({ documentId: 2, codeId, start: 100, end: 140 });
    expect(root.coding.codingsOf(2).map((c) => c.id)).not.toContain(later.id);
    expect(await root.coding.missing(2, later.id)).toBe(false);
    expect(root.coding.codingsOf(2).map((c) => c.id)).toContain(later.id);
    expect(root.coding.notice).toBeNull();
  });

  it('was deleted after it was listed: the pane says it is no longer in the document', async () => {
    const { root, client, id } = await rootWithCoding();
    await client.removeCoding({ id });
    expect(await root.coding.missing(2, id)).toBe(true);
    expect(root.coding.notice).toMatchObject({
      documentId: 2,
      reveal: true,
      lines: [expect.stringMatching(/^This coded passage is no longer in this document: it was removed/)],
    });
    // A later jump that succeeds puts the notice away; one in another document's pane stays.
    root.coding.revealed(3);
    expect(root.coding.notice).not.toBeNull();
    root.coding.revealed(2);
    expect(root.coding.notice).toBeNull();
  });

  it('lost its place when the text was replaced: the pane says so and where it is listed', async () => {
    const { root, client, id } = await rootWithCoding();
    const upload = {
      name: 'new.txt',
      base64: Buffer.from('A wholly different text, about nothing at all.').toString('base64'),
    };
    expect((await client.replaceDocument({ id: 2, upload })).orphaned).toBe(1);
    expect(await root.coding.missing(2, id)).toBe(true);
    expect(root.coding.notice?.lines).toEqual([
      'This coded passage lost its place when the document’s text was replaced: it is listed above the text, to place again or discard.',
    ]);
  });

  it('is coded with a hidden code: the pane names the code, and its button shows the code and asks again', async () => {
    const { root, codeId, id } = await rootWithCoding();
    root.coding.toggleHidden(codeId);
    const pane = root.panes.open(2);
    pane.showCoding(id);
    const asked = pane.scrollRequest;
    expect(await root.coding.missing(2, id)).toBe(true);
    const notice = root.coding.notice!;
    expect(notice.lines).toEqual([
      'This passage is coded with ‘Troops’, which is hidden in the reader: show the code to see it.',
    ]);
    expect(notice.action?.label).toBe('Show ‘Troops’');
    notice.action!.run();
    expect(root.coding.hiddenCodes).toEqual([]);
    expect(pane.focusCoding).toBe(id);
    expect(pane.scrollRequest).toBe(asked + 1);
    expect(root.coding.whyNotDrawn(2, id)).toBeNull();
  });

  it('is another coder’s, not shown in a one-coder view: the pane says whose, and offers every coder', async () => {
    const { root, client, codeId } = await rootWithCoding();
    await client.setCoder({ name: 'Anna' });
    const { coding: anna } = await client.applyCode({ documentId: 2, codeId, start: 200, end: 240 });
    await client.setCoder({ name: 'Ben' });
    await root.coding.loadCoder();
    await root.coderView.setView({ mode: 'one', coder: 'Ben' });
    expect(await root.coding.missing(2, anna.id)).toBe(true);
    expect(root.coding.notice?.lines).toEqual([
      'This passage is coded by Anna, whose codings the reader does not show now.',
    ]);
    expect(root.coding.notice?.action?.label).toBe('Show all coders');
  });

  it('blind, says the same whether the coding was deleted or is another coder’s: never whose, nor its code', async () => {
    const { root, client, codeId } = await rootWithCoding();
    await client.setCoder({ name: 'Anna' });
    const { coding: anna } = await client.applyCode({ documentId: 2, codeId, start: 200, end: 240 });
    await client.setCoder({ name: 'Ben' });
    const { coding: ben } = await client.applyCode({ documentId: 2, codeId, start: 300, end: 340 });
    await root.coding.loadCoder();
    await root.coderView.setView({ mode: 'mine' });
    await client.removeCoding({ id: ben.id });

    expect(await root.coding.missing(2, anna.id)).toBe(true);
    const others = root.coding.notice;
    expect(await root.coding.missing(2, ben.id)).toBe(true);
    const deleted = root.coding.notice;
    expect(others?.lines).toEqual([NOT_YOURS_OR_GONE]);
    expect(deleted?.lines).toEqual(others?.lines);
    expect(others?.action).toBeUndefined();
    expect(NOT_YOURS_OR_GONE).not.toMatch(/Anna|Troops/);
  });

  it('is not said when the reader was asked for something else meanwhile', async () => {
    const { root, client, id } = await rootWithCoding();
    await client.removeCoding({ id });
    expect(await root.coding.missing(2, id, () => false)).toBe(false);
    expect(root.coding.notice).toBeNull();
  });
});

describe('a line the reader did not draw in time', () => {
  it('is said, with Try again asking the pane for the same coding or hit once more', async () => {
    const { root, id } = await rootWithCoding();
    const pane = root.panes.open(2);
    pane.showCoding(id);
    const asked = pane.scrollRequest;
    root.coding.notInView(2, { coding: id });
    expect(root.coding.notice?.lines).toEqual([
      'This coded passage could not be brought into view: the reader did not draw its line in time.',
    ]);
    root.coding.notice!.action!.run();
    expect(pane.scrollRequest).toBe(asked + 1);
    expect(pane.focusCoding).toBe(id);
  });
});

describe('a pane asked for a coding, then for a hit', () => {
  it('forgets the coding once the user steps to a hit, so the next request does not show it again', async () => {
    const { root, id } = await rootWithCoding();
    const pane = root.panes.open(2);
    pane.showCoding(id);
    pane.hits = [
      [0, 3],
      [5, 9],
    ];
    pane.showHit(1);
    expect(pane.focusCoding).toBeNull();
    expect(pane.activeHit).toBe(1);
  });

  it('keeps a coding asked for as the document opened in view when the search’s hits arrive', async () => {
    const { root, id } = await rootWithCoding();
    root.search.setQuery('Lukashenka~');
    await when(() => root.search.result !== null);
    const pane = root.panes.open(2);
    pane.showCoding(id);
    await when(() => pane.hits.length > 0);
    expect(pane.hits.length).toBeGreaterThan(0);
    expect(pane.focusCoding).toBe(id);
    expect(pane.activeHit).toBe(-1);
  });

  it('shows the first hit of a new search, not the coding asked for before it', async () => {
    const { root, id } = await rootWithCoding();
    const pane = root.panes.open(2);
    pane.showCoding(id);
    root.search.setQuery('Lukashenka~');
    await when(() => pane.hits.length > 0);
    expect(pane.focusCoding).toBeNull();
    expect(pane.activeHit).toBe(0);
  });
});
