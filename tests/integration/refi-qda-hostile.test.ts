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
import { deflated, projectNaming, rawZip, stored, type RawEntry } from '../helpers/zip-bombs.ts';

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

const MB = 1024 * 1024;
const SENTENCE = 'The ministry denied that any troops had crossed the border overnight. ';
/** `bytes` of one letter over and over, as bomb makers fill them: deflate shrinks it about a thousand times. */
const repeated = (bytes: number) => Buffer.alloc(bytes, 'a');
/** A .qdpx whose project.qde names one source for each of `n` text files, all of them the same packed `text`. */
function bombOf(n: number, text: Omit<RawEntry, 'name'>): Uint8Array {
  const names = Array.from({ length: n }, (_, i) => `sources/${String(i + 1).padStart(3, '0')}.txt`);
  return rawZip([stored('project.qde', projectNaming(names)), ...names.map((name) => ({ name, ...text }))]);
}

describe('zip bombs in a .qdpx', () => {
  it('refuses the bomb of the issue (40 texts of 49 MB in a 2 MB file) from its directory, before inflating anything, changing nothing', async () => {
    const p = await createTestProject();
    const before = snapshot(p);
    const bytes = bombOf(40, deflated(repeated(49 * MB)));
    expect(bytes.length).toBeLessThan(2.5 * MB);
    const started = performance.now();
    for (const method of ['importRefiQda', 'previewMerge'] as const) {
      await expect(call(p, method, upload('bomb.qdpx', bytes))).rejects.toMatchObject({
        code: 'invalid_input',
        message: '“bomb.qdpx” would unpack to 1.9 GB, more than the 1.0 GB Quire allows, so it was not opened (it may be a “zip bomb”).',
      });
    }
    // It took 127 seconds and 4.4 GB of memory when each text was inflated and imported.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(snapshot(p)).toEqual(before);
  });

  it('refuses a smaller bomb, under the total, by how far its texts shrink, naming the text', async () => {
    const p = await createTestProject();
    const before = snapshot(p);
    const bytes = bombOf(8, deflated(repeated(40 * MB)));
    const started = performance.now();
    await expect(call(p, 'previewMerge', upload('small-bomb.qdpx', bytes))).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(
        /^“small-bomb\.qdpx” holds sources\/001\.txt, which would unpack from [\d,]+ bytes to 40 MB \([\d,]+ times its size\); no real document shrinks that much, so the file was not opened \(it may be a “zip bomb”\)\.$/,
      ),
    });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(snapshot(p)).toEqual(before);
  });

  it('reads a small text that shrinks as much (a page of blank lines): below a megabyte the ratio does not matter', async () => {
    const p = await createTestProject({ seeds: false });
    const text = `${SENTENCE}\n${'\n'.repeat(900 * 1024)}The end.\n`;
    const packed = deflated(Buffer.from(text));
    expect(packed.size / packed.packed.length).toBeGreaterThan(500);
    const report = await call(p, 'importRefiQda', upload('blank.qdpx', bombOf(1, packed)));
    expect(report.documents).toBe(1);
  });

  it('refuses a text that unpacks to more than it claims (1 KB claimed, 100 MB inside) instead of cutting it to its claim, and one that unpacks to less', async () => {
    const p = await createTestProject({ seeds: false });
    const before = snapshot(p);
    const liar = deflated(repeated(100 * MB));
    const cases: [string, RawEntry, string][] = [
      ['more.qdpx', { name: 'sources/001.txt', ...liar, size: 1024 }, 'more than the 1,024 bytes its archive says'],
      ['less.qdpx', { name: 'sources/001.txt', ...deflated(repeated(5000)), size: 10_000 }, 'less than the 10,000 bytes its archive says'],
    ];
    for (const [name, entry, says] of cases) {
      const bytes = rawZip([stored('project.qde', projectNaming([entry.name])), entry]);
      await expect(call(p, 'importRefiQda', upload(name, bytes))).rejects.toMatchObject({
        code: 'invalid_input',
        message: `“${name}” cannot be read: sources/001.txt in it unpacks to ${says}. The file is damaged, or made to mislead; nothing of it was used.`,
      });
    }
    expect(snapshot(p)).toEqual(before);
  });
});
