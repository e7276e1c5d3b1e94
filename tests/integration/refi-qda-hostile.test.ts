// Hostile and broken REFI-QDA inputs: each is refused (or cut down to what is
// usable) with a message in the user's words, never a crash, and the project
// is left as it was.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { coderId } from '../../src/main/core/coding/coders.ts';
import { call } from '../../src/main/core/engine.ts';
import { importRefiQda } from '../../src/main/core/exchange/import.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { createTestProject } from '../helpers/project.ts';

const TABLES = ['documents', 'coders', 'codes', 'code_groups', 'codings', 'memos'];
const snapshot = (p: ProjectHandle) => Object.fromEntries(TABLES.map((t) => [t, p.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));
const upload = (name: string, bytes: Uint8Array | string) => ({ upload: { name, base64: Buffer.from(bytes).toString('base64') } });

/** Doubling entities, "a billion laughs": a few hundred bytes that would expand to gigabytes. */
const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE CodeBook [
  <!ENTITY a "ha ha ha ha ha ha ha ha ha ha">
  ${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('\n  ')}
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0b9e8c3a-1d2e-4f50-8a6b-7c8d9e0f1a2b" name="&j;" isCodable="true"/></Codes></CodeBook>
`;

/** An external entity: the file asks the reader to fetch /etc/passwd into a description. */
const XXE = `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE Project [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<Project xmlns="urn:QDA-XML:project:1.0" name="Leak">
  <Description>&secret;</Description>
</Project>
`;

describe('REFI-QDA files that try to reach outside themselves or expand without end', () => {
  it('refuses an external entity, a parameter entity, doubling entities and elements nested without end, each in words, changing nothing', async () => {
    const p = await createTestProject();
    coderId(p.db, 'importer');
    const before = snapshot(p);
    const deep = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>${'<Code isCodable="true" name="x">'.repeat(5000)}${'</Code>'.repeat(5000)}</Codes></CodeBook>`;
    const cases: [string, Uint8Array, string][] = [
      [
        'leak.qde',
        strToU8(XXE),
        '“leak.qde” asks to read something outside itself (an external entity in its DTD, such as a file on this computer or a web address). Quire never follows these, and REFI-QDA files do not use them: the file was not read.',
      ],
      [
        'leak.qdpx',
        zipSync({ 'project.qde': strToU8(XXE.replace('<!ENTITY secret SYSTEM "file:///etc/passwd">', '<!ENTITY % remote SYSTEM "http://example.com/x.dtd"> %remote;')) }),
        'project.qde in “leak.qdpx” asks to read something outside itself (an external entity in its DTD, such as a file on this computer or a web address). Quire never follows these, and REFI-QDA files do not use them: the file was not read.',
      ],
      [
        'laughs.qdc',
        strToU8(LAUGHS),
        '“laughs.qdc” defines its own entities (in a DTD), which REFI-QDA files do not use and which can make a small file expand without end: the file was not read.',
      ],
      ['deep.qdc', strToU8(deep), '“deep.qdc” nests its elements more than 100 deep, which Quire does not read.'],
    ];
    for (const [name, bytes, message] of cases) {
      for (const method of ['importRefiQda', 'previewMerge'] as const) {
        const error = await call(p, method, upload(name, bytes)).catch((e: unknown) => e);
        expect(error, `${method} ${name}`).toMatchObject({ name: 'QuireError', code: 'invalid_input', message });
      }
      expect(() => importRefiQda(p.db, coderId(p.db, 'importer'), { name, bytes })).toThrow(message);
    }
    expect(snapshot(p)).toEqual(before);
  });
});
