// Document attributes across projects and programs: a .qdpx carries them as
// REFI-QDA Variables with each source's values (a choice's list in the
// description), valid against the schema; reading one back, or a .quire
// merge, gives the same attributes; variables other programs write (Integer,
// Boolean, a Case's values) become attributes, and values that do not fit are
// said.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it, onTestFinished } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { call } from '../../src/main/core/engine.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { createTestProject, ROOT, SEEDS_DIR, tempDir } from '../helpers/project.ts';

/** A project in a file (a merge reads another project's file), with the sample articles. */
async function fileProject(name: string): Promise<ProjectHandle> {
  const path = join(tempDir(), name);
  const db = openProject(path, { create: true });
  onTestFinished(() => {
    db.close();
  });
  await importFiles(db, [SEEDS_DIR]);
  return { db, path };
}

async function outlets(p: ProjectHandle) {
  const outlet = await call(p, 'createAttribute', {
    name: 'Outlet type',
    type: 'choice',
    choices: ['state', 'independent', 'foreign'],
  });
  const circulation = await call(p, 'createAttribute', { name: 'Circulation', type: 'number' });
  const founded = await call(p, 'createAttribute', { name: 'Founded', type: 'date' });
  await call(p, 'setAttributeValues', {
    values: [
      { documentId: 1, attributeId: outlet.id, value: 'state' },
      { documentId: 2, attributeId: outlet.id, value: 'foreign' },
      { documentId: 1, attributeId: circulation.id, value: '1200.5' },
      { documentId: 2, attributeId: founded.id, value: '1991-08' },
    ],
  });
}

/** Each document's attribute values by name, keyed by its text's start (the same text in both projects). */
async function valuesByText(p: ProjectHandle) {
  const table = await call(p, 'attributeTable', { limit: 100 });
  const name = new Map(table.attributes.map((a) => [String(a.id), a.name]));
  const out: Record<string, Record<string, string>> = {};
  for (const row of table.rows) {
    const key = (await call(p, 'getDocument', { id: row.id })).body.slice(0, 40);
    const values = Object.fromEntries(Object.entries(row.values).map(([id, v]) => [name.get(id)!, v]));
    if (Object.keys(values).length) out[key] = values;
  }
  return out;
}

