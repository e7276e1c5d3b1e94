// Document attributes: typed values per document, checked by the engine on
// every path (a cell, a paste, a CSV, a change of type), undoable, and filled
// from what imports found.
import { describe, expect, it } from 'vitest';
import { call } from '../../src/main/core/engine.ts';
import { createTestProject } from '../helpers/project.ts';
import { outletTypes } from '../helpers/attributes.ts';

const csv = (rows: string[][]) => ({
  upload: { name: 'outlets.csv', base64: Buffer.from(rows.map((r) => r.join(',')).join('\r\n')).toString('base64') },
});

describe('document attributes', () => {
  it('keeps one value per document and attribute, refusing each value its type cannot hold, in words', async () => {
    const p = await createTestProject();
    const outlet = await call(p, 'createAttribute', {
      name: 'Outlet type',
      type: 'choice',
      choices: ['state', 'independent', 'foreign'],
    });
    const circulation = await call(p, 'createAttribute', { name: 'Circulation', type: 'number' });
    const founded = await call(p, 'createAttribute', { name: 'Founded', type: 'date' });
    const result = await call(p, 'setAttributeValues', {
      values: [
        { documentId: 1, attributeId: outlet.id, value: 'State' },
        { documentId: 2, attributeId: outlet.id, value: 'independent' },
        { documentId: 3, attributeId: outlet.id, value: 'tabloid' },
        { documentId: 1, attributeId: circulation.id, value: '1,200,000' },
        { documentId: 2, attributeId: circulation.id, value: '12,5' },
        { documentId: 3, attributeId: circulation.id, value: 'many' },
        { documentId: 1, attributeId: founded.id, value: '1991-8' },
        { documentId: 2, attributeId: founded.id, value: '2022-02-30' },
      ],
    });
    expect(result.changed).toBe(5);
    expect(result.refused.map((r) => r.reason)).toEqual([
      '“tabloid” is not one of the choices for “Outlet type” (“state”, “independent”, “foreign”).',
      '“many” is not a number for “Circulation”.',
      '“2022-02-30” is not a day that exists for “Founded”.',
    ]);
    const table = await call(p, 'attributeTable', { sortBy: circulation.id, descending: true });
    expect(
      table.rows.slice(0, 2).map((r) => [r.id, r.values[outlet.id], r.values[circulation.id], r.values[founded.id]]),
    ).toEqual([
      [1, 'state', '1200000', '1991-08'],
      [2, 'independent', '12.5', undefined],
    ]);
    expect(table.total).toBe(5);
    expect(
      (await call(p, 'attributeTable', { where: { attributeId: outlet.id, value: 'state' } })).rows.map((r) => r.id),
    ).toEqual([1]);
    // The library and search filter by a value, or by having none.
    expect(
      (await call(p, 'listDocuments', { attribute: { id: outlet.id, value: 'independent' } })).documents.map(
        (d) => d.id,
      ),
    ).toEqual([2]);
    expect((await call(p, 'listDocuments', { attribute: { id: outlet.id, value: null } })).total).toBe(3);
    expect(
      (await call(p, 'search', { query: 'Belarus', attribute: { id: outlet.id, value: 'state' } })).results.map(
        (r) => r.document.id,
      ),
    ).toEqual([1]);
    expect((await call(p, 'listAttributes', {})).attributes.map((a) => [a.name, a.filled])).toEqual([
      ['Outlet type', 2],
      ['Circulation', 2],
      ['Founded', 1],
    ]);
    // A clear is a value of null; undo brings it back.
    await call(p, 'setAttributeValues', { values: [{ documentId: 1, attributeId: outlet.id, value: null }] });
    expect((await call(p, 'attributeTable', {})).rows.find((r) => r.id === 1)!.values[outlet.id]).toBeUndefined();
    await call(p, 'undo', {});
    expect((await call(p, 'attributeTable', {})).rows.find((r) => r.id === 1)!.values[outlet.id]).toBe('state');
  });

  it('refuses a change of type or choices that a stored value could not survive, and renames a choice with its values', async () => {
    const p = await createTestProject();
    const outlet = await call(p, 'createAttribute', {
      name: 'Outlet type',
      type: 'choice',
      choices: ['state', 'independent'],
    });
    await call(p, 'setAttributeValues', {
      values: [1, 2, 3].map((documentId, i) => ({
        documentId,
        attributeId: outlet.id,
        value: i ? 'independent' : 'state',
      })),
    });
    await expect(call(p, 'updateAttribute', { id: outlet.id, choices: ['independent'] })).rejects.toThrow(
      '1 document has a value that “Outlet type” could no longer hold (“state”): change or clear it first.',
    );
    await expect(call(p, 'updateAttribute', { id: outlet.id, type: 'number' })).rejects.toThrow(
      '3 documents have values that “Outlet type” could no longer hold (“independent”, “state”): change or clear them first.',
    );
    await call(p, 'updateAttribute', {
      id: outlet.id,
      choices: ['state-run', 'independent'],
      rename: [{ from: 'state', to: 'state-run' }],
    });
    expect((await call(p, 'attributeTable', {})).rows.find((r) => r.id === 1)!.values[outlet.id]).toBe('state-run');
    await expect(call(p, 'createAttribute', { name: 'outlet TYPE', type: 'text' })).rejects.toThrow(
      'There is already an attribute called “Outlet type”.',
    );
    // Deleting a document takes its values along, and undo brings both back.
    await call(p, 'deleteDocuments', { ids: [1] });
    expect((await call(p, 'listAttributes', {})).attributes[0]!.filled).toBe(2);
    await call(p, 'undo', {});
    expect((await call(p, 'listAttributes', {})).attributes[0]!.filled).toBe(3);
  });

  it('reads a spreadsheet of attributes: documents by file name, new columns typed by their values (and said so), unknown rows listed', async () => {
    const p = await createTestProject();
    const files = (await call(p, 'listDocuments', { limit: 10 })).documents.map((d) => d.filename!);
    const report = await call(
      p,
      'importAttributes',
      csv([
        ['File', 'Outlet type', 'Circulation', 'Country'],
        [files[0]!, 'state', '120000', 'Belarus'],
        [files[1]!, 'independent', '45 000', 'Lithuania'],
        [files[2]!, 'state', '', 'Belarus'],
        [files[3]!, 'independent', '9000', 'Poland'],
        ['missing.txt', 'state', '1', 'Belarus'],
      ]),
    );
    expect(report.notes).toEqual([
      'New attribute “Outlet type”: its values repeat, so it is a choice of 2 values (“state”, “independent”); change its type in the table if it is not.',
      'New attribute “Circulation”: every value is a number, so it holds numbers.',
      'New attribute “Country”: it holds text.',
    ]);
    expect(report.unmatched).toEqual(['row 6 (“missing.txt”): no document has this File']);
    expect(report).toMatchObject({ attributes: 3, rows: 5, changed: 11, refused: [] });
    const exported = await call(p, 'exportFile', { format: 'attributes-csv' });
    const lines = Buffer.from(exported.base64!, 'base64')
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('Document,Title,GUID,Outlet type,Circulation,Country');
    expect(lines[2]).toMatch(new RegExp(`^${files[1]!.replace('.', '\\.')},.*,independent,45000,Lithuania$`));
    // An empty cell over a value clears it, and the report says so.
    const again = await call(
      p,
      'importAttributes',
      csv([
        ['File', 'Country'],
        [files[0]!, ''],
        [files[1]!, 'Lithuania'],
      ]),
    );
    expect(again).toMatchObject({ changed: 1, notes: ['1 value was cleared: its cell is empty in “outlets.csv”.'] });
  });

  it('fills an attribute from what the imports found', async () => {
    const p = await createTestProject();
    const source = await call(p, 'createAttribute', { name: 'Source', type: 'text' });
    const filled = await call(p, 'fillAttribute', { attributeId: source.id });
    const withSource = (await call(p, 'listDocuments', { limit: 10 })).documents.filter((d) => d.source).length;
    expect(filled).toMatchObject({ changed: withSource, empty: 5 - withSource, refused: [] });
  });
});

