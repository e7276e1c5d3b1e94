import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { coderId } from '../../src/main/core/coding/coders.ts';
import { call } from '../../src/main/core/engine.ts';
import { importRefiQda, readRefiFile, type RefiImportReport } from '../../src/main/core/exchange/import.ts';
import { codebookQdc, codebookXml } from '../../src/main/core/exchange/qdc-export.ts';
import { projectQdpx } from '../../src/main/core/exchange/qdpx-export.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { createTestProject, ROOT } from '../helpers/project.ts';
import { everyone } from '../../src/main/core/viewer.ts';

const XSD = join(ROOT, '..', 'shared', 'refi-qda');
const TABLES = [
  'documents',
  'document_originals',
  'coders',
  'codes',
  'code_groups',
  'code_group_members',
  'codings',
  'memos',
];
/** Everything a command may change, to compare states before and after undo. */
const snapshot = (p: ProjectHandle) =>
  Object.fromEntries(TABLES.map((t) => [t, p.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));
const b64 = (s: string) => Buffer.from(s).toString('base64');
/** Code points of `s`, and the code point offset where `part` starts in `text`. */
const cps = (s: string) => [...s].length;
const at = (text: string, part: string) => cps(text.slice(0, text.indexOf(part)));
const slice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

async function validate(xml: string, xsd: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{ fileName: 'instance.xml', contents: xml }],
    schema: [{ fileName: xsd, contents: readFileSync(join(XSD, xsd), 'utf8') }],
  });
  return result.errors.map((e) => e.message);
}

// q + U+0301 has no precomposed form, so it stays two code points after NFC.
const EMOJI_TEXT =
  'Minsk 🇧🇾 denies it: “no troops” 👍🏽 said q\u0301 the ministry.\nKyiv 🇺🇦 replies: the opposite is true 中文.\n';

/** The five seeds and a text with emoji and combining marks, coded by two coders, with memos on a document, a code and a coding. */
async function codedProject() {
  const p = await createTestProject();
  p.coder = 'ana';
  await call(p, 'importUploads', { files: [{ name: 'emoji.txt', base64: b64(EMOJI_TEXT) }] });
  const emoji = (await call(p, 'listDocuments', {})).documents.find((d) => d.filename === 'emoji.txt')!.id;
  const body = (await call(p, 'getDocument', { id: emoji })).body;
  const stance = await call(p, 'createCode', {
    name: 'Stance',
    colour: '#AA0000',
    description: 'What the source claims\nabout Belarus & <its> role',
  });
  const neutral = await call(p, 'createCode', {
    name: 'Neutral',
    parentId: stance.id,
    description: 'Belarus stays out',
  });
  const complicit = await call(p, 'createCode', { name: 'Complicit', parentId: stance.id });
  const deep = await call(p, 'createCode', { name: 'Airfields “lent”', parentId: complicit.id, colour: '#00ff7f' });
  const troops = await call(p, 'createCode', { name: 'Russian troops' });
  await call(p, 'createCodeGroup', {
    name: 'Belarus role',
    exclusive: true,
    description: 'One stance per passage',
    codeIds: [neutral.id, complicit.id],
  });
  await call(p, 'createCodeGroup', { name: 'Military', codeIds: [troops.id, deep.id] });
  await call(p, 'createCodeGroup', { name: 'Empty group' });

  const flag = at(body, '🇧🇾');
  const denial = await call(p, 'applyCode', {
    documentId: emoji,
    codeId: neutral.id,
    start: flag,
    end: at(body, ' said'),
  });
  await call(p, 'applyCode', { documentId: emoji, codeId: troops.id, start: flag, end: at(body, ' said') });
  await call(p, 'applyCode', {
    documentId: emoji,
    codeId: deep.id,
    start: at(body, 'q\u0301'),
    end: at(body, 'q\u0301') + 2,
  });
  await call(p, 'applyCode', {
    documentId: emoji,
    codeId: troops.id,
    start: at(body, 'Kyiv'),
    end: at(body, '中文') + 2,
  });
  await call(p, 'applyCode', { documentId: 2, codeId: complicit.id, start: 10, end: 90 });
  const orphan = await call(p, 'applyCode', { documentId: 3, codeId: troops.id, start: 5, end: 25 });
  p.coder = 'ben';
  await call(p, 'applyCode', { documentId: emoji, codeId: troops.id, start: flag, end: at(body, ' said') }); // the same passage, another coder
  await call(p, 'applyCode', { documentId: 2, codeId: troops.id, start: 40, end: 120 });
  await call(p, 'setMemo', { target: 'document', id: emoji, text: 'A made-up text with 🇧🇾 emoji.\nTwo lines.' });
  p.coder = 'ana';
  await call(p, 'setMemo', { target: 'code', id: complicit.id, text: 'Look for airfields & rail lines.' });
  await call(p, 'setMemo', { target: 'coding', id: denial.coding.id, text: 'Denial, not evidence.' });
  // A coding whose passage was lost when its document's text was replaced.
  p.db.prepare('UPDATE codings SET orphaned = 1 WHERE id = ?').run(orphan.coding.id);
  return { p, emoji, body, stance, neutral, complicit, deep, troops };
}

