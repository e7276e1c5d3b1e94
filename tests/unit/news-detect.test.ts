import { describe, expect, it } from 'vitest';
import { readNewsExport } from '../../src/main/core/corpus/newsdb/index.ts';

const NBSP = '\u00a0';

/** A Nexis Uni article as its text download lays it out, in one of its interface languages. */
const nexisUni = (body: string, end: string) =>
  [
    'Minsk denies sending troops',
    'The Guardian',
    'March 1, 2022 Tuesday',
    '',
    `Length:${NBSP}412 words`,
    `Byline:${NBSP}Andrew Roth`,
    '',
    body,
    '',
    'Officials in Minsk said on Tuesday that no Belarusian troops had crossed the border.',
    '',
    `Language:${NBSP}ENGLISH`,
    '',
    `  ${end}  `,
    '',
  ].join('\n');

const INTERFACES: [body: string, end: string][] = [
  ['Body', 'End of Document'],
  ['Text', 'Ende des Dokuments'],
  ['Texte', 'Fin du document'],
  ['Texto', 'Fin del documento'],
  ['Tekst', 'Einde van document'],
  ['Body', 'Fine del documento'],
];

describe("news databases' exports are recognised by their text, and only they", () => {
  it.each(INTERFACES)('reads a Nexis Uni download ending each article with its "%s" … "%s" lines', (body, end) => {
    const found = readNewsExport(nexisUni(body, end), 'utf-8', []);
    expect(found?.database).toBe('Nexis Uni');
    expect(found?.articles).toHaveLength(1);
  });

  it('leaves an article alone that names those words inside its lines, not on lines of their own', () => {
    const text = nexisUni('Body', 'End of Document').replace(
      '  End of Document  ',
      'The leaked report, marked End of Document by its authors, was Fin du document in French.',
    );
    expect(readNewsExport(text, 'utf-8', [])).toBeNull();
  });

  it('leaves plain articles alone that mention documents, DOCUMENTS, full texts and separators', () => {
    const texts = [
      'Document 5 of the inquiry was released.\n\nThe document said little.',
      'The 1 of 3 DOCUMENTS leaked were published.\nLENGTH: unknown',
      'Full text: the minister’s speech is below.\n____________________\nThanks.',
    ];
    for (const text of texts) expect(readNewsExport(text, 'utf-8', [])).toBeNull();
  });
});
