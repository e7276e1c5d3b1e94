// PDFs written by hand, where the exact bytes matter: placed lines of text in a
// standard font, or in a CID font through one of the CJK encodings that real
// Japanese and Chinese PDFs use (Shift-JIS, GBK), unembedded, as office programs
// and older typesetters write them, so that only the character maps pdfjs-dist
// ships can tell which characters the bytes are.
import iconv from 'iconv-lite';

/** One line of text on a hand-made page: x and y (the baseline, from the bottom) in points. */
export type Placed = [x: number, y: number, text: string];

/** Windows-1252 codes of the few characters above Latin-1 the tests use. */
const WIN_ANSI: Record<string, number> = { '•': 0x95, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };

/** Text as a PDF string in WinAnsiEncoding: ASCII as it is, the rest as octal escapes. */
function pdfString(text: string): string {
  const escaped = [...text].map((ch) => {
    if (/[()\\]/.test(ch)) return `\\${ch}`;
    const code = WIN_ANSI[ch] ?? ch.charCodeAt(0);
    return code < 0x80 ? ch : `\\${code.toString(8)}`;
  });
  return `(${escaped.join('')})`;
}

/** The font of a hand-made PDF: its object (number 3), objects it refers to (from number 4 on), and how text is written for it. */
export interface HandFont {
  font: string;
  objects?: string[];
  string: (text: string) => string;
  size?: number;
}

const HELVETICA: HandFont = {
  font: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  string: pdfString,
};

/**
 * An unembedded CID font over a predefined CMap: the text is written as bytes
 * in the CMap's encoding (a hex string), as a Japanese or Chinese word processor writes it.
 */
export function cidFont(
  cmap: '90ms-RKSJ-H' | 'GBK-EUC-H',
  name: string,
  ordering: 'Japan1' | 'GB1',
  encoding: 'Shift_JIS' | 'GBK',
): HandFont {
  return {
    font: `<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /${cmap} /DescendantFonts [4 0 R] >>`,
    objects: [
      `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (${ordering}) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 >>`,
      `<< /Type /FontDescriptor /FontName /${name} /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>`,
    ],
    string: (text) => `<${iconv.encode(text, encoding).toString('hex')}>`,
  };
}

/**
 * Helvetica with a ToUnicode map that says each ASCII letter is another
 * character: what a PDF gives whose maker wrote a wrong map for a subset font
 * (letters shifted), or mapped its glyphs into the private-use area.
 */
export function misMappedFont(map: (letter: string) => string): HandFont {
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'];
  const hex = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16).padStart(4, '0')).join('');
  const entries = letters.map((l) => `<${l.charCodeAt(0).toString(16)}> <${hex(map(l))}>`);
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <00> <FF> endcodespacerange',
    `${entries.length} beginbfchar`,
    ...entries,
    'endbfchar endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  return {
    font: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 4 0 R >>',
    objects: [`<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`],
    string: pdfString,
  };
}

/** A Caesar shift of ASCII letters: "The talks" → "Wkh wdonv". */
export const shifted = (by: number) => (l: string) => {
  const base = l <= 'Z' ? 65 : 97;
  return String.fromCharCode(base + ((l.charCodeAt(0) - base + by) % 26));
};

/** A small PDF by hand: pages of placed lines in one font (12 pt unless it says), plus extra objects after the font's and trailer entries. */
export function handMadePdf(
  pages: Placed[][] = [[[72, 720, 'A short note about the talks in Minsk and Vilnius.']]],
  extra: { objects?: string[]; trailer?: string; font?: HandFont } = {},
): Buffer {
  const font = extra.font ?? HELVETICA;
  const extraObjects = [...(font.objects ?? []), ...(extra.objects ?? [])];
  const firstPage = 4 + extraObjects.length;
  const kids = pages.map((_, i) => `${firstPage + 2 * i} 0 R`).join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
    font.font,
    ...extraObjects,
    ...pages.flatMap((lines, i) => {
      const content = lines
        .map(([x, y, text]) => `BT /F1 ${font.size ?? 12} Tf ${x} ${y} Td ${font.string(text)} Tj ET`)
        .join('\n');
      return [
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${firstPage + 2 * i + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
        `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
      ];
    }),
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${extra.trailer ?? ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
