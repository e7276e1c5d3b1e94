import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { decodeText } from '../../src/main/core/corpus/decode.ts';
import { QuireError } from '../../src/shared/errors.ts';

// Spy on chardet so we can prove the UTF-8 path never asks it.
vi.mock('chardet', async (importOriginal) => {
  const real = await importOriginal<typeof import('chardet')>();
  return { ...real, analyse: vi.fn(real.analyse), detect: vi.fn(real.detect) };
});
const chardet = await import('chardet');

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

  it('reads stray invalid bytes in mostly-UTF-8 text as Windows-1252, with a warning', () => {
    // valid UTF-8 "Café" and "Лукашенко", then 1252 curly quotes 0x93/0x94 and a 1252 "é" (0xE9)
    const input = bytes('Café Лукашенко said ', [0x93], 'no', [0x94], ' in Mon', [0xe9], 'al.');
    const r = decodeText(input);
    expect(r.text).toBe('Café Лукашенко said “no” in Monéal.');
    expect(r.encoding).toBe('utf-8');
    expect(r.warnings).toEqual(['3 bytes were not valid UTF-8 and were read as Windows-1252.']);
  });

  it('leaves out bytes Windows-1252 does not define, and says so', () => {
    const r = decodeText(bytes('naïve ', [0x81], 'x ', [0x80]));
    expect(r.text).toBe('naïve x €');
    expect(r.warnings).toEqual([
      '2 bytes were not valid UTF-8 and were read as Windows-1252.',
      '1 byte has no meaning in windows-1252 and was left out.',
    ]);
  });

  it('repairs a truncated multi-byte sequence at the end', () => {
    const r = decodeText(bytes('Zürich ', [0xe2, 0x80]));
    expect(r.encoding).toBe('utf-8');
    expect(r.text).toBe('Zürich â€');
  });
});

describe('decodeText: UTF-16', () => {
  it('decodes UTF-16 LE and BE with a BOM', () => {
    const text = 'Лукашенко 😀 Zürich';
    const le = decodeText(bytes([0xff, 0xfe], iconv.encode(text, 'utf-16le')));
    expect(le).toEqual({ text, encoding: 'utf-16le', warnings: [] });
    const be = decodeText(bytes([0xfe, 0xff], iconv.encode(text, 'utf-16be')));
    expect(be).toEqual({ text, encoding: 'utf-16be', warnings: [] });
  });

  it('detects UTF-16 without a BOM from the NUL pattern', () => {
    const text = 'Belarus and Russia held talks in Minsk on Monday.\r\nNaïve café.';
    expect(decodeText(iconv.encode(text, 'utf-16le'))).toEqual({ text, encoding: 'utf-16le', warnings: [] });
    expect(decodeText(iconv.encode(text, 'utf-16be'))).toEqual({ text, encoding: 'utf-16be', warnings: [] });
  });

  it('detects non-Latin UTF-16 without a BOM from the NULs of its spaces', () => {
    expect(decodeText(iconv.encode(RUSSIAN, 'utf-16le'))).toEqual({ text: RUSSIAN, encoding: 'utf-16le', warnings: [] });
    expect(decodeText(iconv.encode(RUSSIAN, 'utf-16be'))).toEqual({ text: RUSSIAN, encoding: 'utf-16be', warnings: [] });
  });

  it('drops unpaired surrogates and an odd last byte instead of writing U+FFFD', () => {
    const input = bytes([0xff, 0xfe], iconv.encode('ab', 'utf-16le'), [0x00, 0xd8], iconv.encode('c', 'utf-16le'), [0x41]);
    const r = decodeText(input);
    expect(r.text).toBe('abc');
    expect(r.warnings).toHaveLength(2);
  });

  it('refuses UTF-32 with a clear message', () => {
    rejects(bytes([0xff, 0xfe, 0, 0], [0x41, 0, 0, 0]), /UTF-32/);
    rejects(bytes([0, 0, 0xfe, 0xff], [0, 0, 0, 0x41]), /UTF-32/);
  });
});

describe('decodeText: legacy single-byte encodings', () => {
  it('reads a Latin-1 file right', () => {
    const r = decodeText(iconv.encode(FRENCH, 'latin1'));
    expect(r.text).toBe(FRENCH);
    expect(['iso-8859-1', 'windows-1252']).toContain(r.encoding);
    expect(chardet.analyse).toHaveBeenCalled();
  });

  it('reads Windows-1252 punctuation (0x80–0x9F) as Windows-1252, not as C1 controls', () => {
    const text = `“${FRENCH}” – 10 €`;
    const r = decodeText(iconv.encode(text, 'windows-1252'));
    expect(r).toEqual({ text, encoding: 'windows-1252', warnings: [] });
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

  it('reads Windows-1251 Russian text when chardet recognises it', () => {
    const r = decodeText(iconv.encode(RUSSIAN, 'windows-1251'));
    expect(r).toEqual({ text: RUSSIAN, encoding: 'windows-1251', warnings: [] });
  });

  it('reads KOI8-R Russian text when chardet recognises it', () => {
    const r = decodeText(iconv.encode(RUSSIAN, 'koi8-r'));
    expect(r).toEqual({ text: RUSSIAN, encoding: 'koi8-r', warnings: [] });
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
    rejects(bytes([...Buffer.from('%PDF-1.4')]), '“report.pdf” looks like a binary file (a PDF document), not text.', 'report.pdf');
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

describe('decodeText never produces a U+FFFD storm', () => {
  const cases: [string, Uint8Array][] = [
    ['ascii', utf8('plain')],
    ['utf-8', utf8('Лукашенко 😀')],
    ['utf-8 bom', bytes([0xef, 0xbb, 0xbf], 'Zürich')],
    ['utf-8 bom + invalid', bytes([0xef, 0xbb, 0xbf], 'Z', [0xfc], 'rich')],
    ['mostly utf-8', bytes('Café ', [0x93, 0x81, 0x9d, 0x94, 0xff, 0xfe, 0xc0, 0xf5])],
    ['utf-16le bom', bytes([0xff, 0xfe], iconv.encode('Лукашенко', 'utf-16le'))],
    ['utf-16be bom', bytes([0xfe, 0xff], iconv.encode('Лукашенко', 'utf-16be'))],
    ['utf-16le no bom', iconv.encode('Belarus and Russia', 'utf-16le')],
    ['utf-16 broken', bytes([0xff, 0xfe], [0x00, 0xdc, 0x41, 0x00], [0x42])],
    ['latin-1', iconv.encode(FRENCH, 'latin1')],
    ['windows-1252 with undefined bytes', bytes([0x93, 0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x94, 0x41])],
    ['windows-1251', iconv.encode(RUSSIAN, 'windows-1251')],
    ['all high bytes', Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i)],
  ];
  for (const [label, input] of cases) {
    it(label, () => {
      const r = decodeText(input);
      expect(r.text).not.toContain('\uFFFD');
      expect(r.text.length).toBeGreaterThan(0);
    });
  }

  it('keeps a U+FFFD that was really in the file', () => {
    expect(decodeText(utf8('a\uFFFDb')).text).toBe('a\uFFFDb');
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
    });
  }
});