/** The project's codebook, codings, memos and groups in a form that compares across projects (GUIDs, paths, no ids). */
function normalised(p: ProjectHandle) {
  const codes = p.db
    .prepare('SELECT id, guid, parent_id AS parentId, name, colour, description, position FROM codes')
    .all() as {
    id: number;
    guid: string;
    parentId: number | null;
    name: string;
    colour: string;
    description: string;
    position: number;
  }[];
  const path = (id: number): string => {
    const c = codes.find((x) => x.id === id)!;
    return c.parentId === null ? c.name : `${path(c.parentId)}/${c.name}`;
  };
  const order = (parentId: number | null) =>
    codes
      .filter((c) => c.parentId === parentId)
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map((c) => c.name);
  const docs = new Map(
    (
      p.db.prepare('SELECT id, guid, content_hash AS hash FROM documents').all() as {
        id: number;
        guid: string;
        hash: string;
      }[]
    ).map((d) => [d.id, d]),
  );
  const codings = p.db
    .prepare(
      `SELECT k.id, k.guid, k.document_id AS documentId, k.code_id AS codeId, c.name AS coder, c.guid AS coderGuid, k.start, k."end", k.quote, k.prefix, k.suffix, k.created_at AS createdAt
       FROM codings k JOIN coders c ON c.id = k.coder_id WHERE k.orphaned = 0`,
    )
    .all() as {
    id: number;
    guid: string;
    documentId: number;
    codeId: number;
    coder: string;
    start: number;
    end: number;
  }[];
  const memos = p.db
    .prepare(
      'SELECT m.guid, target_type AS target, target_id AS targetId, text, c.name AS coder FROM memos m JOIN coders c ON c.id = m.coder_id',
    )
    .all() as {
    target: string;
    targetId: number;
  }[];
  const target = (m: { target: string; targetId: number }) =>
    m.target === 'code'
      ? path(m.targetId)
      : m.target === 'document'
        ? docs.get(m.targetId)!.guid
        : codings.find((k) => k.id === m.targetId)!.guid;
  const groups = p.db.prepare('SELECT id, guid, name, description, exclusive FROM code_groups').all() as {
    id: number;
  }[];
  const members = p.db.prepare('SELECT group_id AS groupId, code_id AS codeId FROM code_group_members').all() as {
    groupId: number;
    codeId: number;
  }[];
  const sorted = <T>(list: T[]) => list.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return {
    codes: sorted(
      codes.map(({ id, parentId: _, position: __, ...c }) => ({ ...c, path: path(id), children: order(id) })),
    ),
    topLevel: order(null),
    codings: sorted(
      codings.map(({ id: _, documentId, codeId, ...k }) => ({
        ...k,
        document: docs.get(documentId)!.guid,
        text: docs.get(documentId)!.hash,
        code: path(codeId),
      })),
    ),
    memos: sorted(memos.map(({ targetId: _, ...m }, i) => ({ ...m, on: target(memos[i]!) }))),
    groups: sorted(
      groups.map(({ id, ...g }) => ({
        ...g,
        members: members
          .filter((m) => m.groupId === id)
          .map((m) => path(m.codeId))
          .sort(),
      })),
    ),
  };
}

const entries = (zip: Uint8Array) => unzipSync(zip);
const qde = (zip: Uint8Array) => strFromU8(entries(zip)['project.qde']!);

