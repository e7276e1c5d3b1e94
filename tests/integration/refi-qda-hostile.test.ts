// Hostile and broken REFI-QDA inputs: each is refused (or cut down to what is
// usable) with a message in the user's words, never a crash, and the project
// is left as it was.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { coderId } from '../../src/main/core/coding/coders.ts';
import { call } from '../../src/main/core/engine.ts';
import { importRefiQda, readRefiFile } from '../../src/main/core/exchange/import.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { createTestProject } from '../helpers/project.ts';
import { deflated, projectNaming, rawZip, stored, type RawEntry } from '../helpers/zip-bombs.ts';

const TABLES = ['documents', 'coders', 'codes', 'code_groups', 'codings', 'memos'];
const snapshot = (p: ProjectHandle) =>
  Object.fromEntries(TABLES.map((t) => [t, p.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()]));
const upload = (name: string, bytes: Uint8Array | string) => ({
  upload: { name, base64: Buffer.from(bytes).toString('base64') },
});

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
        zipSync({
          'project.qde': strToU8(
            XXE.replace(
              '<!ENTITY secret SYSTEM "file:///etc/passwd">',
              '<!ENTITY % remote SYSTEM "http://example.com/x.dtd"> %remote;',
            ),
          ),
        }),
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
      await expect(importRefiQda(p.db, coderId(p.db, 'importer'), { name, bytes })).rejects.toThrow(message);
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
        message:
          '“bomb.qdpx” would unpack to 1.9 GB, more than the 1.0 GB Quire allows, so it was not opened (it may be a “zip bomb”).',
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
      [
        'less.qdpx',
        { name: 'sources/001.txt', ...deflated(repeated(5000)), size: 10_000 },
        'less than the 10,000 bytes its archive says',
      ],
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

const G = (i: number) => `6F1D2A3B-4C5D-4E6F-8A9B-${String(i).padStart(12, '0')}`;
/**
 * A codebook converted by hand from a spreadsheet, as the issue's was: the
 * sets' attributes written with capitals (so REFI-QDA sees sets without a
 * name), and one code without a name. Before, it came in as 15 empty groups
 * and a code with an empty name.
 */
const THEMES = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Spreadsheet export">
  <Codes>
    <Code guid="${G(1)}" name="Stance" isCodable="true" color="#AA0000">
      <Code guid="${G(2)}" name="Neutral" isCodable="true"/>
      <Code guid="${G(3)}" isCodable="true"/>
    </Code>
  </Codes>
  <Sets>
${Array.from({ length: 15 }, (_, i) => `    <Set Guid="{${G(100 + i)}}" Name="Theme ${i + 1}">\n      <MemberCode guid="${G(1 + (i % 3))}"/>\n    </Set>`).join('\n')}
  </Sets>
