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
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MethodName } from '../src/shared/api.ts';
import { call } from '../src/main/core/engine.ts';
import { openOrCreateProject, type ProjectHandle } from '../src/main/core/project.ts';
import { articleFiles } from './corpus.ts';
import { corpusDir, ms, prng, ratio, summarise, table } from './util.ts';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000' },
    codings: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    corpus: { type: 'string' },
    'words-docs': { type: 'string', default: '100000' },
    /** Only the analyst's toolkit (code queries, concordance, word frequencies), not the team analyses and the merge. */
    'toolkit-only': { type: 'boolean', default: false },
  },
});
const DOCS = Number(args.docs);
const CODINGS = Number(args.codings);
const RUNS = Number(args.runs);
const TARGET_MS = 1000;
/** Both tables' columns, and which are numbers (right-aligned). */
const COLUMNS = ['measure', 'ours p50 (ms)', 'ours p95 (ms)', 'floor (ms)', 'ours/floor', 'target'];
const NUMERIC = [false, true, true, true, true, false];
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
  const docs = project.db.prepare<[], { id: number; n: number }>('SELECT id, length(body) AS n FROM documents').all();
  const stance = await Promise.all(
    ['Neutral', 'Complicit', 'Co-belligerent'].map((name) => call(project, 'createCode', { name })),
  );
  const themes = await Promise.all(
    ['Economy', 'Politics', 'Sanctions', 'Troops', 'Public opinion'].map((name) =>
      call(project, 'createCode', { name }),
    ),
  );
  const group = await call(project, 'createCodeGroup', {
    name: 'Stance',
    exclusive: true,
    codeIds: stance.map((c) => c.id),
  });
  // Codings straight into the table: the bench times the analyses, not coding.
  const random = prng(7);
  const coderIds = CODERS.map((name, i) =>
    Number(
      project.db
        .prepare('INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?)')
        .run(`bench-coder-${i}`, name, new Date().toISOString()).lastInsertRowid,
    ),
  );
  const insert = project.db.prepare(
    `INSERT OR IGNORE INTO codings (guid, document_id, code_id, coder_id, start, "end", quote, prefix, suffix, created_at) VALUES (?, ?, ?, ?, ?, ?, '', '', '', ?)`,
  );
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
        insert.run(
          `bench-${i}-${k}`,
          doc.id,
          code.id,
          coder,
          Math.max(0, start + shift),
          Math.max(start + shift + 1, end + shift),
          new Date().toISOString(),
        );
      }
    }
  })();
  const codingCount = project.db.prepare<[], number>('SELECT count(*) FROM codings').pluck().get()!;
  process.stderr.write(`[analysis] ${report.imported} documents, ${codingCount} codings by ${CODERS.length} coders\n`);

  const floorRead = project.db.prepare(
    `SELECT k.document_id, k.code_id, k.coder_id, k.start, k."end", length(d.body) FROM codings k JOIN documents d ON d.id = k.document_id ORDER BY k.document_id, k.start`,
  );
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
  // The toolkit first, over the codings as made (the merge below doubles them).
  const analyst = await analystRows(
    project,
    dir,
    themes.map((c) => c.name),
  );
  const rows: string[][] = [];
  if (!args['toolkit-only']) await teamRows(rows);
  project.db.close();
  rmSync(dir, { recursive: true, force: true });
  printTables(rows, analyst);

  async function teamRows(rows: string[][]): Promise<void> {
    for (const [label, method, input] of measures) {
      const t = summarise(await times(() => call(project, method, input)));
      rows.push([
        label,
        ms(t.p50),
        ms(t.p95),
        ms(floor.p50),
        ratio(t.p50 / floor.p50),
        `< ${TARGET_MS} ms ${t.p95 < TARGET_MS ? '✓' : '✗'}`,
      ]);
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
    rows.push([
      'merge preview (a copy of the project)',
      ms(preview.p50),
      ms(preview.p95),
      ms(rawCopy),
      ratio(preview.p50 / rawCopy),
      '',
    ]);
    rows.push([
      `merge (${merged.codings.added.toLocaleString()} codings added)`,
      ms(merge),
      ms(merge),
      ms(rawCopy),
      ratio(merge / rawCopy),
      `< ${MERGE_TARGET_MS / 1000} s ${merge < MERGE_TARGET_MS ? '✓' : '✗'}`,
    ]);
  }

  function printTables(rows: string[][], analyst: string[][]): void {
    console.log(
      [
        ...(rows.length
          ? [
              `## Team analyses: ${report.imported} documents, ${codingCount.toLocaleString()} codings by ${CODERS.length} coders; ${RUNS} runs`,
              '',
              `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}; Node ${process.version}. Floor, same run: reading the same codings with their documents' lengths in plain SQLite (for the merge: copying the merged codings into a new table with CREATE TABLE … AS SELECT).`,
              '',
              table(COLUMNS, rows, NUMERIC),
              '',
            ]
          : []),
        `## The analyst's toolkit: code queries over the same ${codingCount.toLocaleString()} codings, a concordance, word frequencies of ${Number(args['words-docs']).toLocaleString()} documents; ${RUNS} runs`,
        '',
        `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}; Node ${process.version}; load average at the end ${loadavg()
          .map((l) => l.toFixed(1))
          .join(
            ', ',
          )}. Floors, same run: the bare SQL read of the codings a query involves (its codes, in its documents, by its coders, by document and place) for a code query; FTS5 matching with highlight() of every matching document for a concordance; reading every document's index text in plain SQLite for word frequencies. A code query lists its first 1,000 passages with their context, and counts them all.`,
        '',
        table(COLUMNS, analyst, NUMERIC),
      ].join('\n'),
    );
  }
}

