// A project the workbench cannot change (its file is read-only): a banner says
// so, nothing offers a change, and reading, searching and the backups still
// work. The backups dialog lists the project's backups and restores one as a
// new project, never over anything.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBackup } from '../../src/main/core/db/backups.ts';
import { SHOTS, startHarness, type Harness } from '../helpers/browser.ts';
import { makeReadOnly } from '../helpers/storage.ts';
import { dragOverInPane } from './reader.ts';

let h: Harness;
let writable: (() => void) | undefined;

beforeAll(async () => {
  h = await startHarness({
    beforeOpening: (path) => {
      // Two backups from before (a day's and one before a merge), then the file made read-only.
      const db = new Database(path);
      makeBackup(db, path, 'daily', new Date(2025, 2, 3, 9, 15));
      makeBackup(db, path, 'merge', new Date(2025, 2, 4, 16, 40));
      db.close();
      writable = makeReadOnly(path);
    },
  });
}, 60_000);

afterAll(async () => {
  writable?.();
  await h?.close();
});

const READ_ONLY =
  'This project is read-only: its file is read-only. You can read, search and export it, but not change it.';

describe('a read-only project in the workbench', () => {
  it('says so in a banner and offers no change: no import, merge, undo, new code, nor coding a selection', async () => {
    const banner = h.page.locator('.project-notices');
    await expect.poll(() => banner.textContent()).toBe(`Read-only${READ_ONLY}`);
    for (const name of ['Import files…', 'Merge project…', 'Undo', 'Redo']) {
      const button = h.page.getByRole('button', { name, exact: true });
      expect(await button.isDisabled(), name).toBe(true);
      expect(await button.getAttribute('title')).toBe(
        'The project is read-only: it can be read, searched and exported, not changed.',
      );
    }
    await h.page.getByRole('button', { name: /001_b5026d01219ff992/ }).click();
    await h.page.waitForSelector('[data-pane="0"] .doc-text');
    for (const name of ['Clean up…', 'Replace with a new version'])
      expect(await h.page.getByRole('button', { name, exact: true }).isDisabled(), name).toBe(true);
    // Ctrl+Z says why instead of undoing.
    await h.page.locator('[data-pane="0"] .doc-text').click();
    await h.page.keyboard.press('Control+z');
    await expect
      .poll(() => h.page.locator('.undo-status').textContent())
      .toBe('Nothing to undo: the project is read-only.');
    await dragOverInPane(h.page, 0, 'The complicity of Belarus in the aggression is beyond doubt');
    // The selection is there to copy, and no coding popover comes with it.
    expect(await h.page.evaluate(() => window.getSelection()?.toString())).toBe(
      'The complicity of Belarus in the aggression is beyond doubt',
    );
    // The popover would open as the mouse is released: two frames on, it would be drawn.
    await h.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await h.page.getByRole('dialog', { name: 'Code the selected passage' }).count()).toBe(0);
    await h.page.getByRole('tab', { name: 'Codes' }).click();
    expect(await h.page.getByLabel('New code name').isDisabled()).toBe(true);
    await h.page.getByRole('tab', { name: 'Library' }).click();
    await h.shot('s1-read-only-workbench');
  });

  it('searches as before', async () => {
    await h.page.locator('#search-input').fill('lukashenko');
    await expect.poll(() => h.page.locator('.search-status').textContent()).toMatch(/^\d+ documents?/);
    await h.page.locator('#search-input').fill('');
  });

  it('looks right in the dark and at 200%', async () => {
    for (const [name, options] of [
      ['s2-read-only-dark', { colorScheme: 'dark' as const }],
      ['s3-read-only-200', { deviceScaleFactor: 2 }],
    ] as const) {
      const page = await h.browser.newPage({ viewport: { width: 1400, height: 860 }, ...options });
      await page.goto(h.server.url);
      await page.locator('.project-notices').waitFor();
      // What the screenshot shows: the read-only notice, in the scheme and at the scale asked for.
      expect(await page.locator('.project-notices').textContent()).toContain(READ_ONLY);
      expect(await page.evaluate(() => [matchMedia('(prefers-color-scheme: dark)').matches, devicePixelRatio])).toEqual(
        ['colorScheme' in options, 'deviceScaleFactor' in options ? 2 : 1],
      );
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
      await page.close();
    }
  });
});

describe('the backups dialog', () => {
  it('lists the backups, newest first, with why and how many documents, and restores one as a new project', async () => {
    await h.page.getByRole('button', { name: 'Backups…' }).click();
    const dialog = h.page.getByRole('dialog', { name: 'Backups' });
    const rows = dialog.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual([
      'Tue, 4 Mar 2025, 16:40',
      'Before a merge',
      '5',
      expect.stringMatching(/^\d+ KB$/),
      'Restore…',
    ]);
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual([
      'Mon, 3 Mar 2025, 09:15',
      'Daily',
      '5',
      expect.stringMatching(/^\d+ KB$/),
      'Restore…',
    ]);
    expect(await dialog.getByRole('status').textContent()).toMatch(
      /^One backup a day \(the first time the project is opened that day\) and one before every merge, the newest 7 of each, in .*e2e backups\./,
    );
    await h.shot('s4-backups-dialog');
    await h.page.emulateMedia({ colorScheme: 'dark' });
    await h.shot('s4-backups-dialog-dark');
    await h.page.emulateMedia({ colorScheme: 'light' });

    await rows.nth(1).getByRole('button', { name: 'Restore…' }).click();
    const target = dialog.getByLabel('New project file');
    const to = join(h.project.path, '..', 'e2e restored.quire');
    expect(await target.inputValue()).toBe(to);
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect
      .poll(() => dialog.getByRole('status').textContent())
      .toBe(
        `Restored as ${to} (5 documents). Open it to work in it: Open Project in the desktop app, or npm run web -- --project "${to}".`,
      );
    expect(existsSync(to)).toBe(true);
    // Never over a file that exists.
    await rows.nth(0).getByRole('button', { name: 'Restore…' }).click();
    await target.fill(to);
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click();
    await expect
      .poll(() => dialog.getByRole('status').textContent())
      .toBe(`${to} already exists: a backup is restored into a new file only. Choose another name.`);
    await h.shot('s5-backups-restore-refused');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