</CodeBook>
`;

describe('REFI-QDA files checked against the standard', () => {
  it('imports what is valid from a codebook that breaks the schema, and names what it left out by its line in the file', async () => {
    const p = await createTestProject({ seeds: false });
    const report = await call(p, 'importRefiQda', upload('themes.qdc', THEMES));
    expect(report).toMatchObject({ codes: 2, groups: 0 });
    expect(report.skipped).toEqual([
      '“themes.qdc”, line 6: a <Code> has no name, so it was left out.',
      '“themes.qdc”, lines 10, 13, 16, 19, 22 and 10 more (15 in all): a <Set> has no name (it has “Name”, which REFI-QDA spells “name”), so each was left out with everything inside it.',
    ]);
    expect((await call(p, 'getCodebook', {})).codes.map((c) => c.name).sort()).toEqual(['Neutral', 'Stance']);
    // Written on one line, each element is still told apart: the named codes come in, the nameless one does not.
    const oneLine = await call(p, 'previewMerge', upload('oneline.qdc', THEMES.replace(/\n\s*/g, '')));
    expect(oneLine.skipped.slice(0, 2)).toEqual([
      '“oneline.qdc”, line 1: a <Code> has no name, so it was left out.',
      '“oneline.qdc”, line 1 (15 times): a <Set> has no name (it has “Name”, which REFI-QDA spells “name”), so each was left out with everything inside it.',
    ]);
  });

  it('refuses a codebook cut short with the line where it ends and what is left open, in words', async () => {
    const p = await createTestProject({ seeds: false });
    // A download that stopped in the middle of line 17, inside an attribute.
    const cut = THEMES.split('\n').slice(0, 17).join('\n').slice(0, -8);
    expect(cut.split('\n')).toHaveLength(17);
    const error = await call(p, 'importRefiQda', upload('themes.qdc', cut)).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_input',
      message:
        '“themes.qdc” is not well-formed XML, so it was not read (line 17: the file ends in the middle of a <MemberCode>, with 4 elements left open; it may have been cut short).',
    });
    // Broken elsewhere than at its end: the line where it breaks, and what is wrong there.
    const crossed = THEMES.replace('</Code>\n  </Codes>', '</Codes>\n  </Code>');
    await expect(call(p, 'importRefiQda', upload('crossed.qdc', crossed))).rejects.toMatchObject({
      message:
        '“crossed.qdc” is not well-formed XML, so it was not read (line 7: </Codes> closes <Code>, opened on line 4).',
    });
  });

  it('refuses a file that breaks the standard and leaves nothing to use, listing why', async () => {
    const p = await createTestProject({ seeds: false });
    const before = snapshot(p);
    const book = `<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n  <Codes>\n    <Code guid="${G(1)}" isCodable="true"/>\n    <Code guid="${G(2)}" Name="Stance" isCodable="true"/>\n  </Codes>\n</CodeBook>\n`;
    await expect(call(p, 'importRefiQda', upload('empty.qdc', book))).rejects.toMatchObject({
      code: 'invalid_input',
      message:
        '“empty.qdc” holds nothing Quire can use, so nothing was imported:\n' +
        '  line 4: a <Code> has no name, so it was left out.\n' +
        '  line 5: a <Code> has no name (it has “Name”, which REFI-QDA spells “name”), so it was left out.',
    });
    expect(snapshot(p)).toEqual(before);
  });

  it('reads what does no harm (attributes the standard lacks, another order, braces, no namespace) and says what it ignored; leaves out a selection with no usable start', async () => {
    const p = await createTestProject({ seeds: false });
    const text = 'Minsk denies it. Kyiv replies.\n';
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project name="Fieldwork" origin="Tool 1.0" exportedBy="someone">
  <Users><User guid="{${G(9)}}" name="Sam"/></Users>
  <CodeBook><Codes>
    <Code guid="${G(1)}" name="Denial" isCodable="true" weight="3">
      <Code guid="${G(2)}" name="Reply" isCodable="true"/>
      <Description>Described after its child</Description>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="${G(20)}" name="Talks" plainTextPath="internal://${G(20)}.txt">
      <PlainTextSelection guid="${G(30)}" startPosition="0" endPosition="5" creatingUser="${G(9)}">
        <Coding guid="${G(40)}" creatingUser="${G(9)}"><CodeRef targetGUID="${G(1)}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="${G(31)}" startPosition="seventeen" endPosition="21" creatingUser="${G(9)}">
        <Coding guid="${G(41)}" creatingUser="${G(9)}"><CodeRef targetGUID="${G(2)}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
`;
    const bytes = zipSync({ 'project.qde': strToU8(qde), [`sources/${G(20)}.txt`]: strToU8(text) });
    const report = await call(p, 'importRefiQda', upload('fieldwork.qdpx', bytes));
    expect(report).toMatchObject({ documents: 1, codes: 2, codings: 1 });
    expect(report.skipped).toContain(
      'project.qde in “fieldwork.qdpx”, line 15: a <PlainTextSelection> has a “startPosition” that is not valid (“seventeen”), so it was left out with everything inside it.',
    );
    expect(report.notes).toEqual(
      expect.arrayContaining([
        'project.qde in “fieldwork.qdpx”, line 2: a <Project> has an attribute “exportedBy” that REFI-QDA does not define; it was ignored.',
        'project.qde in “fieldwork.qdpx”, line 5: a <Code> has an attribute “weight” that REFI-QDA does not define; it was ignored.',
      ]),
    );
    // Braced GUIDs, a missing namespace and a description after the child codes are not mentioned: nothing was lost.
    expect(report.notes.join('\n')).not.toMatch(/line (3|7):/);
    const codes = (await call(p, 'getCodebook', {})).codes;
    expect(codes.find((c) => c.name === 'Denial')?.description).toBe('Described after its child');
  });

  it('checks a project.qde of 10,000 codings in a few seconds', async () => {
    const text = 'The ministry denied it. '.repeat(2000);
    const selections = Array.from(
      { length: 10_000 },
      (_, i) =>
        `      <PlainTextSelection guid="${G(100_000 + i)}" startPosition="${i * 4}" endPosition="${i * 4 + 3}" creatingUser="${G(9)}">\n        <Coding guid="${G(200_000 + i)}" creatingUser="${G(9)}"><CodeRef targetGUID="${G(1 + (i % 50))}"/></Coding>\n      </PlainTextSelection>`,
    );
    const codes = Array.from(
      { length: 50 },
      (_, i) => `    <Code guid="${G(1 + i)}" name="Code ${i + 1}" isCodable="true"/>`,
    );
    const qde = `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Big">\n  <Users><User guid="${G(9)}" name="Sam"/></Users>\n  <CodeBook><Codes>\n${codes.join('\n')}\n  </Codes></CodeBook>\n  <Sources>\n    <TextSource guid="${G(99_999)}" name="Long" plainTextPath="internal://long.txt">\n${selections.join('\n')}\n    </TextSource>\n  </Sources>\n</Project>\n`;
    const bytes = zipSync({ 'project.qde': strToU8(qde), 'sources/long.txt': strToU8(text) });
    const started = performance.now();
    const input = await readRefiFile({ name: 'big.qdpx', bytes });
    const took = performance.now() - started;
    expect(input.documents[0]!.passages).toHaveLength(10_000);
    expect(input.skipped.filter((s) => /line \d/.test(s))).toEqual([]);
    expect(took).toBeLessThan(10_000);
  });
});