describe('REFI-QDA export', () => {
  it('writes a codebook (.qdc) that the schema accepts, with nested codes, colours, descriptions and sets', async () => {
    const { p } = await codedProject();
    const { xml, notes } = codebookQdc(p.db);
    expect(await validate(xml, 'Codebook-mrt2019.xsd')).toEqual([]);
    expect(xml).toBe(codebookXml(p.db));
    expect(xml).toContain('color="#AA0000"');
    expect(xml).toContain('isCodable="true"');
    expect(xml).toContain('<Description>What the source claims\nabout Belarus &amp; &lt;its&gt; role</Description>');
    expect(notes.join(' ')).toMatch(/exclusive/i);
    expect(notes.join(' ')).toMatch(/memo on codes is left out/);
    // Read back, the tree and the sets are what the project holds.
    const read = await readRefiFile({ name: 'book.qdc', bytes: strToU8(xml) });
    expect(read.codes.map((c) => [c.name, c.children.map((k) => k.name)])).toEqual([
      ['Stance', ['Neutral', 'Complicit']],
      ['Russian troops', []],
    ]);
    expect(read.codes[0]!.children[1]!.children[0]).toMatchObject({ name: 'Airfields “lent”', colour: '#00ff7f' });
    expect(read.sets.find((s) => s.name === 'Belarus role')).toMatchObject({
      exclusive: true,
      description: 'One stance per passage',
    });
  });

  it('writes a .qdpx whose project.qde the schema accepts, with each text in sources/<GUID>.txt (UTF-8, LF, no BOM)', async () => {
    const { p } = await codedProject();
    const out = projectQdpx(p.db, { name: 'Belarus & the war', viewer: everyone() });
    const files = entries(out.bytes);
    const docs = p.db.prepare('SELECT guid, body FROM documents ORDER BY id').all() as { guid: string; body: string }[];
    expect(Object.keys(files).sort()).toEqual(['project.qde', ...docs.map((d) => `sources/${d.guid}.txt`)].sort());
    for (const d of docs) {
      const bytes = files[`sources/${d.guid}.txt`]!;
      expect(bytes.slice(0, 3)).not.toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
      expect(bytes.includes(0x0d)).toBe(false);
      expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toBe(d.body);
    }
    const xml = qde(out.bytes);
    expect(await validate(xml, 'Project-mrt2019.xsd')).toEqual([]);
    expect(xml).toContain(`plainTextPath="internal://${docs[0]!.guid}.txt"`);
    expect(xml).toMatch(/<Variable guid="[^"]+" name="Published" typeOfVariable="Date"\/>/);
    expect(xml).toContain('<DateValue>2022-12-19</DateValue>');
    // Two codes on one passage by two coders are one selection with three codings.
    expect(out).toMatchObject({ documents: 6, codes: 5, codings: 7, memos: 3, orphaned: 1 });
    expect(out.notes.join(' ')).toMatch(/1 coding has lost its passage/);
  });

  it('exports a subset of documents and codes, with the parents the codes need', async () => {
    const { p, emoji, deep } = await codedProject();
    const out = projectQdpx(p.db, { documentIds: [emoji], codeIds: [deep.id], viewer: everyone() });
    const xml = qde(out.bytes);
    expect(await validate(xml, 'Project-mrt2019.xsd')).toEqual([]);
    expect(Object.keys(entries(out.bytes))).toHaveLength(2);
    // The document's memo and the memo of Complicit, a parent that came along.
    expect(out).toMatchObject({ documents: 1, codes: 3, codings: 1, memos: 2, orphaned: 0 });
    expect(out.notes.join(' ')).toMatch(/2 parent codes were added/);
    const read = await readRefiFile({ name: 'subset.qdpx', bytes: out.bytes });
    expect(read.codes[0]!.name).toBe('Stance');
    expect(read.sets.map((s) => s.name)).toEqual(['Belarus role', 'Military']);
    expect(read.documents[0]!.passages.map((k) => k.codings.length)).toEqual([1]);
  });
});

describe('REFI-QDA round trip', () => {
  it('imports its own .qdpx into an empty project with every code, coding, memo and group equal, and exports the same again', async () => {
    const { p } = await codedProject();
    const first = projectQdpx(p.db, { viewer: everyone() });
    const q = await createTestProject({ seeds: false });
    const report = await importRefiQda(q.db, coderId(q.db, 'importer'), { name: 'belarus.qdpx', bytes: first.bytes });
    expect(report).toMatchObject({ documents: 6, codes: 5, groups: 3, codings: 7, memos: 3, users: 2, skipped: [] });
    expect(normalised(q)).toEqual(normalised(p));
    // The documents keep their text, GUID and metadata.
    const docs = (db: ProjectHandle['db']) =>
      db
        .prepare('SELECT guid, body, content_hash, source, author, published, title FROM documents ORDER BY guid')
        .all();
    expect(docs(q.db)).toEqual(docs(p.db));
    // Exporting the imported project gives the same file, read as structures.
    const again = projectQdpx(q.db, { viewer: everyone() });
    expect(await readRefiFile({ name: 'again.qdpx', bytes: again.bytes })).toEqual(
      await readRefiFile({ name: 'first.qdpx', bytes: first.bytes }),
    );
    expect(await validate(qde(again.bytes), 'Project-mrt2019.xsd')).toEqual([]);
  });

  it('keeps emoji and combining marks exactly: positions are code points of the stored text', async () => {
    const { p, emoji, body } = await codedProject();
    const q = await createTestProject({ seeds: false });
    await importRefiQda(q.db, coderId(q.db, 'importer'), {
      name: 'e.qdpx',
      bytes: projectQdpx(p.db, { documentIds: [emoji], viewer: everyone() }).bytes,
    });
    const id = (await call(q, 'listDocuments', {})).documents[0]!.id;
    const codings = await call(q, 'listCodings', { documentId: id });
    expect(codings.map((k) => k.quote)).toEqual(
      expect.arrayContaining(['🇧🇾 denies it: “no troops” 👍🏽', 'q\u0301', 'Kyiv 🇺🇦 replies: the opposite is true 中文']),
    );
    for (const k of codings) expect(slice(body, k.start, k.end)).toBe(k.quote);
  });

  it('imports its own codebook (.qdc) into an empty project, and reuses codes with the same GUID', async () => {
    const { p } = await codedProject();
    const bytes = strToU8(codebookXml(p.db));
    const q = await createTestProject({ seeds: false });
    const report = await importRefiQda(q.db, coderId(q.db, 'importer'), { name: 'book.qdc', bytes });
    expect(report).toMatchObject({ codes: 5, groups: 3, codings: 0, documents: 0 });
    const strip = (n: ReturnType<typeof normalised>) => ({ codes: n.codes, topLevel: n.topLevel, groups: n.groups });
    expect(strip(normalised(q))).toEqual(strip(normalised(p)));
    // Into the project it came from: every code and group is already there.
    expect(await importRefiQda(p.db, coderId(p.db, 'ana'), { name: 'book.qdc', bytes })).toMatchObject({
      codes: 0,
      groups: 0,
    });
  });
});

