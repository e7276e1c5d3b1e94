// The comparison tabs in the browser: the stance overview of an exclusive
// group (chart and table, by document, source and year; a value's passages a
// click away) and the code co-occurrence matrix with its passages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { openAnalysisTab } from './reader.ts';
import { startHarness, type Harness } from '../helpers/browser.ts';
import { SEED_TITLES } from '../helpers/seed-titles.ts';

let h: Harness;
let neutral: number;
let complicit: number;
let troops: number;
const chars: Record<number, number> = {};

const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(1)}%`;

beforeAll(async () => {
  h = await startHarness();
  const p = h.project;
  neutral = (await call(p, 'createCode', { name: 'Minsk neutral', colour: '#2f6fd0' })).id;
  complicit = (await call(p, 'createCode', { name: 'Minsk complicit', colour: '#d0452f' })).id;
  await call(p, 'createCodeGroup', { name: 'Minsk stance', exclusive: true, codeIds: [neutral, complicit] });
  troops = (await call(p, 'getCodebook', {})).codes.find((c) => c.name === 'Russian troops in Belarus')!.id;
  const meta: [number, string, string][] = [
    [1, 'Asia Times', '2022-03-01'],
    [2, 'Carnegie Politika', '2022-12-20'],
    [3, 'The Washington Times', '2022-12-19'],
    [4, '', '2023-01-10'],
    [5, '', ''],
  ];
  for (const [id, source, published] of meta) await call(p, 'updateDocument', { id, source, published });
  for (const id of [1, 2, 3, 4, 5]) chars[id] = (await call(p, 'getDocument', { id })).charCount;
  p.coder = 'ana';
  const code = (documentId: number, codeId: number, start: number, end: number) =>
    call(p, 'applyCode', { documentId, codeId, start, end });
  await code(1, neutral, 0, 600);
  await code(1, complicit, 600, 700);
  await code(2, complicit, 0, 900);
  await code(3, neutral, 0, 1000);
  await code(3, complicit, 1000, 1500);
  await code(4, neutral, 0, 300);
  await code(3, troops, 500, 1200); // overlaps both values
  await code(1, troops, 650, 800); // overlaps complicit
  // A second coder over ana's neutral passage: counted once.
  p.coder = 'ben';
  await code(3, neutral, 200, 800);
  await h.reload();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const panel = () => h.page.getByRole('complementary', { name: 'Analysis' });
const rows = () => panel().locator('.stance-table tbody tr');
const cells = async () =>
  rows().evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim())),
  );
/** The rows the chart draws a bar for (its segments carry the row's number). */
const bars = () =>
  panel()
    .locator('.stance-chart svg')
    .evaluate((svg) =>
      [...new Set([...svg.querySelectorAll('rect[data-row]')].map((r) => Number(r.getAttribute('data-row'))))].sort(),
    );

describe('the stance overview', () => {
  it('opens from the top bar and shows each document’s share per value, as a chart and a table', async () => {
    await openAnalysisTab(h.page, 'Stances');
    await panel().getByLabel('Group', { exact: true }).selectOption({ label: 'Minsk stance' });
    await expect.poll(() => rows().count()).toBe(4);
    // Dated documents by date, then the undated one; document 5 has no value and is not listed. By default each value's
    // share is of the document's coded text (which way it leans); the uncoded share is of all of its text.
    const p = (n: number, coded: number, passages: number) =>
      `${pct(n, coded)} ${passages} passage${passages === 1 ? '' : 's'}`;
    expect(await cells()).toEqual([
      [
        'Belarus – Russia’s only ally in Europe – is playing a significant role in the Kremlin’s…',
        p(600, 700, 1),
        p(100, 700, 1),
        pct(chars[1]! - 700, chars[1]!),
        'Minsk neutral',
      ],
      [
        'Russia launched dozens of explosive-laden drones at targets in Kyiv early Monday, only…',
        p(1000, 1500, 2),
        p(500, 1500, 1),
        pct(chars[3]! - 1500, chars[3]!),
        'Minsk neutral',
      ],
      [
        'No Russian reinforcements were needed in the end, but the payback for the Kremlin’s…',
        '0%',
        p(900, 900, 1),
        pct(chars[2]! - 900, chars[2]!),
        'Minsk complicit',
      ],
      [
        'Putin goes to Lukashenka. Will they show where the attack was coming from?',
        p(300, 300, 1),
        '0%',
        pct(chars[4]! - 300, chars[4]!),
        'Minsk neutral',
      ],
    ]);
    expect(await panel().locator('.stance-table thead th').allTextContents()).toContain('Uncoded (of all text)');
    await expect
      .poll(() => panel().locator('.stance-panel > .meta').textContent())
      .toMatch(
        /Text coded by several coders counts once\. 1 document with none of these values is not listed\. Coders: ana, ben\./,
      );
    await expect.poll(bars).toEqual([0, 1, 2, 3]);
  });

  it('pools the documents by source and by year', async () => {
    await panel().getByLabel('By', { exact: true }).selectOption('source');
    await expect
      .poll(() => rows().locator('th').allTextContents())
      .toEqual(['Asia Times', 'Carnegie Politika', 'The Washington Times', 'No source']);
    const noSource = chars[4]! + chars[5]!;
    expect((await cells())[3]).toEqual([
      'No source',
      `${pct(300, 300)} 1 passage`,
      '0%',
      pct(noSource - 300, noSource),
      'Minsk neutral',
    ]);
    await expect.poll(bars).toEqual([0, 1, 2, 3]);

    await panel().getByLabel('By', { exact: true }).selectOption('year');
    await expect.poll(() => rows().locator('th').allTextContents()).toEqual(['2022', '2023', 'No date']);
    const y2022 = chars[1]! + chars[2]! + chars[3]!;
    expect((await cells())[0]).toEqual([
      '2022',
      `${pct(1600, 3100)} 3 passages`,
      `${pct(1500, 3100)} 3 passages`,
      pct(y2022 - 3100, y2022),
      'Minsk neutral',
    ]);
    // “No date” (document 5) has no coded text: no bar, only its uncoded share beside where the bar would be.
    await expect.poll(bars).toEqual([0, 1]);
    expect(await panel().locator('.stance-chart svg').textContent()).toContain('100% uncoded');
    await h.shots('st1-stance-overview');

    // The shares of all the text remain a choice.
    await panel().getByLabel('Shares', { exact: true }).selectOption('all');
    await expect
      .poll(async () => (await cells())[0])
      .toEqual([
        '2022',
        `${pct(1600, y2022)} 3 passages`,
        `${pct(1500, y2022)} 3 passages`,
        pct(y2022 - 3100, y2022),
        'Minsk neutral',
      ]);
    expect(await panel().locator('.stance-table thead th').allTextContents()).toContain('Uncoded');
    await expect.poll(bars).toEqual([0, 1, 2]);
    await h.shot('st1-stance-all-text');
    await panel().getByLabel('Shares', { exact: true }).selectOption('coded');
  });

  it('lists a value’s passages in a row from the table or the chart, and opens one in the reader', async () => {
    await panel().locator(`[data-cell="2022|${complicit}"]`).click();
    const heading = async () => (await panel().locator('.list-heading').innerText()).trim();
    await expect.poll(heading).toBe('Minsk complicit in 2022: 3 passages');
    expect(await panel().locator('.segment').count()).toBe(3);
    // The chart's segment for neutral in 2023.
    await panel().locator(`.stance-chart rect[data-row="1"][data-code="${neutral}"]`).click();
    await expect.poll(heading).toBe('Minsk neutral in 2023: 1 passage');
    await panel().locator('.segment').first().click();
    await expect
      .poll(() => h.page.locator('.doc-heading h2').allTextContents())
      .toContain('Putin goes to Lukashenka. Will they show where the attack was coming from?');
  });

  it('reads in the dark theme', async () => {
    await h.page.emulateMedia({ colorScheme: 'dark' });
    // Light text on a dark page: the sum of the red, green and blue of each computed colour.
    const brightness = (property: 'color' | 'backgroundColor') =>
      h.page.evaluate(
        (p) =>
          getComputedStyle(document.body)
            [p].match(/\d+/g)!
            .slice(0, 3)
            .reduce((sum, c) => sum + Number(c), 0),
        property,
      );
    expect(await brightness('backgroundColor')).toBeLessThan(200);
    expect(await brightness('color')).toBeGreaterThan(500);
    await h.shot('st3-stance-dark');
    await h.page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('code co-occurrence', () => {
  it('shows which codes overlap, and the passages behind a cell with both codes marked', async () => {
    await openAnalysisTab(h.page, 'Co-occurrence');
    const matrix = panel().locator('.cooccurrence-matrix');
    // Troops overlaps neutral once (document 3: ana's and ben's neutral codings are one passage) and complicit twice.
    await expect.poll(() => matrix.locator(`[data-pair="${troops}:${neutral}"]`).textContent()).toBe('1');
    expect(await matrix.locator(`[data-pair="${troops}:${complicit}"]`).textContent()).toBe('2');
    expect(await matrix.locator(`[data-pair="${complicit}:${troops}"]`).textContent()).toBe('2');
    expect(await matrix.locator(`[data-pair="${neutral}:${complicit}"]`).count()).toBe(0);
    await matrix.locator(`[data-pair="${troops}:${complicit}"]`).click();
    await expect
      .poll(() => panel().locator('.list-heading').textContent())
      .toBe('Russian troops in Belarus and Minsk complicit: 2 overlaps');
    const passages = panel().locator('.segment');
    expect(await passages.count()).toBe(2);
    // Each passage marks both codes: troops highlighted, complicit underlined, and their overlap both.
    const first = passages.first();
    expect(await first.locator('mark.pair-a').count()).toBeGreaterThan(0);
    expect(await first.locator('mark.pair-b').count()).toBeGreaterThan(0);
    expect(await first.locator('mark.pair-a.pair-b').count()).toBe(1);
    await h.shot('st2-cooccurrence');

    // In the same paragraph: the seed's paragraphs are lines, so more pairs meet.
    await panel().getByLabel('Same paragraph').check();
    await expect
      .poll(() => panel().locator('.list-heading').textContent())
      .toMatch(/^Russian troops in Belarus and Minsk complicit: \d+ paragraphs?$/);
    const inParagraphs = Number(await matrix.locator(`[data-pair="${troops}:${complicit}"]`).textContent());
    expect(await panel().locator('.segment').count()).toBe(inParagraphs);
    await panel().locator('.segment').first().click();
    await expect.poll(() => h.page.locator('.doc-heading h2').allTextContents()).toContain(SEED_TITLES['000']);
  });
});

describe('the report', () => {
  it('carries the stance overview chosen in the panel, chart and all, into the export preview', async () => {
    await h.page.getByRole('button', { name: 'Export…' }).click();
    const dialog = h.page.getByRole('dialog', { name: 'Export' });
    await dialog.getByLabel('Stance overview: chart and table, as chosen in the Stances tab').check();
    await dialog.getByRole('button', { name: 'Show the preview' }).click();
    const preview = dialog.getByRole('document', { name: 'Preview of the report' });
    await expect
      .poll(() => preview.evaluate((el) => el.shadowRoot?.querySelectorAll('.stance svg rect[data-row]').length ?? 0))
      .toBeGreaterThan(0);
    const shown = await preview.evaluate((el) => {
      const section = el.shadowRoot!.querySelector('.stance')!;
      section.scrollIntoView();
      return {
        heading: section.querySelector('h2')!.textContent,
        rows: [...section.querySelectorAll('tbody th')].map((th) => th.textContent),
        bars: new Set([...section.querySelectorAll('svg rect[data-row]')].map((r) => r.getAttribute('data-row'))).size,
      };
    });
    // The group and the rows (by year) chosen in the Stances tab; “No date” has no coded text, so no bar (its text is all uncoded).
    expect(shown).toEqual({ heading: 'Stance overview: Minsk stance', rows: ['2022', '2023', 'No date'], bars: 2 });
    await h.shot('st4-report-preview');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
