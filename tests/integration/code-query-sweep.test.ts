// Code queries answer by a sweep per document (prefix maxima over codings in
// start order, paragraph places worked out once per text), not by trying every
// pair. This reads the same queries the slow, obvious way, pair by pair, on a
// project of many random codings, and holds the two to the same answer.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prng } from '../../fixtures/random.ts';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { spansToCodePoints } from '../../src/shared/codepoints.ts';
import { paragraphRanges } from '../../src/shared/paragraphs.ts';
import { createTestProject, tempDir } from '../helpers/project.ts';

interface K {
  id: number;
  documentId: number;
  codeId: number;
  coder: string;
  start: number;
  end: number;
}
type Node =
  | { kind: 'code'; name: string }
  | { kind: 'or' | 'and' | 'not' | 'near' | 'followed'; left: Node; right: Node; suffix: string };

/**
 * A text as editors and exports leave them: Windows line ends, a line of spaces between paragraphs, indented lines,
 * emoji (two UTF-16 units, one code point) and a paragraph run on without a break.
 */
const ODD_TEXT = [
  'Минск, 3 марта 😀 — Лукашенко заявил, что Беларусь «не воюет».',
  '   ',
  '  Отступ в начале строки, и ещё 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 в тексте.',
  '',
  '',
  'Sanctions were extended; troops stayed near Brest.',
  '\t',
  'One more paragraph with 🇧🇾 flags and words.',
].join('\r\n');

async function randomProject(): Promise<{
  p: ProjectHandle;
  codings: K[];
  names: string[];
  bodies: Map<number, string>;
}> {
  const p = await createTestProject();
  const dir = tempDir();
  writeFileSync(join(dir, 'odd.txt'), ODD_TEXT);
  await call(p, 'importFiles', { paths: [join(dir, 'odd.txt')] });
  const names = ['A', 'B', 'C', 'D'];
  const codes = await Promise.all(names.map((name) => call(p, 'createCode', { name })));
  const docs = p.db.prepare<[], { id: number; body: string }>('SELECT id, body FROM documents').all();
  const bodies = new Map(docs.map((d) => [d.id, d.body]));
  const coders = ['ana', 'ben'].map((name, i) =>
    Number(
      p.db.prepare('INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?)').run(`sweep-${i}`, name, '')
        .lastInsertRowid,
    ),
  );
  const random = prng(18);
  const insert = p.db.prepare(
    `INSERT OR IGNORE INTO codings (guid, document_id, code_id, coder_id, start, "end", quote, prefix, suffix, created_at) VALUES (?, ?, ?, ?, ?, ?, '', '', '', '')`,
  );
  for (let i = 0; i < 900; i++) {
    const doc = docs[Math.floor(random() * docs.length)]!;
    const length = [...doc.body].length;
    // Short and long passages, some across paragraphs, some of one character, some touching the text's ends.
    const size = random() < 0.2 ? 1 : Math.floor(random() * (random() < 0.3 ? 600 : 80)) + 1;
    const start = Math.min(length - 1, random() < 0.05 ? 0 : Math.floor(random() * length));
    const end = Math.min(length, start + size);
    const codeId = codes[Math.floor(random() * codes.length)]!.id;
    insert.run(`sweep-${i}`, doc.id, codeId, coders[Math.floor(random() * 2)], start, end);
    // Now and then the same passage by the other coder, or with another code: equal spans must stay apart.
    if (random() < 0.15)
      insert.run(`sweep-${i}-twin`, doc.id, codes[(i + 1) % codes.length]!.id, coders[0], start, end);
  }
  const codings = p.db
    .prepare<[], K>(
      `SELECT k.id, k.document_id AS documentId, k.code_id AS codeId, c.name AS coder, k.start, k."end" FROM codings k JOIN coders c ON c.id = k.coder_id`,
    )
    .all();
  return { p, codings, names, bodies };
}

/** The paragraphs a passage touches, read the plain way: every paragraph it reaches into, or the next one when it lies between. */
function touched(ranges: [number, number][], k: K): [number, number] {
  let first = ranges.length;
  for (let i = ranges.length - 1; i >= 0; i--) if (ranges[i]![1] > k.start) first = i;
  let last = first;
  for (let i = 0; i < ranges.length; i++) if (ranges[i]![0] < Math.max(k.end, k.start + 1)) last = Math.max(last, i);
  return [first, last];
}