// ---------------------------------------------------------------------------
// Files other tools write, built here

const G = {
  user: 'AD68FBE7-E1EE-4A82-A279-23CC698C89EB',
  stance: '5215CC69-B628-4E02-AFB9-9BEEAEE55808',
  neutral: 'D7AA29DA-519B-4946-9B90-253B6DB8FD0A',
  denial: '7C108712-B650-4892-AC0B-FC9A10190C3B',
  source: '01106019-2518-43DD-BBD1-8F0252BACB30',
  text: '88293C71-CB70-4AB7-8413-C24110A19C2E',
  pdf: '03F134F1-AB05-46E6-8702-1D6930D7F7F0',
  rep: 'B09E8D25-66A6-4D7E-A884-3E1A11A40E7C',
  note: 'CE15250D-46AD-42C2-B90F-A509B8D64EC8',
  loose: 'E41BE463-FDF3-4ED0-B668-119C53D8D687',
  set: 'C29B5DB8-2ED6-406B-BFD2-68E8E273C1E9',
};
let counter = 0;
const guid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

const CRLF_TEXT = 'Minsk says it is neutral.\r\nKyiv disagrees 🇺🇦 strongly, café owners too.\r\nMoscow is silent.\r\n';

/** A selection of `part` in `raw`, its positions counted as a tool would: CRLF as `crlf` characters, in code points or UTF-16 units. */
function selection(
  raw: string,
  part: string,
  code: string,
  options: { crlf?: 1 | 2; utf16?: boolean; name?: string | null; user?: string } = {},
) {
  const before = raw.slice(0, raw.indexOf(part));
  const count = (s: string) =>
    (options.utf16 ? s.length : cps(s)) - (options.crlf === 1 ? s.split('\r\n').length - 1 : 0);
  const start = count(before);
  const name =
    (options.name === undefined ? part : options.name)
      ?.replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/"/g, '&quot;') ?? null;
  return `<PlainTextSelection guid="{${guid()}}" ${name === null ? '' : `name="${name}" `}startPosition="${start}" endPosition="${start + count(part)}"${options.user ? ` creatingUser="${options.user}"` : ''}>
        <Coding guid="${guid()}"${options.user ? ` creatingUser="${options.user}"` : ''}><CodeRef targetGUID="${code}"/></Coding>
      </PlainTextSelection>`;
}

function project(body: string, options: { users?: boolean } = {}) {
  return `\uFEFF<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="From another tool" origin="Tool 8">
  ${options.users === false ? '' : `<Users><User guid="${G.user}" name="Sam"/></Users>`}
  <CodeBook><Codes>
    <Code guid="{${G.stance}}" name="Stance" isCodable="false">
      <Code guid="${G.neutral.toLowerCase()}" name="Neutral" isCodable="true" color="#0c0"><Description>Stays out</Description></Code>
      <Code guid="${G.denial}" name="Denial" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  ${body}
</Project>`;
}

const qdpx = (files: Record<string, string | Uint8Array>) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])));

async function importInto(p: ProjectHandle, name: string, bytes: Uint8Array): Promise<RefiImportReport> {
  return importRefiQda(p.db, coderId(p.db, 'importer'), { name, bytes });
}

