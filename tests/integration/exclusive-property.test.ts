// The rule of exclusive groups as a property: random sequences of every
// operation that writes codings or groups (applying codes on overlapping
// spans, removing codings, merging codes, changing and creating groups with
// and without keep-latest, auto-coding, new versions of a text and placing
// orphans, merging another project, undo and redo), by two coders, over two
// short texts. After every step no coder holds two values of an exclusive
// group on shared text — checked by SQL of the test's own, not by the module
// under test — and a refused step changed nothing. `check` agrees.
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { codebookXml } from '../../src/main/core/exchange/qdc-export.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { isQuireError } from '../../src/shared/errors.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';
import { prng } from '../../fixtures/random.ts';

const TEXTS = [
  'Belarus says it is neutral. Russian jets fly from Belarus every night. Minsk denies it. Troops cross from Belarus into Ukraine. Lukashenko meets Putin in Minsk.\n',
  'Minsk hosts exercises. Belarus lends airfields to Russia. The opposition says Belarus is complicit. Kyiv watches the border with Belarus, and waits.\n',
];
const QUERIES = ['Belarus', 'Minsk', 'neutral', 'jets', 'border'];
const CODERS = ['ana', 'ben'];
const SEEDS = [1, 2, 3, 4, 5, 6];
const STEPS = 500;

/** Pairs of codings breaking the rule, by the test's own reading of it: same document and coder, text shared, two codes of one exclusive group. */
const VIOLATIONS = `
  SELECT a.id, b.id FROM codings a, codings b
  WHERE a.document_id = b.document_id AND a.coder_id = b.coder_id AND a.id < b.id AND a.code_id <> b.code_id
    AND a.orphaned = 0 AND b.orphaned = 0 AND a.start < b."end" AND b.start < a."end"
    AND EXISTS (SELECT 1 FROM code_groups g, code_group_members x, code_group_members y
                WHERE g.exclusive = 1 AND x.group_id = g.id AND y.group_id = g.id AND x.code_id = a.code_id AND y.code_id = b.code_id)`;

/** Everything a step may change, as one string: a refused step must leave it as it was. */
const STATE = `SELECT (SELECT count(*) FROM command_log) || '|' || (SELECT coalesce(sum(undone), 0) FROM command_log) || '|' ||
  (SELECT coalesce(group_concat(id || ':' || code_id || ':' || coder_id || ':' || start || '-' || "end" || ':' || orphaned, ','), '') FROM (SELECT * FROM codings ORDER BY id)) || '|' ||
  (SELECT coalesce(group_concat(group_id || ':' || code_id, ','), '') FROM (SELECT * FROM code_group_members ORDER BY id)) || '|' ||
  (SELECT coalesce(group_concat(id || ':' || exclusive, ','), '') FROM (SELECT * FROM code_groups ORDER BY id)) || '|' ||
  (SELECT coalesce(group_concat(id || ':' || char_count, ','), '') FROM (SELECT * FROM documents ORDER BY id))`;

const upload = (name: string, text: string) => ({ name, base64: Buffer.from(text).toString('base64') });

/** Ours: the two texts, two exclusive groups of stance codes and three ordinary codes. */
async function ourProject(): Promise<ProjectHandle> {
  const p = await createTestProject({ seeds: false });
  p.coder = 'ana';
  await call(p, 'importUploads', { files: TEXTS.map((t, i) => upload(`text-${i}.txt`, t)) });
  const ids = async (names: string[]) =>
    Promise.all(names.map(async (name) => (await call(p, 'createCode', { name })).id));
  await call(p, 'createCodeGroup', {
    name: 'Belarus role',
    exclusive: true,
    codeIds: await ids(['Neutral', 'Complicit', 'Co-belligerent']),
  });
  await call(p, 'createCodeGroup', { name: 'Tone', exclusive: true, codeIds: await ids(['Alarmed', 'Calm']) });
  await ids(['Troops', 'Airfields', 'Exercises']);
  return p;
}

/**
 * Theirs, a project file with our texts and codebook, coded at random by
 * three coders, with two conflicts planted past the engine (as another tool
 * could leave them) and a group of ordinary codes made exclusive over them.
 */