/** The query read pair by pair over every coding, as the issue words each operator. */
function bruteForce(
  node: Node,
  codings: K[],
  codeId: (name: string) => number,
  place: (k: K) => [number, number],
): Set<K> {
  if (node.kind === 'code') return new Set(codings.filter((k) => k.codeId === codeId(node.name)));
  const [left, right] = [bruteForce(node.left, codings, codeId, place), bruteForce(node.right, codings, codeId, place)];
  if (node.kind === 'or') return new Set([...left, ...right]);
  const m = /^\/(\d+)?([PC])?$/.exec(node.suffix);
  const n = Number(m?.[1] ?? 1);
  const unit = m?.[2] === 'C' ? 'character' : 'paragraph';
  const chars = (a: K, b: K) => Math.max(0, Math.max(a.start, b.start) - Math.min(a.end, b.end));
  const paras = (a: K, b: K) => {
    const [pa, pb] = [place(a), place(b)];
    return Math.max(0, pb[0] - pa[1], pa[0] - pb[1]);
  };
  const related = (a: K, b: K): boolean => {
    if (a.id === b.id || a.documentId !== b.documentId) return false;
    if (node.kind === 'and' || node.kind === 'not')
      return node.suffix === '/P' ? paras(a, b) === 0 : a.start < b.end && b.start < a.end;
    const near = (unit === 'character' ? chars(a, b) : paras(a, b)) <= n;
    return node.kind === 'near' ? near : near && b.start >= a.end;
  };
  const keptLeft = new Set([...left].filter((a) => [...right].some((b) => related(a, b))));
  if (node.kind === 'not') return new Set([...left].filter((a) => !keptLeft.has(a)));
  return new Set([...keptLeft, ...[...right].filter((b) => [...left].some((a) => related(a, b)))]);
}

function randomQuery(random: () => number, names: string[], depth: number): Node {
  if (depth === 0 || random() < 0.3) return { kind: 'code', name: names[Math.floor(random() * names.length)]! };
  const kind = (['or', 'and', 'not', 'near', 'followed'] as const)[Math.floor(random() * 5)]!;
  const n = [0, 1, 2, 5, 40, 300][Math.floor(random() * 6)]!;
  const suffix =
    kind === 'and' || kind === 'not'
      ? random() < 0.5
        ? '/P'
        : ''
      : kind === 'or'
        ? ''
        : `/${n}${random() < 0.5 ? 'P' : 'C'}`;
  return { kind, left: randomQuery(random, names, depth - 1), right: randomQuery(random, names, depth - 1), suffix };
}

const OPERATORS = { or: 'OR', and: 'AND', not: 'NOT', near: 'NEAR', followed: 'FOLLOWED BY' } as const;
const written = (node: Node): string =>
  node.kind === 'code'
    ? node.name
    : `(${written(node.left)} ${OPERATORS[node.kind]}${node.suffix} ${written(node.right)})`;

describe('code queries read by a sweep', () => {
  it('find exactly the codings a pair-by-pair reading finds, for every operator, distance and coder, on random codings', async () => {
    const { p, codings, names, bodies } = await randomProject();
    const codeIds = new Map(
      p.db
        .prepare<[], { id: number; name: string }>('SELECT id, name FROM codes')
        .all()
        .map((c) => [c.name, c.id]),
    );
    const paragraphs = new Map([...bodies].map(([id, body]) => [id, spansToCodePoints(body, paragraphRanges(body))]));
    const place = (k: K) => touched(paragraphs.get(k.documentId)!, k);
    const random = prng(1818);
    const operatorsSeen = new Set<string>();
    let nonEmpty = 0;
    for (let i = 0; i < 120; i++) {
      const node = randomQuery(random, names, 1 + (i % 3));
      const coders = i % 4 === 3 ? ['ben'] : undefined;
      const mine = coders ? codings.filter((k) => coders.includes(k.coder)) : codings;
      const expected = [...bruteForce(node, mine, (name) => codeIds.get(name)!, place)];
      const query = written(node);
      const result = await call(p, 'codeQuery', { query, coders, limit: 100_000 });
      const got = result.segments.map((s) => s.coding.id);
      expect(
        [...got].sort((a, b) => a - b),
        query,
      ).toEqual(expected.map((k) => k.id).sort((a, b) => a - b));
      expect(result.total, query).toBe(expected.length);
      expect(result.documents, query).toBe(new Set(expected.map((k) => k.documentId)).size);
      // Listed by document, then place in the text.
      const order = result.segments.map((s) => [s.document.id, s.coding.start] as const);
      const byDocument = new Map<number, number[]>();
      for (const [d, start] of order) byDocument.set(d, [...(byDocument.get(d) ?? []), start]);
      for (const starts of byDocument.values()) expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expect(new Set(order.map(([d]) => d)).size).toBe(byDocument.size);
      if (node.kind !== 'code') operatorsSeen.add(`${node.kind}${node.suffix.replace(/\d+/, 'n')}`);
      if (expected.length) nonEmpty++;
    }
    // The random queries did reach every operator and unit, and most found something.
    expect([...operatorsSeen].sort()).toEqual(
      ['and', 'and/P', 'followed/nC', 'followed/nP', 'near/nC', 'near/nP', 'not', 'not/P', 'or'].sort(),
    );
    expect(nonEmpty).toBeGreaterThan(80);
  });

  it('pages the segments with their context while the total and the documents count every one', async () => {
    const { p } = await randomProject();
    const all = await call(p, 'codeQuery', { query: 'A OR B', limit: 100_000 });
    const page = await call(p, 'codeQuery', { query: 'A OR B', limit: 7 });
    expect(all.total).toBeGreaterThan(100);
    expect(page.total).toBe(all.total);
    expect(page.documents).toBe(all.documents);
    expect(page.segments.map((s) => s.coding.id)).toEqual(all.segments.slice(0, 7).map((s) => s.coding.id));
  });
});