// ---------------------------------------------------------------- the analyst's toolkit: code queries, concordance, word frequencies
const QUERY_TARGET_MS = 200;
const KWIC_TARGET_MS = 300;
const WORDS_TARGET_MS = 5000;

async function analystRows(project: ProjectHandle, dir: string, themes: string[]): Promise<string[][]> {
  const rows: string[][] = [];
  const row = (label: string, t: { p50: number; p95: number }, floor: number, target: number) =>
    rows.push([
      label,
      ms(t.p50),
      ms(t.p95),
      ms(floor),
      ratio(t.p50 / floor),
      `< ${target} ms ${t.p95 < target ? '✓' : '✗'}`,
    ]);
  // Each query beside its floor: the bare SQL read of the codings it involves (of its codes, in its documents, by its coders), by document and place.
  const codeId = (name: string) =>
    project.db.prepare<[string], number>('SELECT id FROM codes WHERE name = ?').pluck().get(name)!;
  const half = project.db.prepare<[], number>('SELECT id FROM documents WHERE id % 2 = 0').pluck().all();
  const set = await call(project, 'createSet', { name: 'Bench: every other document', documentIds: half });
  const read = project.db.prepare<{ codes: string; documents: string | null; coders: string | null }, unknown>(
    `SELECT k.id, k.document_id, k.start, k."end" FROM codings k JOIN coders c ON c.id = k.coder_id
     WHERE k.orphaned = 0 AND k.code_id IN (SELECT value FROM json_each(@codes))
       AND (@documents IS NULL OR k.document_id IN (SELECT value FROM json_each(@documents)))
       AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
     ORDER BY k.document_id, k.start`,
  );
  const [t0, t1, t2, t3, t4] = themes.map((t) => `"${t}"`);
  const queries: [string, string, string[], { setId?: number; coders?: string[] }][] = [
    ['A AND B (overlapping)', `${t2} AND ${t3}`, [themes[2]!, themes[3]!], {}],
    ['A AND/P B (same paragraph)', `${t2} AND/P ${t3}`, [themes[2]!, themes[3]!], {}],
    ['A OR B', `${t0} OR ${t1}`, [themes[0]!, themes[1]!], {}],
    ['(A OR B) NOT C', `(${t0} OR ${t1}) NOT ${t2}`, [themes[0]!, themes[1]!, themes[2]!], {}],
    ['A NOT/P B', `${t0} NOT/P ${t4}`, [themes[0]!, themes[4]!], {}],
    ['A NEAR/2 B (paragraphs)', `${t2} NEAR/2 ${t3}`, [themes[2]!, themes[3]!], {}],
    ['A NEAR/300C B (characters)', `${t2} NEAR/300C ${t3}`, [themes[2]!, themes[3]!], {}],
    ['A FOLLOWED BY/500C B', `${t0} FOLLOWED BY/500C ${t4}`, [themes[0]!, themes[4]!], {}],
    ['A FOLLOWED BY/1P B', `${t0} FOLLOWED BY/1P ${t4}`, [themes[0]!, themes[4]!], {}],
    [
      'A NEAR/1 B, in a set, 2 coders',
      `${t2} NEAR/1 ${t3}`,
      [themes[2]!, themes[3]!],
      { setId: set.id, coders: ['ana', 'ben'] },
    ],
  ];
  for (const [label, query, names, scope] of queries) {
    const found = await call(project, 'codeQuery', { query, ...scope });
    const floor = summarise(
      await times(() =>
        read.all({
          codes: JSON.stringify(names.map(codeId)),
          documents: scope.setId ? JSON.stringify(half) : null,
          coders: scope.coders ? JSON.stringify(scope.coders) : null,
        }),
      ),
    ).p50;
    row(
      `code query: ${label}: ${found.total.toLocaleString()} passages (first ${found.segments.length.toLocaleString()} with context)`,
      summarise(await times(() => call(project, 'codeQuery', { query, ...scope }))),
      floor,
      QUERY_TARGET_MS,
    );
  }
  // A concordance of a common word: every hit of the search, with context.
  const word = 'the';
  const lines = await call(project, 'kwic', { query: word, limit: 10_000 });
  const fts = project.db.prepare(
    `SELECT rowid, highlight(documents_fts, 1, char(2), char(3)) FROM documents_fts WHERE documents_fts MATCH '"the"'`,
  );
  const ftsFloor = summarise(await times(() => fts.all())).p50;
  row(
    `concordance of “${word}”: ${lines.total.toLocaleString()} hits (10,000 lines kept)`,
    summarise(await times(() => call(project, 'kwic', { query: word, limit: 10_000 }))),
    ftsFloor,
    KWIC_TARGET_MS,
  );
  row(
    `concordance sorted by the right word`,
    summarise(await times(() => call(project, 'kwic', { query: word, limit: 10_000, sort: 'right' }))),
    ftsFloor,
    KWIC_TARGET_MS,
  );
  if (Number(args['words-docs']) > 0) rows.push(...(await wordsRows(project, dir)));
  return rows;
}

