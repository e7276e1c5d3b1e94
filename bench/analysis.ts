// The team analyses on a project of real articles coded by three coders:
// intercoder agreement (per character and per segment), the disagreements,
// the stance overview and code co-occurrence, each beside the floor measured
// in the same run: reading the same codings (and the texts' lengths) in plain
// SQLite. Merging the project into a copy of itself is timed too, beside
// copying the rows it added into a new table in plain SQLite.
//
//   node bench/analysis.ts [--docs N] [--codings N] [--runs N] [--corpus DIR]
//
// --corpus DIR  the real articles to import (.txt; default: the BBC corpus beside the repository)
//
// Target: every analysis under 1 s at p95 (the panel answers as the user
// changes a choice); the merge under 10 s.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MethodName } from '../src/shared/api.ts';
import { call } from '../src/main/core/engine.ts';
import { openOrCreateProject } from '../src/main/core/project.ts';
import { articleFiles } from './corpus.ts';
import { corpusDir, ms, prng, ratio, summarise, table } from './util.ts';

const { values: args } = parseArgs({ options: { docs: { type: 'string', default: '1000' }, codings: { type: 'string', default: '10000' }, runs: { type: 'string', default: '5' }, corpus: { type: 'string' } } });
const DOCS = Number(args.docs);
const CODINGS = Number(args.codings);
const RUNS = Number(args.runs);
const TARGET_MS = 1000;
const MERGE_TARGET_MS = 10_000;
const CORPUS = corpusDir(args.corpus);
/** Real articles: the first of each folder in turn, so every topic is there. */
const articles = (n: number) => articleFiles(CORPUS, n);
const CODERS = ['ana', 'ben', 'cleo'];

