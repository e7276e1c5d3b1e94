// The annotated report as a supervisor reads it: names that cannot reverse or
// break its text, titles derived for articles without a headline, quotes without
// doubled quotation marks, and passages cited by document and paragraph.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

const decode = (r: { base64: string | null }) => Buffer.from(r.base64!, 'base64').toString('utf8');

/** Codes `quote` (its first occurrence) in a document with a code. */
async function code(p: ProjectHandle, documentId: number, quote: string, codeId: number) {
  const text = (await call(p, 'getDocument', { id: documentId })).body;
  const at = text.indexOf(quote);
  if (at < 0) throw new Error(`not in the text: ${quote}`);
  const start = toCodePointOffset(text, at);
  return (await call(p, 'applyCode', { documentId, codeId, start, end: start + countCodePoints(quote) })).coding;
}

const html = async (p: ProjectHandle, choices: object = {}) =>
  parseHTML(decode(await call(p, 'exportFile', { format: 'html', ...choices }))).document;

describe('names and quotes in the report', () => {
  it('writes hidden characters of titles, code names and coders out, and never doubles a passage’s own quotation marks', async () => {
    const p = await createTestProject();
    p.coder = 'ana\u202E';
    const tricky = (await call(p, 'createCode', { name: 'Spoof \u202Eevitisop', colour: '#ffe119' })).id;
    await call(p, 'updateDocument', { id: 4, title: 'Minsk \u202Eskaet' });
    const doc = await call(p, 'getDocument', { id: 1 });
    // A passage that begins and ends with the article's own quotation marks.
    const quote = /“[^”]{5,80}”/.exec(doc.body)?.[0] ?? null;
    expect(quote).not.toBeNull();
    await code(p, 1, quote!, tricky);
    await code(p, 4, 'Lukashenka', tricky);
    const d = await html(p);
    const text = d.body.textContent!;
    expect(text).not.toContain('\u202E');
    expect(text).toContain('Minsk ⟨U+202E⟩skaet');
    expect(text).toContain('Spoof ⟨U+202E⟩evitisop');
    expect(text).toContain('ana⟨U+202E⟩');
    const cells = [...d.querySelectorAll('.quotes td.quote')].map((td) => td.textContent);
    expect(cells).toContain(quote);
    expect(cells.some((c) => /^[“"]{2}|[”"]{2}$/.test(c!))).toBe(false);
    expect(cells).toContain('“Lukashenka”');
  });

  it('cites each passage as “document, ¶ n”, the paragraph the margin numbers, in HTML, Markdown and Word alike', async () => {
    const p = await createTestProject();
    p.coder = 'ana';
    const c = (await call(p, 'createCode', { name: 'Stated as fact' })).id;
    const body = (await call(p, 'getDocument', { id: 2 })).body;
    // The third paragraph (non-blank line) of the article.
    const third = body
      .split('\n')
      .filter((l) => l.trim())[2]!
      .trim()
      .slice(0, 40);
    await code(p, 2, third, c);
    const title = (await call(p, 'getDocument', { id: 2 })).displayTitle;
    const d = await html(p, { documentIds: [2] });
    expect(d.querySelector('.quotes tbody td:nth-child(2)')!.textContent).toBe(`${title}, ¶\u00a03`);
    const md = decode(await call(p, 'exportFile', { format: 'md', documentIds: [2] }));
    expect(md).toContain(`${title}, ¶ 3`);
  });
});

describe('titles of articles without a headline', () => {
  it('heads each such document with a title from its text, says it was derived, and keeps the file name', async () => {
    const p = await createTestProject();
    const d = await html(p, { documentIds: [1, 4] });
    const headings = [...d.querySelectorAll('.document h2')].map((h) => h.textContent);
    expect(headings).toEqual([
      'Belarus – Russia’s only ally in Europe – is playing a significant role in the Kremlin’s…',
      'Putin goes to Lukashenka. Will they show where the attack was coming from?',
    ]);
    const first = d.querySelector('.document .meta')!.textContent!;
    expect(first).toContain('none in the text; the heading is its opening, shortened');
    expect(first).toContain('000_7711b91fd1944c02.txt');
    expect(d.querySelectorAll('.document')[1]!.querySelector('.meta')!.textContent).not.toContain('none in the text');
  });
});

