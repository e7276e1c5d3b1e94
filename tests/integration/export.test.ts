import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import type { PdfPrinter } from '../../src/main/core/export/pdf.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

/** The seeds with three codes, overlapping codings on 001, memos, and a hostile document. */
async function codedProject(): Promise<ProjectHandle & { codes: Record<string, number> }> {
  const p = await createTestProject();
  p.coder = 'ana';
  const codes: Record<string, number> = {};
  for (const [name, colour] of [
    ['Belarus complicit', '#f58231'],
    ['Russian troops in Belarus', '#911eb4'],
    ['<b>Evil</b> & "code"', '#3cb44b'],
  ] as const) {
    codes[name] = (await call(p, 'createCode', { name, colour })).id;
  }
  await call(p, 'setMemo', {
    target: 'code',
    id: codes['Belarus complicit']!,
    text: 'Belarus enables without fighting.',
  });
  const hostile =
    '<script>document.title="pwned"</script> Minsk 🇧🇾 café <img src=x onerror=alert(1)> complicit passage here.\n';
  await call(p, 'importUploads', {
    files: [{ name: 'hostile.html.txt', base64: Buffer.from(hostile).toString('base64') }],
  });
  const code = async (documentId: number, quote: string, name: string, memo?: string) => {
    const text = (await call(p, 'getDocument', { id: documentId })).body;
    const start = toCodePointOffset(text, text.indexOf(quote));
    const { coding } = await call(p, 'applyCode', {
      documentId,
      codeId: codes[name]!,
      start,
      end: start + countCodePoints(quote),
    });
    if (memo) await call(p, 'setMemo', { target: 'coding', id: coding.id, text: memo });
  };
  await code(
    2,
    'The complicity of Belarus in the aggression is beyond doubt',
    'Belarus complicit',
    'Stated as fact, <i>without</i> a source.',
  );
  await code(
    2,
    'Belarus in the aggression is beyond doubt: Belarus allows Russian troops on its territory',
    'Russian troops in Belarus',
  );
  await code(6, 'complicit passage', '<b>Evil</b> & "code"', '<script>x()</script>');
  await call(p, 'setMemo', { target: 'document', id: 2, text: 'Opinion piece.' });
  return Object.assign(p, { codes });
}

const decode = (r: { base64: string | null }) => Buffer.from(r.base64!, 'base64');

describe('the HTML report', () => {
  it('escapes everything from the project: no source can add markup or script', async () => {
    const p = await codedProject();
    const html = decode(await call(p, 'exportFile', { format: 'html' })).toString('utf8');
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('script, img, i, b')).toHaveLength(0);
    expect(document.querySelector('#document-6 .text')!.textContent).toContain(
      '<script>document.title="pwned"</script> Minsk 🇧🇾 café <img src=x onerror=alert(1)>',
    );
    expect(html).toContain('&lt;b&gt;Evil&lt;/b&gt; &amp; &quot;code&quot;');
    // The report's own policy forbids scripts, should anything slip through.
    expect(document.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
  });

  it('highlights each coded passage in its colours, labels it in the margin and numbers its memo', async () => {
    const p = await codedProject();
    const { document } = parseHTML(decode(await call(p, 'exportFile', { format: 'html' })).toString('utf8'));
    const doc = document.querySelector('#document-2')!;
    const marks = [...doc.querySelectorAll('mark')].map((m) => [m.textContent, m.getAttribute('title')]);
    expect(marks).toEqual([
      ['The complicity of ', 'Belarus complicit'],
      ['Belarus in the aggression is beyond doubt', 'Belarus complicit, Russian troops in Belarus'],
      [': Belarus allows Russian troops on its territory', 'Russian troops in Belarus'],
    ]);
    expect(doc.querySelectorAll('mark')[1]!.getAttribute('style')).toMatch(/repeating-linear-gradient/);
    expect([...doc.querySelectorAll('.text .label')].map((l) => l.textContent)).toEqual([
      'Belarus complicit',
      'Russian troops in Belarus',
    ]);
    // Each stripe is anchored on its passage's first and last piece, so it spans exactly the passage's lines.
    const [first, second] = [...doc.querySelectorAll('.stripe')].map((s) => s.getAttribute('style')!);
    expect(marks.length).toBe(3);
    expect(doc.querySelectorAll('mark')[0]!.getAttribute('style')).toMatch(/anchor-name:--a\d+-\d+$/);
    expect(doc.querySelectorAll('mark')[1]!.getAttribute('style')).toMatch(/anchor-name:--z\d+-\d+,--a\d+-\d+$/);
    expect(first).toMatch(/top:anchor\(--a(\d+)-(\d+) top\);bottom:anchor\(--z\1-\2 bottom\)/);
    expect(second).toMatch(/top:anchor\(--a(\d+)-(\d+) top\);bottom:anchor\(--z\1-\2 bottom\)/);
    expect(doc.querySelector('.note-ref')!.textContent).toBe('1');
    expect(doc.querySelector('.notes li')!.textContent).toBe(
      'Belarus complicit, ana: Stated as fact, <i>without</i> a source.',
    );
    expect(doc.querySelector('.memo')!.textContent).toBe('Memo Opinion piece.');
  });

  it('covers the chosen documents and codes, and leaves out the parts not asked for', async () => {
    const p = await codedProject();
    const only = {
      format: 'html' as const,
      documentIds: [2],
      codeIds: [p.codes['Russian troops in Belarus']!],
      include: { matrix: false, codebook: false },
    };
    const { document } = parseHTML(decode(await call(p, 'exportFile', only)).toString('utf8'));
    expect([...document.querySelectorAll('.document h2')].map((h) => h.textContent)).toEqual([
      'No Russian reinforcements were needed in the end, but the payback for the Kremlin’s…',
    ]);
    expect([...document.querySelectorAll('.document mark')].map((m) => m.textContent)).toEqual([
      'Belarus in the aggression is beyond doubt: Belarus allows Russian troops on its territory',
    ]);
    expect(document.querySelector('.matrix')).toBeNull();
    expect(document.querySelector('.codebook')).toBeNull();
    expect(document.querySelector('.quotes h3')!.textContent).toBe('Russian troops in Belarus 1');
    expect(document.querySelector('.title-page')!.textContent).toContain('1 chosen document; 1 of 3 codes');
    // A search chooses the documents too.
    const found = parseHTML(
      decode(await call(p, 'exportFile', { format: 'html', query: 'Grodno' })).toString('utf8'),
    ).document;
    expect([...found.querySelectorAll('.document h2')].map((h) => h.textContent)).toEqual([
      'Putin goes to Lukashenka. Will they show where the attack was coming from?',
    ]);
    await expect(call(p, 'exportFile', { format: 'html', documentIds: [99] })).rejects.toThrow(
      'There is no document 99.',
    );
  });
});