async function codingsOf(p: ProjectHandle) {
  const docs = (await call(p, 'listDocuments', {})).documents;
  const codes = (await call(p, 'getCodebook', {})).codes;
  const all = [];
  for (const d of docs) {
    for (const k of await call(p, 'listCodings', { documentId: d.id }))
      all.push({
        doc: d.displayTitle,
        code: codes.find((c) => c.id === k.codeId)!.name,
        quote: k.quote,
        coder: k.coder,
        start: k.start,
        end: k.end,
      });
  }
  return all;
}

describe('REFI-QDA import of what other tools write', () => {
  it('reads positions that count CRLF as two characters (the standard), from capitalised paths, with a BOM and braced GUIDs', async () => {
    const p = await createTestProject({ seeds: false });
    const xml = project(`<Sources>
      <TextSource guid="{${G.source}}" name="Interview 1.txt" plainTextPath="internal://${G.text}.txt" creatingUser="${G.user}">
        ${selection(CRLF_TEXT, 'Kyiv disagrees 🇺🇦 strongly', `{${G.neutral}}`, { user: G.user, name: 'Kyiv disagrees…' })}
        ${selection(CRLF_TEXT, 'Moscow is silent.', G.denial, { user: G.user, name: null })}
      </TextSource></Sources>`);
    const report = await importInto(
      p,
      'tool.qdpx',
      qdpx({
        'Project.qde': xml,
        [`Sources/${G.text}.TXT`]: new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(CRLF_TEXT)]),
      }),
    );
    expect(report).toMatchObject({ documents: 1, codes: 3, codings: 2, users: 1, skipped: [] });
    const body = (await call(p, 'getDocument', { id: 1 })).body;
    expect(body).toBe(CRLF_TEXT.replace(/\r\n/g, '\n'));
    expect(await codingsOf(p)).toEqual([
      {
        doc: 'Interview 1.txt',
        code: 'Neutral',
        quote: 'Kyiv disagrees 🇺🇦 strongly',
        coder: 'Sam',
        start: at(body, 'Kyiv'),
        end: at(body, 'Kyiv') + cps('Kyiv disagrees 🇺🇦 strongly'),
      },
      {
        doc: 'Interview 1.txt',
        code: 'Denial',
        quote: 'Moscow is silent.',
        coder: 'Sam',
        start: at(body, 'Moscow'),
        end: at(body, 'Moscow') + 17,
      },
    ]);
    // The code folder became an ordinary code; the GUIDs are Quire's form now.
    expect(report.notes.join(' ')).toMatch(/1 code was a folder/);
    const book = await call(p, 'getCodebook', {});
    expect(book.codes.map((c) => c.guid)).toEqual(
      expect.arrayContaining([G.stance.toLowerCase(), G.neutral.toLowerCase()]),
    );
    expect(book.codes.find((c) => c.name === 'Neutral')).toMatchObject({ colour: '#00cc00', description: 'Stays out' });
    // The file's bytes are kept for provenance: they differ from the stored text.
    expect(p.db.prepare('SELECT count(*) FROM document_originals').pluck().get()).toBe(1);
  });

  it('finds that a tool counted CRLF as one character, or UTF-16 units, from the selections’ texts', async () => {
    for (const counting of [{ crlf: 1 as const }, { utf16: true }, { crlf: 1 as const, utf16: true }]) {
      const p = await createTestProject({ seeds: false });
      const xml = project(`<Sources>
        <TextSource guid="${G.source}" name="Interview" plainTextPath="internal://${G.text}.txt">
          ${selection(CRLF_TEXT, 'café owners too', G.denial, { ...counting, name: 'café owners too' })}
          ${selection(CRLF_TEXT, 'Moscow is silent.', G.denial, { ...counting, name: 'Moscow is…' })}
        </TextSource></Sources>`);
      const report = await importInto(
        p,
        'tool.qdpx',
        qdpx({ 'project.qde': xml, [`sources/${G.text}.txt`]: CRLF_TEXT }),
      );
      expect((await codingsOf(p)).map((k) => k.quote)).toEqual(['café owners too', 'Moscow is silent.']);
      expect(report.notes.join(' ')).toMatch(/Quire converted them/);
    }
  });

  it('maps positions in decomposed (NFD) text with CRLF to the stored NFC text', async () => {
    const p = await createTestProject({ seeds: false });
    const raw = 'Cafe\u0301 talk.\r\nThe re\u0301sume\u0301 of Minsk 👍🏽 and more.\r\n';
    const xml = project(`<Sources><TextSource guid="${G.source}" name="NFD" plainTextPath="internal://${G.text}.txt">
      ${selection(raw, 're\u0301sume\u0301 of Minsk 👍🏽', G.denial, { name: null })}</TextSource></Sources>`);
    await importInto(p, 'nfd.qdpx', qdpx({ 'project.qde': xml, [`sources/${G.text}.txt`]: raw }));
    const body = (await call(p, 'getDocument', { id: 1 })).body;
    expect(body).toBe('Café talk.\nThe résumé of Minsk 👍🏽 and more.\n');
    const [coding] = await call(p, 'listCodings', { documentId: 1 });
    expect(coding).toMatchObject({
      quote: 'résumé of Minsk 👍🏽',
      start: at(body, 'résumé'),
      end: at(body, 'résumé') + cps('résumé of Minsk 👍🏽'),
    });
  });

  it('lists sources whose text is missing from the file, outside it, or only in a .docx', async () => {
    const p = await createTestProject({ seeds: false });
    const xml = project(`<Sources>
      <TextSource guid="${guid()}" name="Gone" plainTextPath="internal://${guid()}.txt"/>
      <TextSource guid="${guid()}" name="Elsewhere" plainTextPath="absolute:///C:/data/x.txt"/>
      <TextSource guid="${guid()}" name="Styled" richTextPath="internal://${guid()}.docx"/>
    </Sources>`);
    const report = await importInto(p, 'partial.qdpx', qdpx({ 'project.qde': xml }));
    expect(report).toMatchObject({ documents: 0, codes: 3 });
    expect(report.skipped).toEqual([
      expect.stringMatching(
        /^The source “Gone” was not imported: its text file \(internal:\/\/.+\.txt\) is missing from the \.qdpx file\.$/,
      ),
      'The source “Elsewhere” was not imported: its text is in a file outside the .qdpx file (absolute:///C:/data/x.txt), which Quire does not read.',
      expect.stringMatching(
        /^The source “Styled” was not imported: its text is only in a formatted file \(.+\.docx\) and came without a plain-text version\.$/,
      ),
    ]);
  });

  it('tolerates missing optional parts: no users, no colours, text inline, a bare .qde', async () => {
    const text = 'A short note about Grodno.\nSecond line.';
    const xml = project(
      `<Sources><TextSource guid="${G.source}"><PlainTextContent>${text}</PlainTextContent>
        ${selection(text, 'Grodno', G.denial)}</TextSource></Sources>`,
      { users: false },
    );
    for (const [name, bytes] of [
      ['inline.qdpx', qdpx({ 'project.qde': xml })],
      ['bare.qde', strToU8(xml)],
    ] as const) {
      const q = await createTestProject({ seeds: false });
      const report = await importInto(q, name, bytes);
      expect(report).toMatchObject({ documents: 1, codings: 1, users: 0, skipped: [] });
      expect(report.notes.join(' ')).toMatch(/1 coding or memo names no known user; it is credited to you/);
      expect(await codingsOf(q)).toEqual([
        expect.objectContaining({
          quote: 'Grodno',
          coder: 'importer',
          doc: `source ${G.source.slice(0, 8).toLowerCase()}`,
        }),
      ]);
      expect((await call(q, 'getCodebook', {})).codes.every((c) => /^#[0-9a-f]{6}$/.test(c.colour))).toBe(true);
    }
  });

  it('takes what it can from PDFs, notes, sets and cases, lists what it leaves out, and merges its codes into ours of the same name', async () => {
    const p = await createTestProject();
    p.coder = 'ana';
    const existing = await call(p, 'createCode', { name: 'Stance' }); // a code of the same name, another GUID: the file's merges into it
    const seed = (await call(p, 'getDocument', { id: 2 })).body;
    const pdfText = 'Page one of the report.\nIt mentions airfields near Brest.';
    const xml = project(`
  <Variables>
    <Variable guid="${guid()}" name="Outlet" typeOfVariable="Text"/>
    <Variable guid="${G.set}" name="Age" typeOfVariable="Integer"/>
  </Variables>
  <Cases><Case guid="${guid()}" name="Anna"><SourceRef targetGUID="${G.pdf}"/></Case></Cases>
  <Sources>
    <TextSource guid="${G.source}" name="Seed again" plainTextPath="internal://${G.text}.txt">
      ${selection(seed, seed.slice(20, 60), G.neutral, { user: G.user })}
      <PlainTextSelection guid="${guid()}" startPosition="0" endPosition="5"><Description>no code here</Description></PlainTextSelection>
      <NoteRef targetGUID="${G.note}"/>
    </TextSource>
    <PDFSource guid="${G.pdf}" name="Report.pdf" path="internal://${guid()}.pdf">
      <PDFSelection guid="${guid()}" page="1" firstX="0" firstY="0" secondX="10" secondY="10"/>
      <Representation guid="${G.rep}" plainTextPath="internal://${G.rep}.txt">
        <PlainTextSelection guid="${G.set.replace('C29B', 'D29B')}" name="airfields near Brest" startPosition="${at(pdfText, 'airfields')}" endPosition="${at(pdfText, 'airfields') + 20}">
          <Description>A passage comment.</Description>
          <Coding guid="${guid()}" creatingUser="${G.user}"><CodeRef targetGUID="${G.denial}"/><NoteRef targetGUID="${G.loose.replace('E41B', 'F41B')}"/></Coding>
        </PlainTextSelection>
      </Representation>
      <VariableValue><VariableRef targetGUID="${G.set}"/><IntegerValue>42</IntegerValue></VariableValue>
    </PDFSource>
    <PictureSource guid="${guid()}" name="Photo.jpg" path="internal://${guid()}.jpg"/>
  </Sources>
  <Notes>
    <Note guid="${G.note}" name="About the seed" creatingUser="${G.user}"><PlainTextContent>Seen before.</PlainTextContent></Note>
    <Note guid="${G.loose.replace('E41B', 'F41B')}" name="On the coding"><PlainTextContent>Check the map.</PlainTextContent></Note>
    <Note guid="${G.loose}" name="Research plan"><PlainTextContent>Day to day log.</PlainTextContent></Note>
  </Notes>
  <Sets>
    <Set guid="${guid()}" name="Stances"><MemberCode targetGUID="${G.neutral}"/><MemberCode targetGUID="${G.denial}"/><MemberSource targetGUID="${G.pdf}"/></Set>
    <Set guid="${guid()}" name="Text files"><MemberSource targetGUID="${G.source}"/></Set>
  </Sets>
  <Graphs><Graph guid="${guid()}" name="Map"/></Graphs>`);
    const report = await importInto(
      p,
      'tool.qdpx',
      qdpx({ 'project.qde': xml, [`sources/${G.text}.txt`]: seed, [`sources/${G.rep}.txt`]: pdfText }),
    );
    expect(report).toMatchObject({ documents: 1, codes: 2, groups: 1, codings: 2, memos: 2, users: 1 });
    // The seed's text was already there: its coding and memo went to that document.
    expect(report.notes.join('\n')).toMatch(/1 text was already in the project \(“Seed again” \(as “.+”\)\)/);
    expect(await call(p, 'getMemo', { target: 'document', id: 2 })).toMatchObject({
      mine: null,
      others: [{ text: 'Seen before.', coder: 'Sam' }],
    });
    expect((await call(p, 'listCodings', { documentId: 2 }))[0]).toMatchObject({
      quote: seed.slice(20, 60),
      coder: 'Sam',
    });
    // The PDF's text representation is the document; its passage comment and the coding's note are the coding's memo.
    const pdf = (await call(p, 'listDocuments', {})).documents.find((d) => d.filename === 'Report.pdf')!;
    const [coding] = await call(p, 'listCodings', { documentId: pdf.id });
    expect(coding).toMatchObject({ quote: 'airfields near Brest', memo: 'Check the map.\n\nA passage comment.' });
    // The file's “Stance” is ours (same name, same place): its codes are added under ours, which keeps its GUID.
    const book = await call(p, 'getCodebook', {});
    expect(book.codes.filter((c) => c.parentId === null).map((c) => c.name)).toEqual(['Stance']);
    expect(book.codes.filter((c) => c.parentId === existing.id).map((c) => c.name)).toEqual(['Neutral', 'Denial']);
    expect(book.codes.find((c) => c.id === existing.id)!.guid).toBe(existing.guid);
    expect(report.notes.join('\n')).toMatch(/1 code was merged into the code of the same name already here/);
    expect(report.notes.join('\n')).not.toMatch(/imported as/);
    expect(book.groups.map((g) => g.name)).toEqual(['Stances']);
    const skipped = report.skipped.join('\n');
    for (const expected of [
      /1 case \(“Anna”\) was not imported: Quire has no cases, and it gives no values to documents/,
      /The picture “Photo.jpg” was not imported: it came without a plain-text version/,
      /1 graph was not imported/,
      /1 selection of picture or PDF regions was not imported/,
      /1 selection carries no code/,
    ]) {
      expect(skipped).toMatch(expected);
    }
    expect(report.skipped).toHaveLength(5);
    // A note attached to nothing is a memo that stands on its own.
    expect(report.notes.join('\n')).toMatch(
      /1 memo that stands on its own \(“Research plan”\) is added to the journal and memos/,
    );
    // A set of sources is a document set; one of codes and sources gives its codes to a group and its sources to a set, and says so.
    expect(report.notes).toEqual(
      expect.arrayContaining([
        'The set “Stances” holds codes and documents: its codes are in the code group “Stances”, and its 1 document became the document set “Stances”.',
        'The set “Text files” (1 document) became the document set “Text files”.',
      ]),
    );
    expect((await call(p, 'listSets', {})).sets.map((s) => [s.name, s.kind, s.count])).toEqual([
      ['Stances', 'hand', 1],
      ['Text files', 'hand', 1],
    ]);
    expect(
      (await call(p, 'getSet', { id: (await call(p, 'listSets', {})).sets[1]!.id })).documents.map((d) => d.id),
    ).toEqual([2]);
    // The variable is a document attribute now, with the document's value.
    expect((await call(p, 'listAttributes', {})).attributes.map((a) => [a.name, a.type, a.filled])).toEqual([
      ['Age', 'number', 1],
    ]);
    // Importing the same file again adds nothing new.
    expect(
      await importInto(
        p,
        'tool.qdpx',
        qdpx({ 'project.qde': xml, [`sources/${G.text}.txt`]: seed, [`sources/${G.rep}.txt`]: pdfText }),
      ),
    ).toMatchObject({
      documents: 0,
      codes: 0,
      codings: 0,
      memos: 0,
      users: 0,
    });
  });
});