describe('document attributes in exchange files', () => {
  it('round-trips through a .qdpx valid against the REFI-QDA schema, types and choices included', async () => {
    const a = await createTestProject();
    await outlets(a);
    const exported = await call(a, 'exportFile', { format: 'qdpx' });
    const qde = strFromU8(unzipSync(Buffer.from(exported.base64!, 'base64'))['project.qde']!);
    const result = await validateXML({
      xml: [{ fileName: 'project.qde', contents: qde }],
      schema: [
        {
          fileName: 'p.xsd',
          contents: readFileSync(join(ROOT, '..', 'shared', 'refi-qda', 'Project-mrt2019.xsd'), 'utf8'),
        },
      ],
    });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(qde).toContain('typeOfVariable="Float"');
    expect(qde).toMatch(
      /name="Outlet type" typeOfVariable="Text">\s*<Description>Choices: state \| independent \| foreign<\/Description>/,
    );

    const b = await createTestProject({ seeds: false });
    const report = await call(b, 'importRefiQda', { upload: { name: 'a.qdpx', base64: exported.base64! } });
    expect(report.notes).toContain(
      'Document attributes: 3 attributes added (“Outlet type”, “Circulation”, “Founded”); 4 values set.',
    );
    expect((await call(b, 'listAttributes', {})).attributes.map((x) => [x.name, x.type, x.choices])).toEqual([
      ['Outlet type', 'choice', ['state', 'independent', 'foreign']],
      ['Circulation', 'number', []],
      ['Founded', 'date', []],
    ]);
    expect(await valuesByText(b)).toEqual(await valuesByText(a));
    // One undoable step: undo takes the attributes away with the documents.
    await call(b, 'undo', {});
    expect((await call(b, 'listAttributes', {})).attributes).toEqual([]);
  });

  it('merges another Quire project’s attributes into ours by name, keeping our values where they differ', async () => {
    const theirs = await fileProject('theirs.quire');
    await outlets(theirs);
    const ours = await fileProject('ours.quire');
    const outlet = await call(ours, 'createAttribute', {
      name: 'OUTLET TYPE',
      type: 'choice',
      choices: ['state', 'independent', 'foreign'],
    });
    await call(ours, 'setAttributeValues', {
      values: [{ documentId: 1, attributeId: outlet.id, value: 'independent' }],
    });
    const summary = await call(ours, 'mergeProject', { path: theirs.path });
    expect(summary.notes).toEqual(
      expect.arrayContaining([
        'Document attributes: 2 attributes added (“Circulation”, “Founded”); 1 attribute matched to ours (“Outlet type”); 3 values set.',
        '1 attribute value of documents we already have differs from ours: ours is kept.',
      ]),
    );
    const table = await call(ours, 'attributeTable', {});
    expect(table.rows.find((r) => r.id === 1)!.values[outlet.id]).toBe('independent');
    expect(table.rows.find((r) => r.id === 2)!.values[outlet.id]).toBe('foreign');
  });

  it('reads the variables other programs write as attributes — Integer, Boolean, a Case’s values — and says which values did not fit', async () => {
    const p = await createTestProject({ seeds: false });
    const G = {
      source: '11111111-1111-4111-8111-111111111111',
      text: '22222222-2222-4222-8222-222222222222',
      pages: '33333333-3333-4333-8333-333333333333',
      online: '44444444-4444-4444-8444-444444444444',
      kase: '55555555-5555-4555-8555-555555555555',
      region: '66666666-6666-4666-8666-666666666666',
      kind: '77777777-7777-4777-8777-777777777777',
    };
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="MAXQDA export" origin="MAXQDA 2022">
  <Variables>
    <Variable guid="${G.pages}" name="Pages" typeOfVariable="Integer"/>
    <Variable guid="${G.online}" name="Online only" typeOfVariable="Boolean"/>
    <Variable guid="${G.region}" name="Cases:Region" typeOfVariable="Text"/>
    <Variable guid="${G.kind}" name="Kind" typeOfVariable="Text"><Description>Choices: news | opinion</Description></Variable>
  </Variables>
  <Cases>
    <Case guid="${G.kase}"><VariableValue><VariableRef targetGUID="${G.region}"/><TextValue>Eastern Europe</TextValue></VariableValue><SourceRef targetGUID="${G.source}"/></Case>
  </Cases>
  <Sources>
    <TextSource guid="${G.source}" name="Interview 1" plainTextPath="internal://${G.text}.txt">
      <VariableValue><VariableRef targetGUID="${G.pages}"/><IntegerValue>12</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="${G.online}"/><BooleanValue>true</BooleanValue></VariableValue>
      <VariableValue><VariableRef targetGUID="${G.kind}"/><TextValue>interview</TextValue></VariableValue>
    </TextSource>
  </Sources>
</Project>`;
    const file = zipSync({
      'project.qde': strToU8(xml),
      [`sources/${G.text}.txt`]: strToU8('Minsk says it is neutral.\n'),
    });
    const report = await call(p, 'importRefiQda', {
      upload: { name: 'maxqda.qdpx', base64: Buffer.from(file).toString('base64') },
    });
    expect((await call(p, 'listAttributes', {})).attributes.map((x) => [x.name, x.type, x.choices])).toEqual([
      ['Pages', 'number', []],
      ['Online only', 'choice', ['true', 'false']],
      ['Kind', 'choice', ['news', 'opinion']],
      ['Region', 'text', []],
    ]);
    expect(Object.values((await call(p, 'attributeTable', {})).rows[0]!.values).sort()).toEqual([
      '12',
      'Eastern Europe',
      'true',
    ]);
    expect(report.skipped).toEqual(['1 value of the variable “Kind” does not fit its type and was left out.']);
  });
});
