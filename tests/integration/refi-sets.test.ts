// Document sets and cases across programs: a .qdpx carries Quire's document
// sets as REFI-QDA Sets of MemberSources (a saved search as the documents it
// finds, its search in the description), valid against the schema, and reading
// it back gives the same sets and members. Sets and Cases as NVivo and MAXQDA
// write them: a set of sources becomes a set made by hand, one that mixes codes
// and sources gives both and says so, members that were not imported are
// named; a case's variable values go to its sources as attributes, said.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it, onTestFinished } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { call } from '../../src/main/core/engine.ts';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { outletTypes } from '../helpers/attributes.ts';
import { createTestProject, ROOT, SEEDS_DIR, tempDir } from '../helpers/project.ts';

const SCHEMA = readFileSync(join(ROOT, '..', 'shared', 'refi-qda', 'Project-mrt2019.xsd'), 'utf8');
const schemaErrors = async (qde: string) =>
  (
    await validateXML({
      xml: [{ fileName: 'project.qde', contents: qde }],
      schema: [{ fileName: 'p.xsd', contents: SCHEMA }],
    })
  ).errors.map((e) => e.message);

/** Each set by name: its kind, description and members (by the opening of their text, the same in both projects). */
async function setsByText(p: ProjectHandle) {
  const out: Record<string, { kind: string; description: string; members: string[] }> = {};
  for (const s of (await call(p, 'listSets', {})).sets) {
    const { documents } = await call(p, 'getSet', { id: s.id });
    const members = await Promise.all(
      documents.map(async (d) => (await call(p, 'getDocument', { id: d.id })).body.slice(0, 40)),
    );
    out[s.name] = { kind: s.kind, description: s.description, members: members.sort() };
  }
  return out;
}