async function theirProject(ours: ProjectHandle, random: () => number): Promise<string> {
  const path = join(tempDir(), 'theirs.quire');
  const theirs: ProjectHandle = { db: openProject(path, { create: true }), path, coder: 'cas' };
  onTestFinished(() => {
    if (theirs.db.open) theirs.db.close();
  });
  await call(theirs, 'importUploads', { files: TEXTS.map((t, i) => upload(`text-${i}.txt`, t)) });
  await call(theirs, 'importRefiQda', { upload: upload('book.qdc', codebookXml(ours.db)) });
  const codes = theirs.db.prepare('SELECT id FROM codes').pluck().all() as number[];
  const lengths = theirs.db.prepare('SELECT char_count FROM documents ORDER BY id').pluck().all() as number[];
  for (let i = 0; i < 40; i++) {
    theirs.coder = ['ana', 'ben', 'cas'][i % 3];
    const doc = 1 + (i % 2);
    const start = Math.floor(random() * (lengths[doc - 1]! - 1));
    await call(theirs, 'applyCode', {
      documentId: doc,
      codeId: codes[Math.floor(random() * codes.length)]!,
      start,
      end: Math.min(lengths[doc - 1]!, start + 1 + Math.floor(random() * 40)),
    });
  }
  const plant = theirs.db.prepare(
    `INSERT INTO codings (guid, document_id, code_id, coder_id, start, "end", quote, prefix, suffix, created_at)
     VALUES (lower(hex(randomblob(16))), 1, (SELECT id FROM codes WHERE name = ?), (SELECT id FROM coders WHERE name = 'ana'), ?, ?, '', '', '', ?)`,
  );
  plant.run('Neutral', 0, 20, '2020-01-01');
  plant.run('Complicit', 10, 30, '2020-01-02');
  plant.run('Troops', 40, 70, '2020-01-03');
  plant.run('Airfields', 60, 90, '2020-01-04');
  await call(theirs, 'createCodeGroup', { name: 'Bases', codeIds: codes.slice(-3) });
  theirs.db.prepare("UPDATE code_groups SET exclusive = 1 WHERE name = 'Bases'").run();
  theirs.db.close();
  return path;
}

