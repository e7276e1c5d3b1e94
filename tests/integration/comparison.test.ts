// The comparison queries: the stance overview (each value's share of the text,
// by document, source, year or month) and code co-occurrence (overlap or same
// paragraph), with the passages behind each cell. Codings are placed at known
// spans, so every expected figure is worked out by hand.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { createTestProject, ROOT, tempDir } from '../helpers/project.ts';

/** Ten paragraphs (lines): paragraph k is [100k, 100k + 99), the last one [900, 1000). 1,000 characters in all. */
const TEXT = Array.from({ length: 10 }, (_, k) =>
  `Paragraph ${k} `.padEnd(k === 9 ? 100 : 99, 'abcdefghij'.slice(k)[0] ?? 'z'),
).join('\n');

async function addDocument(p: ProjectHandle, name = 'thousand.txt'): Promise<number> {
  const report = await call(p, 'importUploads', { files: [{ name, base64: Buffer.from(TEXT).toString('base64') }] });
  const id = report.files[0]!.documentId!;
  await call(p, 'updateDocument', { id, title: 'A thousand characters' });
  expect((await call(p, 'getDocument', { id })).charCount).toBe(1000);
  return id;
}

async function stanceGroup(p: ProjectHandle, exclusive = true) {
  const neutral = await call(p, 'createCode', { name: 'Belarus neutral', colour: '#3b7dd8' });
  const complicit = await call(p, 'createCode', { name: 'Belarus complicit', colour: '#d8453b' });
  const group = await call(p, 'createCodeGroup', {
    name: 'Belarus stance',
    exclusive,
    codeIds: [neutral.id, complicit.id],
  });
  return { neutral: neutral.id, complicit: complicit.id, group: group.id };
}

async function code(p: ProjectHandle, coder: string, documentId: number, codeId: number, start: number, end: number) {
  p.coder = coder;
  return (await call(p, 'applyCode', { documentId, codeId, start, end })).coding.id;
}