/**
 * Word frequencies of many documents: a project of WORDS_DOCS documents made
 * straight in the table from the bench's texts (each a new document) with
 * their index text, indexed by the search index in one statement (counting
 * reads its vocabulary), then counted with progress. bench/word-frequencies.ts
 * counts a set and a comparison too, on the bench's 100,000-document project.
 */
async function wordsRows(source: ProjectHandle, dir: string): Promise<string[][]> {
  const n = Number(args['words-docs']);
  // Each text with its words as the search index keeps them (what the count reads), copied from the bench's project.
  const bodies = source.db
    .prepare<[], { body: string; language: string | null; words: string; map: Uint8Array }>(
      'SELECT d.body, d.language, w.body AS words, w.body_map AS map FROM documents d JOIN document_words w ON w.id = d.id',
    )
    .all();
  const file = join(dir, 'words.quire');
  const project = await openOrCreateProject(file, {});
  project.db.exec('DROP TRIGGER documents_fts_insert');
  const insert = project.db.prepare(
    `INSERT INTO documents (guid, title, body, language, format, encoding, content_hash, original_hash, original_size, char_count, imported_at) VALUES (?, NULL, ?, ?, 'text', 'utf-8', ?, ?, 0, ?, '')`,
  );
  const words = project.db.prepare('INSERT INTO document_words (id, body, body_map) VALUES (?, ?, ?)');
  project.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const d = bodies[i % bodies.length]!;
      const id = insert.run(`bench-words-${i}`, d.body, d.language, `h${i}`, `h${i}`, d.body.length).lastInsertRowid;
      words.run(id, d.words, d.map);
    }
    project.db.exec(
      'INSERT INTO documents_fts (rowid, title, body, source, author) SELECT id, title, body, source, author FROM document_words',
    );
  })();
  const read = project.db.prepare('SELECT body FROM document_words');
  const floor = summarise(
    await times(() => {
      for (const r of read.iterate()) void r;
    }),
  ).p50;
  let updates = 0;
  const runs: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) {
    const t = performance.now();
    await call(project, 'wordFrequencies', { top: 100 }, { onProgress: () => void updates++ });
    runs.push(performance.now() - t);
  }
  const t = summarise(runs);
  project.db.close();
  return [
    [
      `word frequencies of ${n.toLocaleString()} documents (${Math.round(updates / runs.length)} progress updates a run)`,
      ms(t.p50),
      ms(t.p95),
      ms(floor),
      ratio(t.p50 / floor),
      `< ${WORDS_TARGET_MS / 1000} s ${t.p95 < WORDS_TARGET_MS ? '✓' : '✗'}`,
    ],
  ];
}

await main();