/** One random sequence; returns what happened, by outcome, to show every path was taken. */
async function run(seed: number): Promise<Map<string, number>> {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(list: readonly T[]): T | undefined => list[int(list.length)];
  const p = await ourProject();
  const theirs = await theirProject(p, random);
  const seen = new Map<string, number>();
  const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
  const db = p.db;
  const codes = () => db.prepare('SELECT id FROM codes ORDER BY id').pluck().all() as number[];
  const groups = () => db.prepare('SELECT id FROM code_groups ORDER BY id').pluck().all() as number[];
  const documents = () =>
    db.prepare('SELECT id, body FROM documents ORDER BY id').all() as { id: number; body: string }[];
  const span = (body: string) => {
    const length = [...body].length;
    const start = int(length - 1);
    return { start, end: Math.min(length, start + 1 + int(60)) };
  };
  const choice = () => (random() < 0.5 ? ('keep-latest' as const) : undefined);
  let versions = 0;

  const operations: [number, string, () => Promise<unknown>][] = [
    [
      30,
      'applyCode',
      async () => {
        p.coder = pick(CODERS);
        const doc = pick(documents())!;
        const done = await call(p, 'applyCode', { documentId: doc.id, codeId: pick(codes())!, ...span(doc.body) });
        if (done.replaced.length) count('+ applyCode cut back or replaced');
      },
    ],
    [
      7,
      'removeCoding',
      async () => {
        const id = pick(db.prepare('SELECT id FROM codings WHERE orphaned = 0').pluck().all() as number[]);
        if (id !== undefined) await call(p, 'removeCoding', { id });
      },
    ],
    [4, 'createCode', () => call(p, 'createCode', { name: `Code ${int(1000)}` })],
    [
      5,
      'mergeCodes',
      async () => {
        const [source, target] = [pick(codes())!, pick(codes())!];
        const done = await call(p, 'mergeCodes', { sourceId: source, targetId: target, conflicts: choice() });
        if (done.notes.length) count('+ mergeCodes kept the latest');
      },
    ],
    [
      10,
      'updateCodeGroup',
      async () => {
        const id = pick(groups());
        if (id === undefined) return;
        const group = (await call(p, 'getCodebook', {})).groups.find((g) => g.id === id)!;
        const r = random();
        const input =
          r < 0.35
            ? { exclusive: !group.exclusive }
            : r < 0.75
              ? { codeIds: [...group.codeIds, pick(codes())!] }
              : { codeIds: group.codeIds.filter((c) => c !== pick(group.codeIds)) };
        const done = await call(p, 'updateCodeGroup', { id, ...input, conflicts: choice() });
        if (done.notes.length) count('+ updateCodeGroup kept the latest');
      },
    ],
    [
      2,
      'createCodeGroup',
      async () => {
        const done = await call(p, 'createCodeGroup', {
          name: `Group ${int(1000)}`,
          exclusive: random() < 0.7,
          codeIds: [pick(codes())!, pick(codes())!, pick(codes())!],
          conflicts: choice(),
        });
        if (done.notes.length) count('+ createCodeGroup kept the latest');
      },
    ],
    [
      1,
      'deleteCodeGroup',
      async () => {
        const id = pick(groups());
        if (id !== undefined) await call(p, 'deleteCodeGroup', { id });
      },
    ],
    [
      5,
      'autoCode',
      async () => {
        p.coder = pick(CODERS);
        const done = await call(p, 'autoCode', {
          query: pick(QUERIES)!,
          codeId: pick(codes())!,
          unit: random() < 0.5 ? 'hit' : 'sentence',
          preview: random() < 0.2,
        });
        if (done.conflicts) count('+ autoCode left passages uncoded');
      },
    ],
    [
      3,
      'replaceDocument',
      async () => {
        // A new version: a sentence dropped, or the text's sentences in another order, so passages move, overlap or are lost.
        const doc = pick(documents())!;
        const sentences = doc.body.trim().split(/(?<=\.) /);
        const drop = int(sentences.length);
        const next =
          random() < 0.5
            ? sentences.filter((_, i) => i !== drop)
            : [...sentences.slice(drop), ...sentences.slice(0, drop)];
        const done = await call(p, 'replaceDocument', {
          id: doc.id,
          upload: upload(`v${++versions}.txt`, `${next.join(' ')} (${versions})\n`),
        });
        if (done.orphaned) count('+ replaceDocument orphaned codings');
      },
    ],
    [
      4,
      'placeOrphan',
      async () => {
        const orphan = pick(
          (await call(p, 'listOrphans', {})).filter((k) => documents().some((d) => d.id === k.documentId)),
        );
        if (!orphan) return;
        const done = await call(p, 'placeOrphan', {
          id: orphan.id,
          ...span(documents().find((d) => d.id === orphan.documentId)!.body),
        });
        if (done.replaced.length) count('+ placeOrphan cut back or replaced');
      },
    ],
    [
      1,
      'mergeProject',
      async () => {
        const done = await call(p, 'mergeProject', { path: theirs });
        if (done.skipped.some((s) => / not added/.test(s))) count('+ mergeProject held codings or codes back');
        if (done.notes.some((s) => /comes in as an ordinary group/.test(s)))
          count('+ mergeProject added an exclusive group as ordinary');
      },
    ],
    [12, 'undo', () => call(p, 'undo', {})],
    [8, 'redo', () => call(p, 'redo', {})],
  ];
  const total = operations.reduce((n, [w]) => n + w, 0);
  for (let step = 0; step < STEPS; step++) {
    let r = random() * total;
    const [, name, operation] = operations.find(([w]) => (r -= w) < 0) ?? operations.at(-1)!;
    const before = db.prepare(STATE).pluck().get();
    try {
      await operation();
      count(name);
    } catch (e) {
      // Refusals are fine (a code merged into one under it, a name taken…); a refused step changes nothing.
      if (!isQuireError(e) || !['exclusive_conflict', 'invalid_input', 'not_found'].includes(e.code)) throw e;
      count(`${name} refused (${e.code})`);
      expect(
        db.prepare(STATE).pluck().get(),
        `seed ${seed}, step ${step}: ${name} refused but changed the project`,
      ).toBe(before);
    }
    const broken = db.prepare(VIOLATIONS).all();
    expect(broken, `seed ${seed}, step ${step}: after ${name}`).toEqual([]);
    if (step % 50 === 49)
      expect((await call(p, 'checkProject', {})).problems, `seed ${seed}, step ${step}`).toEqual([]);
  }
  expect((await call(p, 'checkProject', {})).problems).toEqual([]);
  return seen;
}

describe('exclusive groups, as a property', () => {
  it(
    `hold one value per passage and coder through ${SEEDS.length} random sequences of ${STEPS} operations`,
    { timeout: 120_000 },
    async () => {
      const seen = new Map<string, number>();
      for (const seed of SEEDS) for (const [what, n] of await run(seed)) seen.set(what, (seen.get(what) ?? 0) + n);
      // Every path ran, and the rule was at work on each of them.
      for (const what of [
        '+ applyCode cut back or replaced',
        '+ mergeCodes kept the latest',
        'mergeCodes refused (exclusive_conflict)',
        '+ updateCodeGroup kept the latest',
        'updateCodeGroup refused (exclusive_conflict)',
        'createCodeGroup refused (exclusive_conflict)',
        '+ autoCode left passages uncoded',
        '+ replaceDocument orphaned codings',
        '+ placeOrphan cut back or replaced',
        '+ mergeProject held codings or codes back',
        '+ mergeProject added an exclusive group as ordinary',
        'undo',
        'redo',
      ]) {
        expect(seen.get(what) ?? 0, `${what} (${JSON.stringify(Object.fromEntries(seen))})`).toBeGreaterThan(0);
      }
      // Each step ran once: as done, or refused (the entries with + say what a step did besides).
      expect([...seen].filter(([what]) => !what.startsWith('+')).reduce((n, [, k]) => n + k, 0)).toBe(
        SEEDS.length * STEPS,
      );
    },
  );
});