describe('the stance overview', () => {
  it('gives each value’s share of a document’s text; overlapping codings by two coders count once', async () => {
    const p = await createTestProject();
    const doc = await addDocument(p);
    const s = await stanceGroup(p);
    await code(p, 'ana', doc, s.neutral, 0, 100);
    await code(p, 'ana', doc, s.complicit, 200, 250);

    const first = await call(p, 'stanceOverview', {
      groupId: s.group,
      by: 'document',
      base: 'all',
      documentIds: [doc],
    });
    expect(first.group).toEqual({ id: s.group, name: 'Belarus stance', exclusive: true });
    expect(first.codes.map((c) => [c.name, c.colour])).toEqual([
      ['Belarus neutral', '#3b7dd8'],
      ['Belarus complicit', '#d8453b'],
    ]);
    expect(first.rows).toHaveLength(1);
    expect(first.rows[0]).toEqual({
      key: String(doc),
      label: 'A thousand characters',
      documentIds: [doc],
      chars: 1000,
      values: [
        { codeId: s.neutral, coded: 100, share: 0.1, alone: 100, passages: 1 },
        { codeId: s.complicit, coded: 50, share: 0.05, alone: 50, passages: 1 },
      ],
      several: 0,
      uncoded: 850,
      codedChars: 150,
      dominant: s.neutral,
    });
    // By default the shares are of the coded text: which way what was coded leans (the uncoded text stays a number).
    const leaning = await call(p, 'stanceOverview', { groupId: s.group, by: 'document', documentIds: [doc] });
    expect(leaning.base).toBe('coded');
    expect(leaning.rows[0]!.values.map((v) => v.share)).toEqual([100 / 150, 50 / 150]);
    expect(leaning.rows[0]).toMatchObject({ uncoded: 850, codedChars: 150, chars: 1000 });

    // A second coder's neutral passage overlapping the first: 50 new characters, not 100.
    await code(p, 'ben', doc, s.neutral, 50, 150);
    // …and the first coder's complicit one over the end of it: the coders disagree on [140, 150).
    // (One coder cannot hold both there: the group is exclusive.)
    await code(p, 'ana', doc, s.complicit, 140, 160);
    const both = await call(p, 'stanceOverview', { groupId: s.group, by: 'document', base: 'all', documentIds: [doc] });
    const row = both.rows[0]!;
    expect(row.values).toEqual([
      { codeId: s.neutral, coded: 150, share: 0.15, alone: 140, passages: 2 },
      { codeId: s.complicit, coded: 70, share: 0.07, alone: 60, passages: 2 },
    ]);
    expect(row.several).toBe(10);
    expect(row.uncoded).toBe(790);
    // What the chart stacks adds up to the whole text.
    expect(row.values.reduce((n, v) => n + v.alone, 0) + row.several + row.uncoded).toBe(1000);
    expect(both.coders).toEqual(['ana', 'ben']);

    const ana = await call(p, 'stanceOverview', {
      groupId: s.group,
      by: 'document',
      documentIds: [doc],
      coders: ['ana'],
    });
    expect(ana.rows[0]!.values.map((v) => v.coded)).toEqual([100, 70]);
    expect(ana.coders).toEqual(['ana']);
    // A coder with no codings (in blind mode before the first one) counts nothing.
    const zed = await call(p, 'stanceOverview', {
      groupId: s.group,
      by: 'source',
      documentIds: [doc],
      coders: ['zed'],
    });
    expect(zed.rows[0]!.values.map((v) => v.coded)).toEqual([0, 0]);
    expect(zed.coders).toEqual([]);
    await expect(call(p, 'stanceOverview', { groupId: 999 })).rejects.toThrow('There is no code group 999.');
    await expect(call(p, 'stanceOverview', { groupId: s.group, documentIds: [doc, 77] })).rejects.toThrow(
      'There is no document 77.',
    );
  });

  it('pools documents by source, year and month, with undated documents in a column of their own, last', async () => {
    const p = await createTestProject();
    const s = await stanceGroup(p);
    const meta: [number, string, string][] = [
      [1, 'Asia Times', '2022-03-01'],
      [2, 'Asia Times', '2023-01-15'],
      [3, 'The Washington Times', '2022-12-19'],
      [4, '', '2022'],
      [5, '', ''],
    ];
    for (const [id, source, published] of meta) await call(p, 'updateDocument', { id, source, published });
    const chars = Object.fromEntries((await call(p, 'listDocuments', {})).documents.map((d) => [d.id, d.charCount]));
    await code(p, 'ana', 1, s.neutral, 0, 100);
    await code(p, 'ana', 2, s.complicit, 0, 200);
    await code(p, 'ana', 3, s.neutral, 0, 50);
    await code(p, 'ana', 3, s.complicit, 100, 130);
    await code(p, 'ana', 5, s.neutral, 0, 10);

    const table = async (by: 'document' | 'source' | 'year' | 'month') =>
      (await call(p, 'stanceOverview', { groupId: s.group, by })).rows.map((r) => [
        r.label,
        r.documentIds,
        r.values.map((v) => v.coded),
        r.chars,
        r.dominant,
      ]);
    const N = s.neutral;
    const C = s.complicit;

    expect(await table('source')).toEqual([
      ['Asia Times', [1, 2], [100, 200], chars[1]! + chars[2]!, C],
      ['The Washington Times', [3], [50, 30], chars[3], N],
      ['No source', [4, 5], [10, 0], chars[4]! + chars[5]!, N],
    ]);
    expect(await table('year')).toEqual([
      ['2022', [1, 3, 4], [150, 30], chars[1]! + chars[3]! + chars[4]!, N],
      ['2023', [2], [0, 200], chars[2], C],
      ['No date', [5], [10, 0], chars[5], N],
    ]);
    expect(await table('month')).toEqual([
      ['2022 (no month)', [4], [0, 0], chars[4], null],
      ['2022-03', [1], [100, 0], chars[1], N],
      ['2022-12', [3], [50, 30], chars[3], N],
      ['2023-01', [2], [0, 200], chars[2], C],
      ['No date', [5], [10, 0], chars[5], N],
    ]);
    // By document: dated ones by date, undated last; document 4 has no value and is left out (but counted in the total).
    const byDocument = await call(p, 'stanceOverview', { groupId: s.group, by: 'document' });
    expect(byDocument.rows.map((r) => r.documentIds[0])).toEqual([1, 3, 2, 5]);
    expect(byDocument.uncodedDocuments).toBe(1);
    const all = chars[1]! + chars[2]! + chars[3]! + chars[4]! + chars[5]!;
    expect(byDocument.total).toMatchObject({
      label: 'All documents',
      documentIds: [1, 2, 3, 4, 5],
      chars: all,
      uncoded: all - 390,
      dominant: C,
    });
    // Shares of the coded text (390 characters in all), by default; of all the text when asked.
    expect(byDocument.total.values.map((v) => [v.coded, v.share, v.passages])).toEqual([
      [160, 160 / 390, 3],
      [230, 230 / 390, 2],
    ]);
    const ofAll = await call(p, 'stanceOverview', { groupId: s.group, by: 'document', base: 'all' });
    expect(ofAll.total.values.map((v) => v.share)).toEqual([160 / all, 230 / all]);
    const asia = (await call(p, 'stanceOverview', { groupId: s.group, by: 'source', base: 'all' })).rows[0]!;
    expect(asia.values[1]!.share).toBe(200 / (chars[1]! + chars[2]!));
    const asiaCoded = (await call(p, 'stanceOverview', { groupId: s.group, by: 'source' })).rows[0]!;
    expect(asiaCoded.values.map((v) => v.share)).toEqual([100 / 300, 200 / 300]);

    // Documents of one day are ordered by title; a tie between values has no dominant one.
    await call(p, 'updateDocument', { id: 1, title: 'Zapad drills', published: '2022-12-19' });
    await call(p, 'updateDocument', { id: 3, title: 'Agreement in Minsk' });
    await code(p, 'ana', 3, s.complicit, 200, 220);
    const sameDay = await call(p, 'stanceOverview', { groupId: s.group, by: 'document' });
    expect(sameDay.rows.map((r) => [r.label, r.dominant])).toEqual([
      ['Agreement in Minsk', null],
      ['Zapad drills', N],
      [expect.any(String), C],
      [expect.any(String), N],
    ]);
  });

  it('takes a group that is not exclusive too, and says so', async () => {
    const p = await createTestProject();
    const doc = await addDocument(p);
    const s = await stanceGroup(p, false);
    await code(p, 'ana', doc, s.neutral, 0, 100);
    await code(p, 'ana', doc, s.complicit, 50, 150);
    const o = await call(p, 'stanceOverview', { groupId: s.group, documentIds: [doc] });
    expect(o.group.exclusive).toBe(false);
    expect(o.rows[0]).toMatchObject({ several: 50, uncoded: 850 });
    expect(o.rows[0]!.values.map((v) => [v.coded, v.alone])).toEqual([
      [100, 50],
      [100, 50],
    ]);
  });
});

