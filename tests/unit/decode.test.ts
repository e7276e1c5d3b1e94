import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeText } from '../../src/main/core/corpus/decode.ts';
import { QuireError } from '../../src/shared/errors.ts';

// Spy on chardet so we can prove the UTF-8 path never asks it: on the module decode.ts loads when it first needs it
// (Node's one copy of it, whoever requires it).
const chardet = createRequire(import.meta.url)('chardet') as typeof import('chardet');
vi.spyOn(chardet, 'analyse');
vi.spyOn(chardet, 'detect');

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? utf8(p) : Uint8Array.from(p))));

const RUSSIAN =
  'Президент Белоруссии Александр Лукашенко заявил, что не намерен вводить войска на территорию Украины. ' +
  'По его словам, белорусская армия будет защищать только свои границы, а все разговоры о втором фронте ' +
  'являются провокацией Запада. Встреча с Путиным прошла в Минске.';
const FRENCH = 'Un café à Zürich, un garçon naïve et élégant: la façade coûte £5. Déjà vu, très cher.';

function rejects(input: Uint8Array, message: RegExp | string, name?: string): void {
  let error: unknown;
  try {
    decodeText(input, name);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(QuireError);
  expect((error as QuireError).code).toBe('invalid_input');
  if (typeof message === 'string') expect((error as QuireError).message).toBe(message);
  else expect((error as QuireError).message).toMatch(message);
}

beforeEach(() => {
  vi.mocked(chardet.analyse).mockClear();
  vi.mocked(chardet.detect).mockClear();
});

describe('decodeText: UTF-8', () => {
  it('reads valid UTF-8 without asking chardet', () => {
    const r = decodeText(utf8('Лукашенко met Putin 👋 in Minsk — “finally”.'));
    expect(r).toEqual({ text: 'Лукашенко met Putin 👋 in Minsk — “finally”.', encoding: 'utf-8', warnings: [] });
    expect(chardet.analyse).not.toHaveBeenCalled();
    expect(chardet.detect).not.toHaveBeenCalled();
  });

  it('reads the seed articles as UTF-8 without asking chardet', () => {
    const seed = readFileSync(new URL('../../seeds/002_c202183df8046a46.txt', import.meta.url));
    const r = decodeText(seed, '002_c202183df8046a46.txt');
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toContain('The Washington Times');
    expect(chardet.analyse).not.toHaveBeenCalled();
  });

  it('counts pure ASCII as UTF-8', () => {
    expect(decodeText(utf8('plain ascii\r\nline two\n'))).toEqual({
      text: 'plain ascii\r\nline two\n',
      encoding: 'utf-8',
      warnings: [],
    });
  });

  it('strips a UTF-8 BOM', () => {
    const r = decodeText(bytes([0xef, 0xbb, 0xbf], 'Zürich'));
    expect(r).toEqual({ text: 'Zürich', encoding: 'utf-8', warnings: [] });
  });

  it('replaces stray invalid bytes in mostly-UTF-8 text by U+FFFD, and says how many and where', () => {
    // valid UTF-8 "Café" and "Лукашенко", then Windows-1252 curly quotes 0x93/0x94 and a Windows-1252 "é" (0xE9)
    const input = bytes('Café Лукашенко said ', [0x93], 'no', [0x94], '\r\nin Mon', [0xe9], 'al.');
    const r = decodeText(input);
    expect(r.text).toBe('Café Лукашенко said \uFFFDno\uFFFD\r\nin Mon\uFFFDal.');
    expect(r.encoding).toBe('utf-8');
    expect(r.warnings).toEqual(['3 bytes that are not valid UTF-8 were replaced by “�” (U+FFFD), on lines 1 and 2.']);
  });

  it('replaces each broken sequence by one U+FFFD, as the Unicode standard and browsers do', () => {
    // A truncated three-byte sequence is one broken sequence; a lone continuation byte is another.
    const r = decodeText(bytes('naïve ', [0xe2, 0x80], 'x ', [0x80]));
    expect(r.text).toBe('naïve \uFFFDx \uFFFD');
    expect(r.warnings).toEqual([
      '3 bytes that are not valid UTF-8 were replaced by “�” (U+FFFD) in 2 places, on line 1.',
    ]);
  });

  it('replaces a truncated multi-byte sequence at the end', () => {
    const r = decodeText(bytes('Zürich ', [0xe2, 0x80]));
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe('Zürich \uFFFD');
  });
});

/** Lines of valid UTF-8 in many scripts; the last line of each holds the byte sequences `broken` put in it. */
const SCRIPTS = [
  'Президент Белоруссии Александр Лукашенко заявил',
  'Η Αθήνα είναι η πρωτεύουσα της Ελλάδας',
  '卢卡申科总统在明斯克会见了普京总统',
  'ルカシェンコ大統領はミンスクで会談した',
  'الرئيس البيلاروسي ألكسندر لوكاشينكو',
  'राष्ट्रपति लुकाशेंको ने मिन्स्क में कहा',
  'Zażółć gęślą jaźń, Příliš žluťoučký kůň',
  'emoji 👩‍👩‍👧 🇧🇾 and e\u0301 combining',
];

describe('decodeText: a mostly-UTF-8 file with malformed sequences (Kuhn-like)', () => {
  // One kind of malformed sequence per line, after valid text in another script.
  const malformed: [string, number[]][] = [
    ['a lone continuation byte', [0x80]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['a UTF-16 surrogate encoded in UTF-8', [0xed, 0xa0, 0x80]],
    ['bytes never used in UTF-8', [0xfe, 0xff]],
    ['a sequence cut short', [0xe2, 0x82]],
    ['a five-byte form', [0xf8, 0x88, 0x80, 0x80, 0x80]],
  ];
  const lines = SCRIPTS.map((line, i) =>
    malformed[i] ? bytes(line, ' ', malformed[i]![1], ' end\n') : bytes(line, '\n'),
  );
  const input = bytes(...lines);

  it('is read as UTF-8: every valid character as it was, every broken sequence as one U+FFFD, with the lines named', () => {
    const r = decodeText(input);
    expect(r.encoding).toBe('utf-8');
    // The replacements are those of the WHATWG decoder that browsers use, byte for byte.
    expect(r.text).toBe(new TextDecoder('utf-8').decode(input));
    for (const line of SCRIPTS) expect(r.text).toContain(line);
    const broken = malformed.reduce((n, [, b]) => n + b.length, 0);
    const places = r.text.split('\uFFFD').length - 1;
    // overlong: 2, surrogate: 3, FE FF: 2, five-byte form: 5 places; lone continuation and cut-short sequence: 1 each.
    expect(places).toBe(1 + 2 + 3 + 2 + 1 + 5);
    expect(r.warnings).toEqual([
      `${broken} bytes that are not valid UTF-8 were replaced by “�” (U+FFFD) in ${places} places, on lines 1, 2, 3, 4, 5 and 1 other line.`,
    ]);
    expect(chardet.detect).not.toHaveBeenCalled();
  });

  it('is not read as Windows-1252 (no mojibake) whatever chardet thinks of it', () => {
    const r = decodeText(input);
    expect(r.text).not.toMatch(/Ð|Ã|Î|â€/);
  });

  it('keeps a file with a single NUL as text, leaving the NUL out and saying where', () => {
    const r = decodeText(bytes(SCRIPTS[0]!, '\n', SCRIPTS[1]!, [0], ' and more\n', SCRIPTS[2]!));
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe(`${SCRIPTS[0]}\n${SCRIPTS[1]} and more\n${SCRIPTS[2]}`);
    expect(r.warnings).toEqual(['1 control character (NUL) is not text and was left out, on line 2.']);
  });

  it('names the control characters it leaves out', () => {
    const r = decodeText(bytes('Page one\n', [0x0c], 'Page two', [0x1b], '[0m\n', [0x07], 'end'));
    expect(r.text).toBe('Page one\nPage two[0m\nend');
    expect(r.warnings).toEqual([
      '3 control characters (form feed, escape, U+0007) are not text and were left out, on lines 2 and 3.',
    ]);
  });
});

/**
 * Markus Kuhn's "UTF-8 decoder capability and stress test" (UTF-8-test.txt),
 * rebuilt section by section: the classic file of deliberately malformed
 * UTF-8, which has a NUL in 2.1.1 and more bytes in broken sequences than in
 * valid ones among its non-ASCII bytes' sequences.
 */
function kuhnTest(): Uint8Array {
  const lines: (string | number[])[][] = [
    [
      'UTF-8 decoder capability and stress test\n----------------------------------------\n\nMarkus Kuhn <http://www.cl.cam.ac.uk/~mgk25/> - 2015-08-28 - CC BY 4.0\n\n',
    ],
    [
      '1  Some correct UTF-8 text\n\nYou should see the Greek word \'kosme\':       "κόσμε"                          |\n\n',
    ],
  ];
  const seq = (label: string, b: number[]) => lines.push([`${label.padEnd(40)}"`, b, '"|\n']);
  const cp = (n: number) => [...new TextEncoder().encode(String.fromCodePoint(n))];
  seq('2.1.1  1 byte  (U-00000000):', [0x00]);
  seq('2.1.2  2 bytes (U-00000080):', [0xc2, 0x80]);
  seq('2.1.3  3 bytes (U-00000800):', [0xe0, 0xa0, 0x80]);
  seq('2.1.4  4 bytes (U-00010000):', [0xf0, 0x90, 0x80, 0x80]);
  seq('2.1.5  5 bytes (U-00200000):', [0xf8, 0x88, 0x80, 0x80, 0x80]);
  seq('2.1.6  6 bytes (U-04000000):', [0xfc, 0x84, 0x80, 0x80, 0x80, 0x80]);
  seq('2.2.1  1 byte  (U-0000007F):', [0x7f]);
  seq('2.2.2  2 bytes (U-000007FF):', [0xdf, 0xbf]);
  seq('2.2.3  3 bytes (U-0000FFFF):', [0xef, 0xbf, 0xbf]);
  seq('2.2.4  4 bytes (U-001FFFFF):', [0xf7, 0xbf, 0xbf, 0xbf]);
  seq('2.2.5  5 bytes (U-03FFFFFF):', [0xfb, 0xbf, 0xbf, 0xbf, 0xbf]);
  seq('2.2.6  6 bytes (U-7FFFFFFF):', [0xfd, 0xbf, 0xbf, 0xbf, 0xbf, 0xbf]);
  for (const [label, n] of [
    ['2.3.1  U-0000D7FF', 0xd7ff],
    ['2.3.2  U-0000E000', 0xe000],
    ['2.3.3  U-0000FFFD', 0xfffd],
    ['2.3.4  U-0010FFFF', 0x10ffff],
  ] as const)
    seq(label, cp(n));
  seq('2.3.5  U-00110000', [0xf4, 0x90, 0x80, 0x80]);
  seq('3.1.1  First continuation byte 0x80:', [0x80]);
  seq('3.1.2  Last continuation byte 0xbf:', [0xbf]);
  const cont = [0x80, 0xbf, 0x80, 0xbf, 0x80, 0xbf, 0x80];
  for (let n = 2; n <= 7; n++) seq(`3.1.${n + 1}  ${n} continuation bytes:`, cont.slice(0, n));
  for (let row = 0; row < 4; row++)
    seq('3.1.9  All 64 continuation bytes:', Array.from({ length: 16 }, (_, i) => [0x80 + row * 16 + i, 0x20]).flat());
  const lonely = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => [from + i, 0x20]).flat();
  seq('3.2.1  All 32 first bytes of 2-byte sequences, each followed by a space:', lonely(0xc0, 0xdf));
  seq('3.2.2  All 16 first bytes of 3-byte sequences:', lonely(0xe0, 0xef));
  seq('3.2.3  All 8 first bytes of 4-byte sequences:', lonely(0xf0, 0xf7));
  seq('3.2.4  All 4 first bytes of 5-byte sequences:', lonely(0xf8, 0xfb));
  seq('3.2.5  All 2 first bytes of 6-byte sequences:', lonely(0xfc, 0xfd));
  const cut = [
    [0xc0],
    [0xe0, 0x80],
    [0xf0, 0x80, 0x80],
    [0xf8, 0x80, 0x80, 0x80],
    [0xfc, 0x80, 0x80, 0x80, 0x80],
    [0xdf],
    [0xef, 0xbf],
    [0xf7, 0xbf, 0xbf],
    [0xfb, 0xbf, 0xbf, 0xbf],
    [0xfd, 0xbf, 0xbf, 0xbf, 0xbf],
  ];
  cut.forEach((b, i) => seq(`3.3.${i + 1}  Sequence with last continuation byte missing:`, b));
  seq('3.4  Concatenation of incomplete sequences:', cut.flat());
  seq('3.5.1  fe', [0xfe]);
  seq('3.5.2  ff', [0xff]);
  seq('3.5.3  fe fe ff ff', [0xfe, 0xfe, 0xff, 0xff]);
  for (const last of [[0xaf], [0xbf], [0x80]]) {
    const body =
      last[0] === 0xbf
        ? [[0xc1], [0xe0, 0x9f], [0xf0, 0x8f, 0xbf], [0xf8, 0x87, 0xbf, 0xbf], [0xfc, 0x83, 0xbf, 0xbf, 0xbf]]
        : [[0xc0], [0xe0, 0x80], [0xf0, 0x80, 0x80], [0xf8, 0x80, 0x80, 0x80], [0xfc, 0x80, 0x80, 0x80, 0x80]];
    for (const head of body) seq('4  Overlong sequence:', [...head, ...last]);
  }
  const surrogate = (n: number) => [0xe0 | (n >> 12), 0x80 | ((n >> 6) & 0x3f), 0x80 | (n & 0x3f)];
  for (const n of [0xd800, 0xdb7f, 0xdb80, 0xdbff, 0xdc00, 0xdf80, 0xdfff])
    seq('5.1  Single UTF-16 surrogate:', surrogate(n));
  for (const hi of [0xd800, 0xdb7f, 0xdb80, 0xdbff])
    for (const lo of [0xdc00, 0xdfff]) seq('5.2  Paired UTF-16 surrogates:', [...surrogate(hi), ...surrogate(lo)]);
  seq('5.3.1  U+FFFE', cp(0xfffe));
  seq('5.3.2  U+FFFF', cp(0xffff));
  seq('5.3.3  U+FDD0 .. U+FDEF', Array.from({ length: 32 }, (_, i) => cp(0xfdd0 + i)).flat());
  seq(
    '5.3.4  U+nFFFE U+nFFFF',
    Array.from({ length: 16 }, (_, i) => [...cp(((i + 1) << 16) | 0xfffe), ...cp(((i + 1) << 16) | 0xffff)]).flat(),
  );
  lines.push(['\nTHE END\n']);
  return bytes(...lines.flat());
}

describe("decodeText: Markus Kuhn's UTF-8 decoder test", () => {
  const input = kuhnTest();

  it('is UTF-8 with its malformed sequences replaced, not Windows-1252 with 19 bytes left out', () => {
    const r = decodeText(input, 'UTF-8-test.txt');
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toContain('"κόσμε"');
    expect(r.text).toContain(`"${String.fromCodePoint(0x10000)}"`);
    expect(r.text).toContain(`"${String.fromCodePoint(0x10ffff)}"`);
    // As the WHATWG decoder reads it, less the controls: the NUL of 2.1.1, U+0080 of 2.1.2 and the DEL of 2.2.1.
    expect(r.text).toBe(new TextDecoder('utf-8').decode(input).replace(/[\0\x7f\x80]/g, ''));
    // 380 bytes in broken sequences: 30 in section 2 (five- and six-byte forms, beyond U+10FFFF), 221 in section 3,
    // 60 overlong in section 4, 69 surrogates in section 5. Each is one U+FFFD but the cut-short "EF BF" (twice): 378.
    expect(r.warnings).toEqual([
      '380 bytes that are not valid UTF-8 were replaced by “�” (U+FFFD) in 378 places, on lines 14, 15, 19, 20, 21 and 62 other lines.',
      '3 control characters (NUL, U+0080, delete) are not text and were left out, on lines 10, 11 and 16.',
    ]);
    // The noncharacters of 5.3 are valid UTF-8, kept as they are.
    expect(r.text).toContain('\uFFFE');
    expect(r.text).toContain(String.fromCodePoint(0x10ffff - 1));
  });
});

describe('decodeText: UTF-16', () => {
  const le = 'The file is in UTF-16 (little-endian), as its byte order mark says.';
  const be = 'The file is in UTF-16 (big-endian), as its byte order mark says.';

  it('decodes UTF-16 LE and BE with a BOM, and names the encoding', () => {
    const text = 'Лукашенко 😀 Zürich';
    expect(decodeText(bytes([0xff, 0xfe], iconv.encode(text, 'utf-16le')))).toEqual({
      text,
      encoding: 'utf-16le',
      warnings: [le],
    });
    expect(decodeText(bytes([0xfe, 0xff], iconv.encode(text, 'utf-16be')))).toEqual({
      text,
      encoding: 'utf-16be',
      warnings: [be],
    });
  });

  const noBom = (encoding: string) => `The file is in ${encoding} without a byte order mark, as its zero bytes tell.`;

  it('detects UTF-16 without a BOM from the NUL pattern', () => {
    const text = 'Belarus and Russia held talks in Minsk on Monday.\r\nNaïve café.';
    expect(decodeText(iconv.encode(text, 'utf-16le'))).toEqual({
      text,
      encoding: 'utf-16le',
      warnings: [noBom('UTF-16 (little-endian)')],
    });
    expect(decodeText(iconv.encode(text, 'utf-16be'))).toEqual({
      text,
      encoding: 'utf-16be',
      warnings: [noBom('UTF-16 (big-endian)')],
    });
  });

  it('detects non-Latin UTF-16 without a BOM from the NULs of its spaces', () => {
    expect(decodeText(iconv.encode(RUSSIAN, 'utf-16le'))).toMatchObject({ text: RUSSIAN, encoding: 'utf-16le' });
    expect(decodeText(iconv.encode(RUSSIAN, 'utf-16be'))).toMatchObject({ text: RUSSIAN, encoding: 'utf-16be' });
  });

  it('replaces unpaired surrogates and an odd last byte by U+FFFD, and says where', () => {
    const input = bytes(
      [0xff, 0xfe],
      iconv.encode('ab\n', 'utf-16le'),
      [0x00, 0xd8],
      iconv.encode('c', 'utf-16le'),
      [0x41],
    );
    const r = decodeText(input);
    expect(r.text).toBe('ab\n\uFFFDc\uFFFD');
    expect(r.warnings).toEqual([
      le,
      '1 broken UTF-16 character was replaced by “�” (U+FFFD), on line 2.',
      'The file ended in the middle of a UTF-16 character; its last byte was replaced by “�” (U+FFFD).',
    ]);
  });

  it('refuses UTF-32 with a clear message', () => {
    rejects(bytes([0xff, 0xfe, 0, 0], [0x41, 0, 0, 0]), /UTF-32/);
    rejects(bytes([0, 0, 0xfe, 0xff], [0, 0, 0, 0x41]), /UTF-32/);
  });
});

/** The note every file read in a legacy encoding gets. */
const readAs = (name: string) =>
  `The file is not in UTF-8; it was read as ${name}, the encoding its bytes fit best. If the text looks wrong, save the file as UTF-8 and import it again.`;

describe('decodeText: legacy single-byte encodings', () => {
  it('reads a Latin-1 file right, and names the encoding', () => {
    const r = decodeText(iconv.encode(FRENCH, 'latin1'));
    expect(r.text).toBe(FRENCH);
    expect(['iso-8859-1', 'windows-1252']).toContain(r.encoding);
    expect(r.warnings).toEqual([readAs(r.encoding === 'iso-8859-1' ? 'ISO-8859-1' : 'Windows-1252')]);
    expect(chardet.analyse).toHaveBeenCalled();
  });

  it('reads Windows-1252 punctuation (0x80–0x9F) as Windows-1252, not as C1 controls', () => {
    const text = `“${FRENCH}” – 10 €`;
    const r = decodeText(iconv.encode(text, 'windows-1252'));
    expect(r).toEqual({ text, encoding: 'windows-1252', warnings: [readAs('Windows-1252')] });
  });

  it('replaces bytes Windows-1252 does not define by U+FFFD, and says where', () => {
    const r = decodeText(
      bytes(iconv.encode(`${FRENCH}\n${FRENCH} `, 'windows-1252'), [0x81], '\n', [0x8d, 0x20, 0x90]),
    );
    expect(r.encoding).toBe('windows-1252');
    expect(r.text).toBe(`${FRENCH}\n${FRENCH} \uFFFD\n\uFFFD \uFFFD`);
    expect(r.warnings).toEqual([
      readAs('Windows-1252'),
      '3 bytes that have no meaning in Windows-1252 were replaced by “�” (U+FFFD), on lines 2 and 3.',
    ]);
  });

  it('reads a short Latin-1 snippet right', () => {
    const text = 'café, Zürich, naïve, £';
    expect(decodeText(iconv.encode(text, 'latin1')).text).toBe(text);
  });

  it('is not fooled by a byte pair that happens to be valid UTF-8 in a legacy file', () => {
    // "ß…" in Windows-1252 is DF 85, a valid UTF-8 sequence (U+07C5)
    const text = 'Der Fuß… Grüße aus Zürich, schöne Größe, Äpfel und Öl für Bücher.';
    const r = decodeText(iconv.encode(text, 'windows-1252'));
    expect(r.text).toBe(text);
    expect(r.encoding).toBe('windows-1252');
  });

  it('reads Windows-1251 Russian text when chardet recognises it, and names the encoding', () => {
    const r = decodeText(iconv.encode(RUSSIAN, 'windows-1251'));
    expect(r).toEqual({ text: RUSSIAN, encoding: 'windows-1251', warnings: [readAs('Windows-1251')] });
  });

  it('reads KOI8-R Russian text when chardet recognises it, and names the encoding', () => {
    const r = decodeText(iconv.encode(RUSSIAN, 'koi8-r'));
    expect(r).toEqual({ text: RUSSIAN, encoding: 'koi8-r', warnings: [readAs('KOI8-R')] });
  });

  it('reads legacy Central European, Greek and Turkish text whole, not as UTF-8 with replacements', () => {
    // Capital letters followed by accented ones make chance UTF-8 pairs ("ÓŁ" in Windows-1250 is D3 A3).
    const texts: [string, string][] = [
      [
        'windows-1250',
        'ŻÓŁW ŚWIĘTY. Zażółć gęślą jaźń. ŁÓDŹ, GDAŃSK, „Cytat” – ĆMA. Příliš žluťoučký kůň úpěl ďábelské ódy.',
      ],
      ['iso-8859-7', 'Η Αθήνα είναι η πρωτεύουσα. ΑΘΗΝΑ, ΤΆ ΈΝΑ ΉΤΑΝ ΌΤΙ «ΑΓΟΡΆ» — ΆΡΗΣ'],
      ['windows-1254', 'İstanbul’da ŞİŞLİ ÇĞÖÜ ığüşöç «GÜNEŞ» görüşmesi yapıldı.'],
    ];
    for (const [encoding, text] of texts) {
      const r = decodeText(iconv.encode(text, encoding));
      expect(r.text, encoding).not.toContain('\uFFFD');
      expect(r.encoding, encoding).not.toBe('utf-8');
    }
  });
});

describe('decodeText: binary and empty files', () => {
  const magic: [string, number[], RegExp][] = [
    ['PDF', [...Buffer.from('%PDF-1.7\n')], /PDF/],
    ['ZIP', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00], /ZIP/],
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /PNG image/],
    ['JPEG', [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], /JPEG image/],
    ['GIF', [...Buffer.from('GIF89a'), 0x01, 0x00], /GIF image/],
    ['ELF', [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01], /ELF/],
  ];
  for (const [kind, head, message] of magic) {
    it(`names a ${kind} file by its magic number`, () => {
      rejects(bytes(head, 'some more bytes'), message, `report.${kind.toLowerCase()}`);
      rejects(bytes(head), /looks like a binary file \(.+\), not text\.$/, 'x');
    });
  }

  it('uses the file name in the message', () => {
    rejects(
      bytes([...Buffer.from('%PDF-1.4')]),
      '“report.pdf” looks like a binary file (a PDF document), not text.',
      'report.pdf',
    );
  });

  it('refuses NUL bytes that are not UTF-16 text', () => {
    rejects(bytes('abc', [0, 0, 0, 0, 1, 2, 0, 0xff], 'def'), /looks like a binary file/);
  });

  it('refuses data that is mostly control characters', () => {
    const noise = Array.from({ length: 200 }, (_, i) => (i * 7) % 31 || 1);
    rejects(bytes(noise), /looks like a binary file/);
  });

  it('refuses an empty file', () => {
    rejects(new Uint8Array(0), 'The file is empty.');
  });

  it('refuses a file with only whitespace', () => {
    rejects(utf8(' \r\n\t \n'), 'The file contains no text.');
    rejects(bytes([0xef, 0xbb, 0xbf], '\n\n'), 'The file contains no text.');
    rejects(bytes([0xff, 0xfe], iconv.encode('  \r\n', 'utf-16le')), 'The file contains no text.');
    rejects(bytes([0xa0, 0x20, 0xa0]), 'The file contains no text.'); // NBSP in a legacy encoding
  });
});