describe('analyses by attribute', () => {
  it('shows the stance overview by the values of an attribute, in the order of its choices, and says so in the report', async () => {
    const p = await createTestProject();
    const neutral = await call(p, 'createCode', { name: 'Belarus neutral' });
    const complicit = await call(p, 'createCode', { name: 'Belarus complicit' });
    const group = await call(p, 'createCodeGroup', {
      name: 'Belarus role',
      exclusive: true,
      codeIds: [neutral.id, complicit.id],
    });
    const codeFirst = async (documentId: number, codeId: number, chars: number) =>
      call(p, 'applyCode', { documentId, codeId, start: 0, end: chars });
    await codeFirst(1, complicit.id, 100);
    await codeFirst(2, neutral.id, 50);
    await codeFirst(3, complicit.id, 30);
    const outlet = await outletTypes(p);
    const o = await call(p, 'stanceOverview', { groupId: group.id, by: `attribute:${outlet.id}` });
    expect(o.byLabel).toBe('Outlet type');
    expect(o.rows.map((r) => [r.label, r.documentIds, r.values.map((v) => v.coded)])).toEqual([
      ['state', [2], [50, 0]],
      ['independent', [1, 3], [0, 130]],
      ['No Outlet type', [4, 5], [0, 0]],
    ]);
    const html = Buffer.from(
      (
        await call(p, 'exportFile', {
          format: 'html',
          include: { stance: true },
          stance: { by: `attribute:${outlet.id}` },
        })
      ).base64!,
      'base64',
    ).toString('utf8');
    expect(html).toContain('the coded text of each “Outlet type”');
    // Each document's attributes are among its details in every report format.
    const report = async (format: 'html' | 'md') =>
      Buffer.from((await call(p, 'exportFile', { format, documentIds: [2] })).base64!, 'base64').toString('utf8');
    expect(await report('md')).toContain('- **Outlet type:** state');
    expect(await report('html')).toMatch(/<dt>Outlet type<\/dt>\s*<dd>state<\/dd>/);

    // The analyses take only the documents with one value: the stance overview, co-occurrence and its passages.
    const state = { id: outlet.id, value: 'state' };
    expect((await call(p, 'stanceOverview', { groupId: group.id, attribute: state })).total.documentIds).toEqual([2]);
    const independent = { id: outlet.id, value: 'independent' };
    const co = await call(p, 'coOccurrence', { attribute: independent });
    expect([co.codes.map((c) => c.name), co.counts]).toEqual([['Belarus complicit'], [[2]]]);
    expect(
      (await call(p, 'codedSegments', { codeIds: [complicit.id], attribute: independent })).map((s) => s.document.id),
    ).toEqual([1, 3]);
    expect(
      await call(p, 'codedSegments', { codeIds: [complicit.id], attribute: { id: outlet.id, value: null } }),
    ).toEqual([]);
  });
});

