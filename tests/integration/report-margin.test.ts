// The printed report's margin, checked the way its readers see it: the PDF's
// words and their boxes (pdftotext -bbox). A dense case — three long-named codes
// overlapping one passage, coded by two coders — must give horizontal labels of
// whole words, at least 8 pt, in document order, none on top of another.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { codeDenseCase } from '../helpers/dense.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

interface Word {
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

/** Every word of a PDF with its box, in points, as pdftotext -bbox gives them. */
function pdfWords(pdf: string): Word[] {
  const xhtml = execFileSync('pdftotext', ['-bbox', pdf, '-']).toString();
  const words: Word[] = [];
  xhtml
    .split(/<page /)
    .slice(1)
    .forEach((page, i) => {
      for (const m of page.matchAll(
        /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
      )) {
        const text = m[5]!
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'");
        words.push({ page: i + 1, x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text });
      }
    });
  return words;
}

const overlap = (a: Word, b: Word) =>
  a.page === b.page && a.x0 < b.x1 - 0.3 && b.x0 < a.x1 - 0.3 && a.y0 < b.y1 - 0.3 && b.y0 < a.y1 - 0.3;

/**
 * The words in the margin left of the paragraph numbers, on the pages of the documents' text, from the first paragraph
 * number down: the labels (and nothing else stands there).
 */
function marginWords(words: Word[]): Word[] {
  const numbers = words.filter((w) => w.text === '¶');
  const left = Math.min(...numbers.map((w) => w.x0));
  return words.filter((w) => {
    const onPage = numbers.filter((n) => n.page === w.page);
    return onPage.length > 0 && w.x1 <= left && w.y0 >= Math.min(...onPage.map((n) => n.y0)) - 2;
  });
}

/** Reading order: page, then line (words within 2 pt of height are one line), then left to right. */
function readingOrder(words: Word[]): Word[] {
  return [...words].sort((a, b) => a.page - b.page || (Math.abs(a.y0 - b.y0) > 2 ? a.y0 - b.y0 : a.x0 - b.x0));
}

/** The dense case on the first seed. */
async function denseProject(): Promise<ProjectHandle> {
  const p = await createTestProject();
  await codeDenseCase(p);
  return p;
}

describe('the printed margin', () => {
  it('gives whole-word horizontal labels of at least 8 pt that never overlap, in a dense case of three long codes and two coders', async () => {
    const p = await denseProject();
    const choices = { documentIds: [1], include: { matrix: false, quotes: false, codebook: false, memos: false } };
    const html = Buffer.from((await call(p, 'exportFile', { format: 'html', ...choices })).base64!, 'base64').toString(
      'utf8',
    );
    const labels = [...parseHTML(html).document.querySelectorAll('.text .label')].map((l) => l.textContent!);
    expect(labels).toHaveLength(6);
    // Names too long for the margin are shortened at a word, with the coder's initials.
    expect(labels).toContain('Belarus as co-belligerent… · AK');
    expect(labels).toContain('Russian troops stationed on… · BO');

    const out = join(tempDir(), 'dense.pdf');
    await call(p, 'exportFile', { format: 'pdf', path: out, ...choices });
    const words = pdfWords(out);
    const margin = readingOrder(marginWords(words));
    // Every word in the margin is a whole word of a label, and the labels read whole, one after another, in order.
    expect(margin.map((w) => w.text)).toEqual(labels.flatMap((l) => l.split(/\s+/)));
    // Horizontal, and at least 8 pt (a word's box is about 1.15 times the type size tall).
    for (const w of margin) {
      expect(w.y1 - w.y0).toBeGreaterThanOrEqual(8 * 1.1);
      if ([...w.text].length >= 3) expect(w.x1 - w.x0).toBeGreaterThan(w.y1 - w.y0);
    }
    // No word of a label on another's, nor on the text.
    for (const [i, a] of margin.entries())
      for (const b of margin.slice(i + 1)) expect(overlap(a, b), `${a.text} / ${b.text}`).toBe(false);
    const rest = words.filter((w) => !margin.includes(w));
    for (const a of margin) expect(rest.filter((b) => overlap(a, b)).map((b) => b.text)).toEqual([]);
    if (process.env.QUIRE_KEEP_PDF) writeFileSync(process.env.QUIRE_KEEP_PDF, readFileSync(out));
  }, 60_000);
});