describe('the stance overview in the report', () => {
  it('by default shows each value’s share of the coded text, the uncoded share as a number, and each document’s dominant value', async () => {
    const p = await createTestProject();
    p.coder = 'ana';
    const neutral = (await call(p, 'createCode', { name: 'Belarus neutral', colour: '#3b7dd8' })).id;
    const complicit = (await call(p, 'createCode', { name: 'Belarus complicit', colour: '#d8453b' })).id;
    await call(p, 'createCodeGroup', { name: 'Belarus role', exclusive: true, codeIds: [neutral, complicit] });
    await code(p, 2, 'Belarus allows Russian troops on its territory', complicit);
    await code(p, 3, 'Lukashenko', neutral);
    await code(p, 3, 'Putin', complicit);
    const d = await html(p, { include: { stance: true } });
    const section = d.querySelector('section.stance')!;
    expect(section.querySelector('p')!.textContent).toContain('Share of each document’s coded text'.replace('’', "'"));
    expect([...section.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Document',
      'Belarus neutral',
      'Belarus complicit',
      'Uncoded (of all text)',
      'Mostly',
    ]);
    const rows = [...section.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    // The second seed is coded only “complicit”: all of its coded text leans that way, though nearly all its text is uncoded.
    const second = rows.find((r) => r[0]!.startsWith('No Russian reinforcements'))!;
    expect(second.slice(1, 3)).toEqual(['0% (0 passages)', '100.0% (1 passage)']);
    expect(Number.parseFloat(second[3]!)).toBeGreaterThan(90);
    expect(second[4]).toBe('Belarus complicit');
    // “Lukashenko” (10 letters) against “Putin” (5): two thirds and one third of the coded text.
    const third = rows.find((r) => r[0]!.startsWith('Russia launched'))!;
    expect(third.slice(1, 3)).toEqual(['66.7% (1 passage)', '33.3% (1 passage)']);
    expect(third[4]).toBe('Belarus neutral');
    // The chart's bars are of the coded text, with the uncoded share written beside them.
    const svg = section.querySelector('figure.chart svg')!;
    expect(svg.textContent).toContain('Share of the coded text');
    expect(svg.textContent).toMatch(/\d+% uncoded/);
  });
});

describe('the contents', () => {
  it('lists every part with the page it starts on in the PDF, and the same parts in Markdown and Word', async () => {
    const p = await createTestProject();
    p.coder = 'ana';
    const c = (await call(p, 'createCode', { name: 'Lukashenko and Putin' })).id;
    await code(p, 4, 'Putin', c);
    await code(p, 1, 'Lukashenko', c);
    const out = join(tempDir(), 'contents.pdf');
    await call(p, 'exportFile', { format: 'pdf', path: out });
    const pages = execFileSync('pdftotext', ['-layout', out, '-']).toString().split('\f');
    const contents = pages.findIndex((t) => /^\s*Contents\n/.test(t));
    expect(contents).toBeGreaterThan(0);
    const titles = (await call(p, 'listDocuments', {})).documents.map((d) => d.displayTitle);
    const parts = ['Codes', ...titles, 'Codes by document', 'Passages by code', 'Codebook'];
    // Each entry's page number is the page its heading opens (a long title may wrap in the contents: its start is enough).
    const numbered = [...pages[contents]!.matchAll(/^(\S.*?)\s{2,}(\d+)$/gm)].map(
      (m) => [m[1]!, Number(m[2])] as const,
    );
    expect(numbered).toHaveLength(parts.length);
    for (const [i, part] of parts.entries()) {
      const [entry, page] = numbered[i]!;
      expect(part.startsWith(entry.replace(/\s+/g, ' ').slice(0, 30))).toBe(true);
      // Each part opens a page, but the codes, which follow the contents on theirs.
      const text = pages[page - 1]!.trimStart().replace(/\s+/g, ' ');
      expect(
        part === 'Codes' ? text.includes(' Codes ') : text.startsWith(part.slice(0, 40)),
        `${part} on page ${page}`,
      ).toBe(true);
    }

    const md = decode(await call(p, 'exportFile', { format: 'md' }));
    expect(md).toContain(`## Contents\n\n1. Codes\n2. ${titles[0]}`);
    const docx = strFromU8(
      unzipSync(new Uint8Array(Buffer.from((await call(p, 'exportFile', { format: 'docx' })).base64!, 'base64')))[
        'word/document.xml'
      ]!,
    );
    // Word's contents field over the top headings, which Word fills with page numbers when it opens the file.
    expect(docx).toContain('<w:fldSimple w:instr="TOC \\o &quot;1-1&quot; \\h">');
  }, 60_000);
});