describe('REFI-QDA import as one command', () => {
  it('is one entry in the history, and undo restores the project exactly (redo brings the import back)', async () => {
    const { p, complicit } = await codedProject();
    const q = await createTestProject({ seeds: false });
    q.coder = 'zoe';
    await call(q, 'createCode', { name: 'Stance' }); // the same name: the file's “Stance” merges into it
    const bytes = projectQdpx(p.db, { viewer: everyone() }).bytes;
    // Into the project it came from, with its memo changed there: the import's text is added to it.
    await call(p, 'setMemo', { target: 'code', id: complicit.id, text: 'Rewritten.' });
    for (const target of [p, q]) {
      const importer = coderId(target.db, target.coder!);
      const before = snapshot(target);
      const history = (await call(target, 'history', {})).length;
      const report = await importRefiQda(target.db, importer, { name: 'x.qdpx', bytes });
      const after = snapshot(target);
      expect(after).not.toEqual(before);
      const entries = await call(target, 'history', {});
      expect(entries).toHaveLength(history + 1);
      expect(entries[0]).toMatchObject({
        command: 'importRefiQda',
        description: 'Import “x.qdpx” (REFI-QDA)',
        undone: false,
      });
      expect((await call(target, 'undo', {})).undone).toMatchObject({ command: 'importRefiQda' });
      expect(snapshot(target)).toEqual(before);
      await call(target, 'redo', {});
      expect(snapshot(target)).toEqual(after);
      if (target === p) {
        expect(report).toMatchObject({ documents: 0, codes: 0, codings: 0, memos: 0 });
        // Appended below ours, under a line naming whose it is and the file it came from.
        expect((await call(p, 'getMemo', { target: 'code', id: complicit.id }))!.mine!.text).toBe(
          'Rewritten.\n\n— ana, from x.qdpx:\nLook for airfields & rail lines.',
        );
      }
    }
  });

  it('refuses a broken zip, bad XML or a missing project.qde with a clear message, and changes nothing', async () => {
    const { p } = await codedProject();
    const good = projectQdpx(p.db, { viewer: everyone() }).bytes;
    coderId(p.db, 'importer'); // who imports is a coder before the attempt
    const before = snapshot(p);
    const history = (await call(p, 'history', {})).length;
    const cases: [string, Uint8Array, RegExp][] = [
      ['noise.qdpx', strToU8('not a zip at all'), /is not a \.qdpx file: a \.qdpx file is a zip archive/],
      [
        'cut.qdpx',
        good.slice(0, Math.floor(good.length / 2)),
        /^“cut\.qdpx” cannot be read as a REFI-QDA project \(\.qdpx\): the file is damaged, incomplete or not a REFI-QDA project \(\.qdpx\) at all \(its zip archive cannot be opened: /,
      ],
      ['empty.qdpx', qdpx({ 'sources/a.txt': 'text' }), /it holds no project\.qde/],
      [
        'bad.qdpx',
        qdpx({ 'project.qde': '<Project name="x"><Users></Project>' }),
        /^project\.qde in “bad\.qdpx” is not well-formed XML, so it was not read \(line 1: <\/Project> closes <Users>, opened on line 1\)\.$/,
      ],
      [
        'other.qdpx',
        qdpx({ 'project.qde': '<html><body/></html>' }),
        /is not a REFI-QDA project: its root element is <html>/,
      ],
      ['book.qdc', strToU8('<CodeBook><Codes><Code'), /“book\.qdc” is not well-formed XML/],
      ['book.qdc', strToU8('<Codes/>'), /neither a REFI-QDA codebook nor a project/],
      ['empty.qdc', new Uint8Array(), /cannot be read: The file is empty/],
    ];
    for (const [name, bytes, message] of cases) {
      const error = await importInto(p, name, bytes).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    }
    expect(snapshot(p)).toEqual(before);
    expect(await call(p, 'history', {})).toHaveLength(history);
  });
});