describe('decodeText writes U+FFFD only for bytes it could not read', () => {
  const cases: [string, Uint8Array, number][] = [
    ['ascii', utf8('plain'), 0],
    ['utf-8', utf8('Лукашенко 😀'), 0],
    ['utf-8 bom', bytes([0xef, 0xbb, 0xbf], 'Zürich'), 0],
    ['utf-8 bom + invalid', bytes([0xef, 0xbb, 0xbf], 'Z', [0xfc], 'rich'), 1],
    ['utf-16le bom', bytes([0xff, 0xfe], iconv.encode('Лукашенко', 'utf-16le')), 0],
    ['utf-16be bom', bytes([0xfe, 0xff], iconv.encode('Лукашенко', 'utf-16be')), 0],
    ['utf-16le no bom', iconv.encode('Belarus and Russia', 'utf-16le'), 0],
    ['utf-16 broken', bytes([0xff, 0xfe], [0x00, 0xdc, 0x41, 0x00], [0x42]), 2],
    ['latin-1', iconv.encode(FRENCH, 'latin1'), 0],
    ['windows-1252 with undefined bytes', bytes([0x93, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x94, 0x41]), 5],
    ['windows-1251', iconv.encode(RUSSIAN, 'windows-1251'), 0],
    ['all high bytes', Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i), 5],
  ];
  for (const [label, input, replaced] of cases) {
    it(label, () => {
      const r = decodeText(input);
      expect(r.text.split('\uFFFD').length - 1).toBe(replaced);
      expect(r.warnings.some((w) => w.includes('replaced by “�”'))).toBe(replaced > 0);
    });
  }

  it('keeps a U+FFFD that was really in the file, without a note', () => {
    expect(decodeText(utf8('a\uFFFDb'))).toEqual({ text: 'a\uFFFDb', encoding: 'utf-8', warnings: [] });
  });
});

describe('legacy multi-byte encodings', () => {
  const cases: [string, string][] = [
    ['shift_jis', 'ルカシェンコ大統領はミンスクでプーチン大統領と会談した。ベラルーシの役割について記者団に語った。'],
    ['gb18030', '卢卡申科总统在明斯克会见了普京总统。他向记者谈到了白俄罗斯在战争中的作用。'],
    ['euc-kr', '루카셴코 대통령은 민스크에서 푸틴 대통령과 회담했다. 그는 전쟁에서 벨라루스의 역할에 대해 말했다.'],
  ];
  for (const [encoding, sentence] of cases) {
    it(`reads ${encoding} without mojibake`, () => {
      const text = `${sentence}\n`.repeat(6);
      const decoded = decodeText(iconv.encode(text, encoding));
      expect(decoded.encoding).toBe(encoding);
      expect(decoded.text).toBe(text);
      expect(decoded.warnings).toEqual([readAs(encoding === 'shift_jis' ? 'Shift_JIS' : encoding.toUpperCase())]);
    });
  }
});