describe('code co-occurrence', () => {
  /** Codings at known places in the 1,000-character document (paragraph k is [100k, 100k + 99)) and one seed. */
  async function place(p: ProjectHandle) {
    const doc = await addDocument(p);
    const a = (await call(p, 'createCode', { name: 'Troops' })).id;
    const b = (await call(p, 'createCode', { name: 'Sanctions' })).id;
    const c = (await call(p, 'createCode', { name: 'Protest' })).id;
    const first = await code(p, 'ana', doc, a, 10, 60);
    await code(p, 'ana', doc, b, 40, 80); // overlaps A in paragraph 0
    await code(p, 'ben', doc, a, 20, 50); // ben's A inside ana's: merged, not a second pair
    await code(p, 'ana', doc, a, 210, 240);
    await code(p, 'ana', doc, b, 250, 280); // same paragraph 2, no overlap
    const long = await code(p, 'ana', doc, a, 300, 420); // paragraphs 3 and 4
    await code(p, 'ana', doc, b, 405, 430); // overlaps A in paragraph 4
    await code(p, 'ana', doc, c, 330, 340); // overlaps A in paragraph 3
    await code(p, 'ana', doc, b, 500, 520);
    await code(p, 'ana', doc, b, 530, 540);
    const bridge = await code(p, 'ana', doc, a, 510, 535); // overlaps both B passages: two pairs
    await code(p, 'ana', doc, a, 610, 620);
    await code(p, 'ana', doc, b, 650, 660); // same paragraph 6, no overlap
    await code(p, 'ana', 1, a, 0, 50);
    await code(p, 'ana', 1, b, 25, 75); // the seed: one more overlap, in its first paragraph
    return { doc, a, b, c, first, long, bridge };
  }

  it('counts overlapping pairs of passages, or paragraphs holding both codes, in a symmetric matrix', async () => {
    const p = await createTestProject();
    const x = await place(p);
    const overlap = await call(p, 'coOccurrence', { scope: 'overlap', documentIds: [x.doc] });
    expect(overlap.codes.map((k) => k.name)).toEqual(['Troops', 'Sanctions', 'Protest']);
    // Diagonal: each code's own passages (A's two overlapping codings are one). A–B: 1 + 1 + 2 (the bridge) = 4.
    expect(overlap.counts).toEqual([
      [5, 4, 1],
      [4, 6, 0],
      [1, 0, 1],
    ]);
    const paragraph = await call(p, 'coOccurrence', { scope: 'paragraph', documentIds: [x.doc] });
    // Diagonal: paragraphs holding the code. A–B: paragraphs 0, 2, 4, 5, 6; A–C: paragraph 3.
    expect(paragraph.counts).toEqual([
      [6, 5, 1],
      [5, 5, 0],
      [1, 0, 1],
    ]);
    // Every document: the seed adds one to each.
    const everywhere = await call(p, 'coOccurrence', { scope: 'overlap', codeIds: [x.a, x.b] });
    expect(everywhere.counts).toEqual([
      [6, 5],
      [5, 7],
    ]);
    expect((await call(p, 'coOccurrence', { scope: 'paragraph', codeIds: [x.a, x.b] })).counts[0]![1]).toBe(6);
    // Only ben's codings: A alone.
    expect((await call(p, 'coOccurrence', { scope: 'overlap', coders: ['ben'] })).counts).toEqual([[1]]);
    await expect(call(p, 'coOccurrence', { scope: 'overlap', codeIds: [x.a, 555] })).rejects.toThrow(
      'There is no code 555.',
    );
  });

  it('lists the passages behind a cell with both codes’ ranges marked', async () => {
    const p = await createTestProject();
    const x = await place(p);
    const body = (await call(p, 'getDocument', { id: x.doc })).body;
    const overlap = await call(p, 'coOccurrencePassages', {
      codeA: x.a,
      codeB: x.b,
      scope: 'overlap',
      documentIds: [x.doc],
    });
    expect(overlap.map((q) => [q.start, q.end, q.a, q.b, q.codingId])).toEqual([
      [10, 80, [[0, 50]], [[30, 70]], x.first],
      [300, 430, [[0, 120]], [[105, 130]], x.long],
      [500, 535, [[10, 35]], [[0, 20]], x.bridge],
      [510, 540, [[0, 25]], [[20, 30]], x.bridge],
    ]);
    expect(overlap[0]!.text).toBe(body.slice(10, 80));
    expect(overlap[0]!.before).toBe(body.slice(0, 10));
    expect(overlap[0]!.after).toBe(`${body.slice(80, 200)}…`);
    expect(overlap[0]!.document.id).toBe(x.doc);
    // As many passages as the matrix counts, across documents too.
    const counts = await call(p, 'coOccurrence', { scope: 'overlap', codeIds: [x.a, x.b] });
    expect(await call(p, 'coOccurrencePassages', { codeA: x.a, codeB: x.b, scope: 'overlap' })).toHaveLength(
      counts.counts[0]![1]!,
    );

    const paragraphs = await call(p, 'coOccurrencePassages', {
      codeA: x.a,
      codeB: x.b,
      scope: 'paragraph',
      documentIds: [x.doc],
    });
    expect(paragraphs.map((q) => [q.start, q.end, q.a, q.b])).toEqual([
      [0, 99, [[10, 60]], [[40, 80]]],
      [200, 299, [[10, 40]], [[50, 80]]],
      [400, 499, [[0, 20]], [[5, 30]]],
      [
        500,
        599,
        [[10, 35]],
        [
          [0, 20],
          [30, 40],
        ],
      ],
      [600, 699, [[10, 20]], [[50, 60]]],
    ]);
    expect(paragraphs.map((q) => q.text)).toEqual([0, 2, 4, 5, 6].map((k) => body.slice(100 * k, 100 * k + 99)));
    expect(paragraphs[0]!.before).toBe('');
    // Swapping the codes swaps the marks.
    const swapped = await call(p, 'coOccurrencePassages', {
      codeA: x.b,
      codeB: x.a,
      scope: 'paragraph',
      documentIds: [x.doc],
    });
    expect(swapped.map((q) => q.a)).toEqual(paragraphs.map((q) => q.b));
    await expect(call(p, 'coOccurrencePassages', { codeA: x.a, codeB: x.a, scope: 'overlap' })).rejects.toThrow(
      'Choose two different codes',
    );
  });
});