async function times(fn: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'quire-bench-analysis-'));
  const file = join(dir, 'p.quire');
  const project = await openOrCreateProject(file, {});
  const report = await call(project, 'importFiles', { paths: articles(DOCS) });
  const docs = project.db.prepare('SELECT id, length(body) AS n FROM documents').all() as { id: number; n: number }[];
  const stance = await Promise.all(['Neutral', 'Complicit', 'Co-belligerent'].map((name) => call(project, 'createCode', { name })));
  const themes = await Promise.all(['Economy', 'Politics', 'Sanctions', 'Troops', 'Public opinion'].map((name) => call(project, 'createCode', { name })));
  const group = await call(project, 'createCodeGroup', { name: 'Stance', exclusive: true, codeIds: stance.map((c) => c.id) });
  // Codings straight into the table: the bench times the analyses, not coding.
  const random = prng(7);
  const coderIds = CODERS.map((name, i) => Number(project.db.prepare('INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?)').run(`bench-coder-${i}`, name, new Date().toISOString()).lastInsertRowid));
  const insert = project.db.prepare(`INSERT OR IGNORE INTO codings (guid, document_id, code_id, coder_id, start, "end", quote, prefix, suffix, created_at) VALUES (?, ?, ?, ?, ?, ?, '', '', '', ?)`);
  const codes = [...stance, ...themes];
  project.db.transaction(() => {
    for (let i = 0; i < CODINGS; i++) {
      const doc = docs[Math.floor(random() * docs.length)]!;
      const start = Math.floor(random() * Math.max(1, doc.n - 400));
      const end = Math.min(doc.n, start + 40 + Math.floor(random() * 300));
      // Coders mostly agree: the same passage, its ends moved a little, now and then another code.
      for (const [k, coder] of coderIds.entries()) {
        if (random() < 0.15) continue;
        const code = random() < 0.85 ? codes[i % codes.length]! : codes[Math.floor(random() * codes.length)]!;
        const shift = Math.floor(random() * 20) - 10;
        insert.run(`bench-${i}-${k}`, doc.id, code.id, coder, Math.max(0, start + shift), Math.max(start + shift + 1, end + shift), new Date().toISOString());
      }
    }
  })();
  const codingCount = project.db.prepare('SELECT count(*) FROM codings').pluck().get() as number;
  process.stderr.write(`[analysis] ${report.imported} documents, ${codingCount} codings by ${CODERS.length} coders\n`);

  const floorRead = project.db.prepare(`SELECT k.document_id, k.code_id, k.coder_id, k.start, k."end", length(d.body) FROM codings k JOIN documents d ON d.id = k.document_id ORDER BY k.document_id, k.start`);
  const floor = summarise(await times(() => floorRead.all()));
  const measures: [string, MethodName, unknown][] = [
    ['agreement, per character (ana, ben)', 'agreement', { coders: ['ana', 'ben'] }],
    ['agreement, per character (3 coders)', 'agreement', { coders: CODERS }],
    ['agreement, per segment (ana, ben)', 'agreement', { coders: ['ana', 'ben'], level: 'segment' }],
    ['disagreements (ana, ben)', 'disagreements', { coders: ['ana', 'ben'] }],
    ['stance overview by document', 'stanceOverview', { groupId: group.id, by: 'document' }],
    ['stance overview by source', 'stanceOverview', { groupId: group.id, by: 'source' }],
    ['co-occurrence, overlapping', 'coOccurrence', { scope: 'overlap' }],
    ['co-occurrence, same paragraph', 'coOccurrence', { scope: 'paragraph' }],
  ];
  const rows: string[][] = [];
  for (const [label, method, input] of measures) {
    const t = summarise(await times(() => call(project, method, input)));
    rows.push([label, ms(t.p50), ms(t.p95), ms(floor.p50), ratio(t.p50 / floor.p50), `< ${TARGET_MS} ms ${t.p95 < TARGET_MS ? '✓' : '✗'}`]);
  }

  // Merging: a copy of the project with its codings under other coders' names merges every coding.
  const other = join(dir, 'other.quire');
  project.db.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(file, other);
  const copy = await openOrCreateProject(other, {});
  copy.db.prepare("UPDATE coders SET name = name || ' (copy)', guid = guid || '-copy'").run();
  copy.db.prepare("UPDATE codings SET guid = guid || '-copy'").run();
  copy.db.pragma('wal_checkpoint(TRUNCATE)');
  copy.db.close();
  const preview = summarise(await times(() => call(project, 'previewMerge', { path: other })));
  const t0 = performance.now();
  const merged = await call(project, 'mergeProject', { path: other });
  const merge = performance.now() - t0;
  const t1 = performance.now();
  project.db.exec(`CREATE TEMP TABLE floor_copy AS SELECT * FROM codings WHERE guid LIKE '%-copy'`);
  const rawCopy = performance.now() - t1;
  rows.push(['merge preview (a copy of the project)', ms(preview.p50), ms(preview.p95), ms(rawCopy), ratio(preview.p50 / rawCopy), '']);
  rows.push([`merge (${merged.codings.added.toLocaleString()} codings added)`, ms(merge), ms(merge), ms(rawCopy), ratio(merge / rawCopy), `< ${MERGE_TARGET_MS / 1000} s ${merge < MERGE_TARGET_MS ? '✓' : '✗'}`]);
  project.db.close();
  rmSync(dir, { recursive: true, force: true });

  console.log(
    [
      `## Team analyses: ${report.imported} documents, ${codingCount.toLocaleString()} codings by ${CODERS.length} coders; ${RUNS} runs`,
      '',
      `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}; Node ${process.version}. Floor, same run: reading the same codings with their documents' lengths in plain SQLite (for the merge: copying the merged codings into a new table with CREATE TABLE … AS SELECT).`,
      '',
      table(['measure', 'ours p50 (ms)', 'ours p95 (ms)', 'floor (ms)', 'ours/floor', 'target'], rows, [false, true, true, true, true, false]),
    ].join('\n'),
  );
}

await main();