describe('attr: in the query language', () => {
  it('finds documents by an attribute value, with words or alone, quoted names and values, and says when nothing can match', async () => {
    const p = await createTestProject();
    const outlet = await call(p, 'createAttribute', {
      name: 'Outlet type',
      type: 'choice',
      choices: ['state', 'independent', 'state run'],
    });
    const region = await call(p, 'createAttribute', { name: 'Region', type: 'text' });
    await call(p, 'setAttributeValues', {
      values: [
        { documentId: 1, attributeId: outlet.id, value: 'state' },
        { documentId: 2, attributeId: outlet.id, value: 'independent' },
        { documentId: 3, attributeId: outlet.id, value: 'state run' },
        { documentId: 1, attributeId: region.id, value: 'Eastern Europe' },
      ],
    });
    const ids = async (query: string) => (await call(p, 'search', { query })).results.map((r) => r.document.id).sort();
    expect(await ids('attr:"outlet type"=state')).toEqual([1]);
    expect(await ids('attr:"Outlet type"=STATE Belarus')).toEqual([1]);
    expect(await ids('attr:"outlet type"="state run"')).toEqual([3]);
    expect(await ids('attr:region="eastern europe"')).toEqual([]);
    expect(await ids('attr:region="Eastern Europe" attr:"outlet type"=state')).toEqual([1]);
    const unknown = await call(p, 'search', { query: 'Belarus attr:country=Belarus' });
    expect(unknown.total).toBe(0);
    expect(unknown.warnings).toEqual([
      'Nothing matches "attr:country=Belarus": there is no attribute called "country" (the attributes are "Outlet type", "Region").',
    ]);
    const impossible = await call(p, 'search', { query: 'attr:"outlet type"=tabloid' });
    expect(impossible.warnings).toEqual([
      'Nothing matches "attr:"outlet type"=tabloid": “tabloid” is not one of the choices for “Outlet type” (“state”, “independent”, “state run”).',
    ]);
    const or = await call(p, 'search', { query: 'Minsk OR attr:"outlet type"=independent' });
    expect(or.warnings).toContain(
      'Applied "attr:"outlet type"=independent" to the whole query: an attribute filter cannot be an alternative in OR.',
    );
    expect((await call(p, 'search', { query: 'attr:region' })).warnings).toEqual([
      'Ignored "attr:region": write an attribute and its value, as in attr:"outlet type"=state.',
    ]);
  });
});