describe('the comparison sections of a report', () => {
  const EVIL = '<img src=x onerror=alert(1)>';
  /** The seeds with sources (one of them hostile), a stance group with a hostile value name, and a few codings. */
  async function reportProject() {
    const p = await createTestProject();
    const s = await stanceGroup(p);
    await call(p, 'updateCode', { id: s.complicit, name: EVIL });
    const meta: [number, string, string][] = [
      [1, 'Asia Times', '2022-03-01'],
      [2, '<script>alert("x")</script>', '2022-12-20'],
      [3, 'The Washington Times', '2022-12-19'],
      [4, '', ''],
      [5, '', ''],
    ];
    for (const [id, source, published] of meta) await call(p, 'updateDocument', { id, source, published });
    await code(p, 'ana', 1, s.neutral, 0, 600);
    await code(p, 'ana', 1, s.complicit, 600, 700);
    await code(p, 'ana', 2, s.complicit, 0, 900);
    await code(p, 'ana', 3, s.neutral, 0, 1000);
    const chars = Object.fromEntries((await call(p, 'listDocuments', {})).documents.map((d) => [d.id, d.charCount]));
    return { p, s, chars };
  }
  const pct = (n: number, d: number) => `${((n / d) * 100).toFixed(1)}%`;
  const html = async (p: ProjectHandle, extra: object) =>
    Buffer.from((await call(p, 'exportFile', { format: 'html', ...extra })).base64!, 'base64').toString('utf8');

  it('are left out unless asked for', async () => {
    const { p } = await reportProject();
    const page = await html(p, {});
    expect(page).not.toContain('Stance overview');
    expect(page).not.toContain('Code co-occurrence');
  });

  it('show the stance table and chart and the co-occurrence matrix, every name escaped', async () => {
    const { p, s, chars } = await reportProject();
    const page = await html(p, {
      include: { stance: true, cooccurrence: true },
      stance: { by: 'source', base: 'all' },
    });
    // Nothing from the project became markup: no element, no script, the CSP intact.
    expect(page).not.toMatch(/<img|<script/i);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    const { document } = parseHTML(page);
    const section = document.querySelector('section.stance')!;
    expect(section.querySelector('h2')!.textContent).toBe('Stance overview: Belarus stance');
    expect(section.querySelector('p')!.textContent).toContain(
      "Share of each source's texts coded with each value of “Belarus stance”",
    );
    // The table: sources in order, the hostile one as text; "No source" last; the total below.
    const cells = [...section.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(cells).toEqual([
      [
        '<script>alert("x")</script>',
        '0% (0 passages)',
        `${pct(900, chars[2]!)} (1 passage)`,
        pct(chars[2]! - 900, chars[2]!),
        EVIL,
      ],
      [
        'Asia Times',
        `${pct(600, chars[1]!)} (1 passage)`,
        `${pct(100, chars[1]!)} (1 passage)`,
        pct(chars[1]! - 700, chars[1]!),
        'Belarus neutral',
      ],
      [
        'The Washington Times',
        `${pct(1000, chars[3]!)} (1 passage)`,
        '0% (0 passages)',
        pct(chars[3]! - 1000, chars[3]!),
        'Belarus neutral',
      ],
      ['No source', '0% (0 passages)', '0% (0 passages)', '100.0%', '–'],
    ]);
    expect([...section.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Source',
      'Belarus neutral',
      EVIL,
      'Uncoded',
      'Mostly',
    ]);
    const all = chars[1]! + chars[2]! + chars[3]! + chars[4]! + chars[5]!;
    expect([...section.querySelectorAll('tfoot td')].map((td) => td.textContent)[0]).toBe(
      `${pct(1600, all)} (2 passages)`,
    );
    // The chart: static SVG with a bar for each row, the values' names in its legend as text.
    const svg = section.querySelector('figure.chart svg')!;
    const overview = await call(p, 'stanceOverview', { groupId: s.group, by: 'source', base: 'all' });
    expect(new Set([...svg.querySelectorAll('rect[data-row]')].map((r) => r.getAttribute('data-row')))).toEqual(
      new Set(overview.rows.map((_, i) => String(i))),
    );
    expect([...svg.querySelectorAll('[aria-label="legend"] text')].map((t) => t.textContent)).toEqual([
      'Belarus neutral',
      EVIL,
      'Uncoded',
    ]);
    expect([...svg.querySelectorAll('[aria-label="y-axis tick label"] text')].map((t) => t.textContent)).toEqual([
      '<script>alert("x")</script>',
      'Asia Times',
      'The Washington Times',
      'No source',
    ]);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');

    const matrix = document.querySelector('section.cooccurrence')!;
    expect(matrix.querySelector('p')!.textContent).toMatch(/^How often passages coded with two codes overlap/);
    // Codes with passages only; the diagonal in brackets. Neutral and the other value touch at 600 but do not overlap.
    expect([...matrix.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent))).toEqual([
      ['1. Belarus neutral', '(2)', '·'],
      [`2. ${EVIL}`, '·', '(2)'],
    ]);
    const paragraphs = parseHTML(
      await html(p, { include: { cooccurrence: true }, cooccurrence: { scope: 'paragraph' } }),
    ).document.querySelector('section.cooccurrence')!;
    expect(paragraphs.querySelector('tbody tr')!.children[2]!.textContent).toBe('1');
  });

  it('carry the tables into Markdown and Word, and the chart into the PDF', async () => {
    const { p, chars } = await reportProject();
    const choices = {
      include: { stance: true, cooccurrence: true },
      stance: { by: 'year' as const, base: 'all' as const },
    };
    const md = Buffer.from((await call(p, 'exportFile', { format: 'md', ...choices })).base64!, 'base64').toString(
      'utf8',
    );
    expect(md).toContain('## Stance overview: Belarus stance');
    expect(md).toContain('| Year | Belarus neutral | \\<img src=x onerror=alert(1)\\> | Uncoded | Mostly |');
    expect(md).toContain(
      `| 2022 | ${pct(1600, chars[1]! + chars[2]! + chars[3]!)} (2 passages) | ${pct(1000, chars[1]! + chars[2]! + chars[3]!)} (2 passages) |`,
    );
    expect(md).toContain('## Code co-occurrence');

    const docx = unzipSync(
      new Uint8Array(Buffer.from((await call(p, 'exportFile', { format: 'docx', ...choices })).base64!, 'base64')),
    );
    const xml = strFromU8(docx['word/document.xml']!);
    expect(xml).toContain('Stance overview: Belarus stance');
    expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(xml).toContain(`${pct(1600, chars[1]! + chars[2]! + chars[3]!)} (2 passages)`);
    expect(xml).toContain('Code co-occurrence');

    const out = join(tempDir(), 'stance.pdf');
    await call(p, 'exportFile', { format: 'pdf', path: out, ...choices });
    const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
    // The section's own page (the contents name it too, earlier).
    const page = text.split('\f').findLast((t) => t.includes('Stance overview: Belarus stance'))!;
    // The chart's legend, axis and rows are text in the PDF, as the table is.
    for (const label of ['Belarus neutral', EVIL, 'Uncoded', 'Share of the text', '100%', '2022', 'No date'])
      expect(page).toContain(label);
    // Kept for a person to look at (pdftoppm -png -r 60).
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    copyFileSync(out, join(ROOT, '.tmp', 'stance-report.pdf'));
  }, 60_000);
});