describe('document sets in exchange files', () => {
  it('round-trips hand and saved sets through a .qdpx valid against the REFI-QDA schema', async () => {
    const a = await createTestProject();
    const outlet = await outletTypes(a);
    await call(a, 'createSet', { name: 'My sample', description: 'Read first', documentIds: [1, 4, 5] });
    await call(a, 'createSet', { name: 'Independent', query: { attribute: { id: outlet.id, value: 'independent' } } });
    await call(a, 'createSet', { name: 'Lukashenka spelling', query: { query: 'Lukashenka' } });
    const exported = await call(a, 'exportFile', { format: 'qdpx' });
    expect(exported.notes).toContain(
      'REFI-QDA has no saved searches: each document set saved from a search is written with the documents it finds now, its search said in its description.',
    );
    const qde = strFromU8(unzipSync(Buffer.from(exported.base64!, 'base64'))['project.qde']!);
    expect(await schemaErrors(qde)).toEqual([]);
    expect(qde).toMatch(
      /<Set guid="[0-9a-f-]+" name="My sample">\s*<Description>Read first<\/Description>\s*(<MemberSource targetGUID="[0-9a-f-]+"\/>\s*){3}<\/Set>/,
    );
    expect(qde).toContain(
      'Saved in Quire from a search, here with the documents it found when exported: search “Lukashenka”.',
    );

    const b = await createTestProject({ seeds: false });
    const report = await call(b, 'importRefiQda', { upload: { name: 'a.qdpx', base64: exported.base64! } });
    expect(report.notes).toEqual(
      expect.arrayContaining(['The set “My sample” (3 documents) became the document set “My sample”.']),
    );
    const before = await setsByText(a);
    const after = await setsByText(b);
    expect(Object.keys(after)).toEqual(['Independent', 'Lukashenka spelling', 'My sample']);
    // The same members; a saved search arrives as the documents it found, by hand, its search in the description.
    for (const name of Object.keys(before)) expect(after[name]!.members, name).toEqual(before[name]!.members);
    expect(after['My sample']).toEqual({
      kind: 'hand',
      description: 'Read first',
      members: before['My sample']!.members,
    });
    expect(after['Lukashenka spelling']).toMatchObject({
      kind: 'hand',
      description: 'Saved in Quire from a search, here with the documents it found when exported: search “Lukashenka”.',
    });
    // One undoable step: undo takes the sets away with the documents.
    await call(b, 'undo', {});
    expect((await call(b, 'listSets', {})).sets).toEqual([]);
    // A document set limited to the exported documents: only its members among them, and a set with none is left out.
    const some = await call(a, 'exportFile', { format: 'qdpx', documentIds: [2, 4] });
    const part = strFromU8(unzipSync(Buffer.from(some.base64!, 'base64'))['project.qde']!);
    expect([...part.matchAll(/<Set guid="[^"]+" name="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'Lukashenka spelling',
      'My sample',
    ]);
  });

  it('merges another Quire project’s sets into ours: a hand set of the same name gains the documents, a saved one keeps its query', async () => {
    const file = async (name: string) => {
      const path = join(tempDir(), name);
      const db = openProject(path, { create: true });
      onTestFinished(() => {
        db.close();
      });
      await importFiles(db, [SEEDS_DIR]);
      return { db, path } as ProjectHandle;
    };
    const theirs = await file('theirs.quire');
    await call(theirs, 'createSet', { name: 'Sample', documentIds: [1, 2] });
    await call(theirs, 'createSet', { name: 'Drones', query: { query: 'drones' } });
    const ours = await file('ours.quire');
    await call(ours, 'createSet', { name: 'SAMPLE', documentIds: [2, 3] });
    await call(ours, 'createSet', { name: 'drones', query: { query: 'drones OR Shoigu' } });
    const summary = await call(ours, 'mergeProject', { path: theirs.path });
    expect(summary.notes).toEqual(
      expect.arrayContaining([
        'The set “Sample” (2 documents) joined the document set “SAMPLE” here.',
        'The set “Drones” (1 document) became the document set “Drones (2)” (the project already has a set called “Drones” that is saved from a search).',
      ]),
    );
    const sets = (await call(ours, 'listSets', {})).sets;
    expect(sets.map((s) => [s.name, s.kind, s.count])).toEqual([
      ['drones', 'query', 3],
      ['Drones (2)', 'hand', 1],
      ['SAMPLE', 'hand', 3],
    ]);
  });

  it('reads NVivo’s sets and cases: sets of sources by hand, mixed sets as a group and a set (said), members not imported named, case values as attributes', async () => {
    const p = await createTestProject({ seeds: false });
    // As NVivo for Windows writes them: upper-case GUIDs, CRLF text files in "Sources", named cases over several sources.
    const G = Object.fromEntries(
      [
        'user',
        'neutral',
        'outlet',
        'country',
        'state',
        'indie',
        'people',
        's1',
        's2',
        's3',
        'photo',
        't1',
        't2',
        't3',
        'march',
        'mixed',
        'note',
      ].map((k, i) => [
        k,
        `${(i + 1).toString(16).padStart(8, '0').toUpperCase()}-AAAA-4BBB-8CCC-${(i + 1).toString(16).padStart(12, '0').toUpperCase()}`,
      ]),
    );
    const texts = {
      [G.t1!]: 'RIA: Minsk stays neutral\r\nMinsk said on Monday it would stay neutral.\r\n',
      [G.t2!]: 'TASS: Belarus and Russia hold drills\r\nJoint drills began near Brest.\r\n',
      [G.t3!]: 'Nasha Niva: Airfields near Brest\r\nSatellite images show new aircraft at the airfield.\r\n',
    };
    const value = (variable: string, v: string) =>
      `<VariableValue><VariableRef targetGUID="${variable}"/><TextValue>${v}</TextValue></VariableValue>`;
    const source = (guid: string, name: string, text: string) =>
      `<TextSource guid="${guid}" name="${name}" plainTextPath="internal://${text}.txt" creatingUser="${G.user}" creationDateTime="2022-03-14T10:00:00Z"/>`;
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Belarus coverage" origin="NVivo for Windows 12.6" creatingUserGUID="${G.user}">
  <Users><User guid="${G.user}" name="Sam"/></Users>
  <CodeBook><Codes><Code guid="${G.neutral}" name="Belarus neutral" isCodable="true"/></Codes></CodeBook>
  <Variables>
    <Variable guid="${G.outlet}" name="Outlet type" typeOfVariable="Text"/>
    <Variable guid="${G.country}" name="Country" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="${G.state}" name="State media">${value(G.outlet!, 'state')}${value(G.country!, 'Russia')}<SourceRef targetGUID="${G.s1}"/><SourceRef targetGUID="${G.s2}"/></Case>
    <Case guid="${G.indie}" name="Independent media">${value(G.outlet!, 'independent')}<SourceRef targetGUID="${G.s3}"/><SourceRef targetGUID="${G.s2}"/></Case>
    <Case guid="${G.people}" name="Interviewees"/>
  </Cases>
  <Sources>
    ${source(G.s1!, 'RIA Novosti 2022-03-01', G.t1!)}
    ${source(G.s2!, 'TASS 2022-03-02', G.t2!)}
    ${source(G.s3!, 'Nasha Niva 2022-03-03', G.t3!)}
    <PictureSource guid="${G.photo}" name="Front page.jpg" path="internal://${G.photo}.jpg"/>
  </Sources>
  <Notes><Note guid="${G.note}" name="Sampling memo" creatingUser="${G.user}"><PlainTextContent>Why these outlets.</PlainTextContent></Note></Notes>
  <Sets>
    <Set guid="${G.march}" name="March coverage"><Description>Articles from March 2022</Description><MemberSource targetGUID="${G.s1}"/><MemberSource targetGUID="${G.s3}"/><MemberSource targetGUID="${G.photo}"/></Set>
    <Set guid="${G.mixed}" name="Drills"><MemberCode targetGUID="${G.neutral}"/><MemberSource targetGUID="${G.s2}"/><MemberNote targetGUID="${G.note}"/></Set>
  </Sets>
</Project>`;
    expect(await schemaErrors(qde)).toEqual([]);
    const files = Object.fromEntries(
      Object.entries(texts).map(([guid, t]) => [
        `Sources/${guid}.txt`,
        new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(t)]),
      ]),
    );
    const upload = Buffer.from(zipSync({ 'project.qde': strToU8(qde), ...files })).toString('base64');
    const report = await call(p, 'importRefiQda', { upload: { name: 'nvivo.qdpx', base64: upload } });
    expect(report).toMatchObject({ documents: 3, codes: 1, groups: 1 });
    expect(report.notes).toEqual(
      expect.arrayContaining([
        'The case “State media” gave its values of “Outlet type”, “Country” to its 2 sources, as their document attributes.',
        'The case “Independent media” gave its value of “Outlet type” to its 2 sources, as their document attributes.',
        'The set “March coverage” (2 documents) became the document set “March coverage”.',
        'The set “Drills” holds codes and documents: its codes are in the code group “Drills”, and its 1 document became the document set “Drills”.',
      ]),
    );
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        '1 case (“Interviewees”) was not imported: Quire has no cases, and it gives no values to documents. The documents in them are imported.',
        'The set “March coverage” also holds 1 source that was not imported (“Front page.jpg”), so it is not in it here.',
        "The set “Drills” also holds 1 note, which was left out: Quire's sets hold codes or documents.",
        '1 document has two different values of “Outlet type” (its own and a case’s, or two cases’): the first was kept, the other left out.',
      ]),
    );
    const sets = await setsByText(p);
    expect(sets).toEqual({
      Drills: { kind: 'hand', description: '', members: ['TASS: Belarus and Russia hold drills\nJoi'] },
      'March coverage': {
        kind: 'hand',
        description: 'Articles from March 2022',
        members: ['Nasha Niva: Airfields near Brest\nSatelli', 'RIA: Minsk stays neutral\nMinsk said on M'],
      },
    });
    expect((await call(p, 'getCodebook', {})).groups.map((g) => g.name)).toEqual(['Drills']);
    // The cases' values are the documents' attributes; TASS, in both cases, keeps the first case's value.
    const table = await call(p, 'attributeTable', {});
    const named = new Map(table.attributes.map((a) => [String(a.id), a.name]));
    const values = Object.fromEntries(
      table.rows.map((r) => [
        r.displayTitle,
        Object.fromEntries(Object.entries(r.values).map(([id, v]) => [named.get(id)!, v])),
      ]),
    );
    expect(values).toEqual({
      'Nasha Niva 2022-03-03': { 'Outlet type': 'independent' },
      'RIA Novosti 2022-03-01': { 'Outlet type': 'state', Country: 'Russia' },
      'TASS 2022-03-02': { 'Outlet type': 'state', Country: 'Russia' },
    });
  });
});