describe('the PDF report', () => {
  it('prints the report with selectable text, page numbers and a document per page', async () => {
    const p = await codedProject();
    const dir = tempDir();
    const out = join(dir, 'report.pdf');
    const result = await call(p, 'exportFile', { format: 'pdf', path: out, paper: 'Letter' });
    expect(result).toMatchObject({ path: out, base64: null, name: 'report.pdf' });
    const info = execFileSync('pdfinfo', [out]).toString();
    expect(info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    const text = execFileSync('pdftotext', ['-layout', out, '-']).toString();
    expect(text).toContain('The complicity of Belarus in the aggression is beyond doubt');
    expect(text).toContain('Stated as fact, <i>without</i> a source.');
    expect(text).toMatch(/Russian troops in\s/);
    expect(text).toContain(`1 / ${pages}`);
    expect(text).toContain(`${pages} / ${pages}`);
    // Each of the six documents starts on a page of its own.
    const firstPages = [1, 2, 3, 4, 5, 6].map((id) =>
      Number(
        /(\d+) \/ \d+/.exec(
          text.split('\f').find((page) => page.includes(id === 6 ? 'hostile.html.txt' : `00${id - 1}_`)) ?? '',
        )?.[1],
      ),
    );
    expect(new Set(firstPages).size).toBe(6);
  }, 60_000);
});

describe('writing an export', () => {
  /** A printer that waits until told, to catch an export midway. */
  function gatedPrinter() {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const printer: PdfPrinter = async (_html, options) => {
      await gate;
      if (options.signal?.aborted) throw new Error('aborted');
      return new TextEncoder().encode('%PDF-1.7 test');
    };
    return { printer, release };
  }

  it('shows progress while it runs, and a cancel leaves no file behind', async () => {
    const p = await codedProject();
    const { printer, release } = gatedPrinter();
    p.printer = printer;
    const dir = tempDir();
    const exporting = call(p, 'exportFile', { format: 'pdf', path: join(dir, 'r.pdf') });
    await expect.poll(() => call(p, 'exportProgress', {})).toMatchObject({ running: true, total: 6 });
    await expect(call(p, 'exportFile', { format: 'html' })).rejects.toThrow(/Another export is under way/);
    await call(p, 'cancelExport', {});
    release();
    await expect(exporting).rejects.toMatchObject({ code: 'cancelled' });
    expect(readdirSync(dir)).toEqual([]);
    expect((await call(p, 'exportProgress', {})).running).toBe(false);
  });

  it('replaces a file only once the new one is complete, and keeps the old one when the export fails', async () => {
    const p = await codedProject();
    const dir = tempDir();
    const out = join(dir, 'report.pdf');
    writeFileSync(out, 'the previous report');
    p.printer = async () => {
      throw new Error('the printer window was closed');
    };
    await expect(call(p, 'exportFile', { format: 'pdf', path: out })).rejects.toThrow('the printer window was closed');
    expect(readFileSync(out, 'utf8')).toBe('the previous report');
    expect(readdirSync(dir)).toEqual(['report.pdf']);
    await call(p, 'exportFile', { format: 'html', path: out });
    expect(readFileSync(out, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readdirSync(dir)).toEqual(['report.pdf']);
  });

  it('says plainly when the folder is missing or is not a file name', async () => {
    const p = await codedProject();
    const dir = tempDir();
    await expect(call(p, 'exportFile', { format: 'html', path: join(dir, 'nowhere', 'r.html') })).rejects.toThrow(
      `The folder ${join(dir, 'nowhere')} does not exist.`,
    );
    await expect(call(p, 'exportFile', { format: 'html', path: dir })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
