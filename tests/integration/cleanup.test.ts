import { describe, expect, it } from 'vitest';
import { cleanText } from '../../src/main/core/corpus/cleanup.ts';
import { call } from '../../src/main/core/engine.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { createTestProject } from '../helpers/project.ts';

describe('cleanup rules', () => {
  it('find the page furniture the sample articles were scraped with, and nothing else', async () => {
    const p = await createTestProject();
    const preview = await call(p, 'previewCleanup', {});
    const byDoc = Object.fromEntries(
      preview.map((d) => [d.documentId, d.removed.map((r) => `${r.line} ${r.rule}: ${r.text.slice(0, 40)}`)]),
    );
    expect(byDoc).toEqual({
      1: [
        '1 captions: Russian President Vladimir Putin (right)',
        '21 captions: A Russian marine takes his position duri',
        '41 captions: Belarusian President Alexander Lukashenk',
      ],
      3: [
        '15 see-also: SEE ALSO: Putin sends singers, actors to',
        '29 see-also: SEE ALSO: Putin’s war is a disaster, but',
        '65 contact: • Mike Glenn can be reached at mglenn@wa',
        '67 copyright: Copyright © 2023 The Washington Times, L',
        '69 comments: Please read our comment policy before co',
        '71 prompts: Click to Read More and View Comments',
        '73 prompts: Click to Hide',
        '75 sponsored: Sponsored Stories',
      ],
      4: [
        '21 captions: Military exercises on the border of Bela',
        '47 comments: Leave a Reply',
        '49 comments: Your email address will not be published',
      ],
    });
    expect(
      (await call(p, 'previewCleanup', { rules: ['see-also'] })).flatMap((d) => d.removed.map((r) => r.rule)),
    ).toEqual(['see-also', 'see-also']);
  });

  it('find the furniture real news pages leave as text: page controls, media labels, time stamps, share tools, newsletters', () => {
    // Lines as saved pages of CNN, Fox News, ESPN, Politico and the Huffington Post left them.
    const furniture = [
      'STORY HIGHLIGHTS',
      'Video: Buck: Raise retirement age',
      'Published August 14, 2010',
      'Updated: August 13, 2010, 5:02 PM ET',
      'Print',
      'Recommend',
      'E-mail',
      '[+] Enlarge',
      'Text Size',
      '+',
      '-',
      'reset',
      'Subscribe to the HuffPost Money newsletter!',
    ];
    const prose = [
      'Published in 2010, the report found that the program was sound.',
      'Watch the border closely, officials said: the troops have not left.',
      'Updated figures from the ministry show the same trend as in 2021 and 2022, with more arrivals each month.',
      'Print media in Belarus are controlled by the state.',
    ];
    const { text, removed } = cleanText([...furniture, ...prose].join('\n\n'));
    expect(removed.map((r) => r.text)).toEqual(furniture);
    expect(text).toBe(prose.join('\n\n'));
    expect(new Set(removed.map((r) => r.rule))).toEqual(new Set(['media', 'timestamps', 'share', 'prompts']));
  });

  it('remove whole lines only, keep paragraphs apart by one blank line, and leave prose alone', () => {
    const text =
      'Headline\n\nFirst paragraph.\n\nSEE ALSO: Another story\n\nSecond paragraph mentions a Photo: in passing, then goes on at length about it.\nShare\n';
    const { text: cleaned, removed } = cleanText(text);
    expect(cleaned).toBe(
      'Headline\n\nFirst paragraph.\n\nSecond paragraph mentions a Photo: in passing, then goes on at length about it.\n',
    );
    expect(removed.map((r) => r.line)).toEqual([5, 8]);
    const prose = `${'A long paragraph of reporting. '.repeat(20)}Photo: AFP`;
    expect(cleanText(prose).removed).toEqual([]);
  });
});

describe('cleaning up documents', () => {
  it('is one undoable step that keeps the original text and finds the codings again', async () => {
    const p = await createTestProject();
    const before = (await call(p, 'getDocument', { id: 3 })).body;
    const code = await call(p, 'createCode', { name: 'Troops' });
    const codeAt = async (quote: string) => {
      const start = toCodePointOffset(before, before.indexOf(quote));
      return (
        await call(p, 'applyCode', { documentId: 3, codeId: code.id, start, end: start + countCodePoints(quote) })
      ).coding;
    };
    const kept = await codeAt('Mr. Putin may indeed order renewed large-scale offensive operations');
    await codeAt('Sponsored Stories');
    const result = await call(p, 'cleanupDocuments', { documentIds: [3] });
    expect(result).toEqual({ documents: 1, lines: 8, kept: 0, moved: 1, orphaned: 1 });
    const after = await call(p, 'getDocument', { id: 3 });
    expect(after.body).not.toMatch(/SEE ALSO|Sponsored Stories|Click to Hide/);
    expect(after.body).toContain('Mr. Putin may indeed order renewed large-scale offensive operations');
    expect(after.importNotes.at(-1)).toBe(
      'Cleaned up: removed 8 lines (see-also, contact, copyright, comments, prompts, sponsored).',
    );
    expect((await call(p, 'listCodings', { documentId: 3 })).map((k) => [k.id, k.quote])).toEqual([
      [kept.id, kept.quote],
    ]);
    expect((await call(p, 'listOrphans', { documentId: 3 })).map((k) => k.quote)).toEqual(['Sponsored Stories']);
    const original = p.db.prepare('SELECT bytes FROM document_originals WHERE document_id = 3').pluck().get() as Buffer;
    expect(original.toString('utf8')).toBe(before);
    expect((await call(p, 'search', { query: '"Sponsored Stories"' })).total).toBe(0);
    expect((await call(p, 'checkProject', {})).ok).toBe(true);

    await call(p, 'undo', {});
    expect((await call(p, 'getDocument', { id: 3 })).body).toBe(before);
    expect(p.db.prepare('SELECT count(*) FROM document_originals WHERE document_id = 3').pluck().get()).toBe(0);
    expect((await call(p, 'listCodings', { documentId: 3 })).map((k) => k.quote).sort()).toEqual(
      [kept.quote, 'Sponsored Stories'].sort(),
    );
    expect((await call(p, 'search', { query: '"Sponsored Stories"' })).total).toBe(1);
    expect((await call(p, 'checkProject', {})).ok).toBe(true);
  });

  it('refuses a rule that does not exist, naming the rules there are, and changes nothing', async () => {
    const p = await createTestProject();
    const before = (await call(p, 'getDocument', { id: 3 })).body;
    const steps = (await call(p, 'history', {})).length;
    const refused = {
      code: 'invalid_input',
      message: expect.stringMatching(/^There is no cleanup rule “nope”\. The rules are:\n {2}see-also /),
    };
    await expect(call(p, 'previewCleanup', { rules: ['see-also', 'nope'] })).rejects.toMatchObject(refused);
    await expect(call(p, 'cleanupDocuments', { documentIds: [3], rules: ['nope'] })).rejects.toMatchObject(refused);
    expect((await call(p, 'getDocument', { id: 3 })).body).toBe(before);
    expect(await call(p, 'history', {})).toHaveLength(steps);
    // No rule chosen (the dialog with every box unticked) removes nothing.
    expect(await call(p, 'previewCleanup', { rules: [] })).toEqual([]);
  });
});
