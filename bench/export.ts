// Exporting an annotated report to PDF: 100 documents with 1,000 codings (and
// a memo on every tenth), beside two floors measured in the same run: reading
// the same texts and codings in plain SQLite, and Chromium printing the same
// texts with no annotations at all.
//
//   node bench/export.ts [--docs N] [--codings N] [--runs N] [--corpus DIR]
//
// --corpus DIR  the real articles to import (.txt; default: the BBC corpus beside the repository)
//
// Target: the PDF in under 10 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { call } from '../src/main/core/engine.ts';
import { escapeHtml } from '../src/main/core/export/html.ts';
import { chromiumPrinter } from '../src/main/printers/chromium.ts';
import { openOrCreateProject } from '../src/main/core/project.ts';
import { articleFiles } from './corpus.ts';
import { corpusDir, ms, prng, ratio, summarise, table } from './util.ts';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '100' },
    codings: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    corpus: { type: 'string' },
  },
});
const DOCS = Number(args.docs);
const CODINGS = Number(args.codings);
const runs = Number(args.runs);
const TARGET_MS = 10_000;
const CORPUS = corpusDir(args.corpus);
/** Real articles: the first of each folder in turn, so every topic is there. */
const articles = (n: number) => articleFiles(CORPUS, n);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-bench-export-'));
  const project = await openOrCreateProject(join(dir, 'p.quire'), {});
  project.printer = chromiumPrinter;
  const report = await call(project, 'importFiles', { paths: articles(DOCS) });
  const ids = report.files.flatMap((f) => (f.documentId ? [f.documentId] : []));
  const codes = await Promise.all(
    ['Economy', 'Politics', 'Public opinion', 'Sanctions', 'Technology', 'Sport', 'Quotes', 'Numbers'].map((name) =>
      call(project, 'createCode', { name }),
    ),
  );
  const random = prng(5);
  process.stderr.write(`[export] ${ids.length} documents; coding ${CODINGS} passages…\n`);
  for (let i = 0; i < CODINGS; i++) {
    const id = ids[i % ids.length]!;
    const length = (await call(project, 'getDocument', { id })).charCount;
    const start = Math.floor(random() * Math.max(1, length - 300));
    const { coding } = await call(project, 'applyCode', {
      documentId: id,
      codeId: codes[i % codes.length]!.id,
      start,
      end: Math.min(length, start + 30 + Math.floor(random() * 250)),
    });
    if (i % 10 === 0)
      await call(project, 'setMemo', {
        target: 'coding',
        id: coding.id,
        text: `Memo ${i}: worth comparing with the other sources.`,
      });
  }
  const out = join(dir, 'report.pdf');

  const ours: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    bytes = (await call(project, 'exportFile', { format: 'pdf', path: out })).bytes;
    ours.push(performance.now() - t);
  }
  const htmlOnly: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await call(project, 'previewReport', {});
    htmlOnly.push(performance.now() - t);
  }
  // Floors: the same rows read in plain SQLite; the same texts printed bare.
  const readRows = project.db.prepare<[], { body: string; codings: string }>(
    `SELECT d.body, (SELECT json_group_array(json_array(start, "end", code_id)) FROM codings k WHERE k.document_id = d.id) AS codings FROM documents d`,
  );
  const rawRead: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    readRows.all();
    rawRead.push(performance.now() - t);
  }
  const bodies = readRows.all().map((r) => r.body);
  const bare = `<!doctype html><meta charset="utf-8"><body>${bodies.map((b) => `<pre style="white-space:pre-wrap;break-before:page">${escapeHtml(b)}</pre>`).join('')}</body>`;
  const rawPrint: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await chromiumPrinter(bare, { paper: 'A4' });
    rawPrint.push(performance.now() - t);
  }
  project.db.close();
  rmSync(dir, { recursive: true, force: true });

  const [pdf, html, read, print] = [ours, htmlOnly, rawRead, rawPrint].map(summarise) as [
    ReturnType<typeof summarise>,
    ReturnType<typeof summarise>,
    ReturnType<typeof summarise>,
    ReturnType<typeof summarise>,
  ];
  const rows = [
    [
      'PDF report, written to disk',
      ms(pdf.p50),
      ms(pdf.max),
      ms(print.p50),
      ratio(pdf.p50 / print.p50),
      `< ${TARGET_MS / 1000} s ${pdf.max < TARGET_MS ? '✓' : '✗'}`,
    ],
    ['  of which: the report model and HTML', ms(html.p50), ms(html.max), ms(read.p50), ratio(html.p50 / read.p50), ''],
  ];
  console.log(
    [
      `## Export: ${ids.length} documents, ${CODINGS.toLocaleString()} codings (${Math.ceil(CODINGS / 10)} with memos) to a PDF of ${(bytes / 1024 / 1024).toFixed(1)} MB; ${runs} runs`,
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}; Node ${process.version}. Floors, same run: Chromium printing the same texts bare (one <pre> per document), and reading the texts and codings in plain SQLite.`,
      '',
      table(['measure', 'ours p50 (ms)', 'ours max (ms)', 'floor p50 (ms)', 'ours/floor', 'target'], rows, [
        false,
        true,
        true,
        true,
        true,
        false,
      ]),
    ].join('\n'),
  );
}

await main();
