// REFI-QDA files written the way each program writes them: how it counts
// positions (code points or UTF-16 units, a line break as one or two, a BOM
// counted or not), the line breaks and BOM of its text files, and what it puts
// in a selection's name. What each convention rests on is in the comment in
// src/main/core/exchange/positions.ts; the fixtures follow it.
import { strToU8, zipSync } from 'fflate';

export interface Convention {
  origin: string;
  /** How positions count characters. */
  unit: 'codepoint' | 'utf16';
  /** The line breaks of the text files it writes, and how many positions one counts. */
  lineBreak: '\r\n' | '\n';
  lineBreakCounts: 1 | 2;
  /** Byte order marks in front of its text files, and how many of them positions count. */
  boms: 0 | 1 | 2;
  bomsCounted: 0 | 1;
  /** What a selection's name holds: nothing (name=""), the quote, the quote cut after 100 characters with "…", or no name at all. */
  names: 'empty' | 'quote' | 'cut' | 'none';
  /** The sources folder's name in the zip. */
  folder: 'Sources' | 'sources';
}

/** NVivo 12–14 for Windows: UTF-16 units, CRLF counted as two, a BOM not counted, name="". */
export const NVIVO_WINDOWS: Convention = {
  origin: 'NVivo for Windows 12.6',
  unit: 'utf16',
  lineBreak: '\r\n',
  lineBreakCounts: 2,
  boms: 1,
  bomsCounted: 0,
  names: 'empty',
  folder: 'Sources',
};
/** NVivo for Mac (unverified): UTF-16 units, LF line breaks, name="". */
export const NVIVO_MAC: Convention = {
  origin: 'NVivo 12 For Mac',
  unit: 'utf16',
  lineBreak: '\n',
  lineBreakCounts: 1,
  boms: 0,
  bomsCounted: 0,
  names: 'empty',
  folder: 'Sources',
};
/** ATLAS.ti: quotes cut with "…" as names, CRLF in its files counted as one, UTF-16 units (likely). */
export const ATLAS_TI: Convention = {
  origin: 'ATLAS.ti Win 23.4.0',
  unit: 'utf16',
  lineBreak: '\r\n',
  lineBreakCounts: 1,
  boms: 1,
  bomsCounted: 0,
  names: 'cut',
  folder: 'sources',
};
/** MAXQDA: CRLF in its files counted as one; UTF-16 units and no names (both unverified). */
export const MAXQDA: Convention = {
  origin: 'MAXQDA 24 (Release 24.7.0)',
  unit: 'utf16',
  lineBreak: '\r\n',
  lineBreakCounts: 1,
  boms: 0,
  bomsCounted: 0,
  names: 'none',
  folder: 'sources',
};
/** QualCoder: Python string indices (code points), LF, a BOM (utf-8-sig) not counted, the whole quote as name. */
export const QUALCODER: Convention = {
  origin: '3.6',
  unit: 'codepoint',
  lineBreak: '\n',
  lineBreakCounts: 1,
  boms: 1,
  bomsCounted: 0,
  names: 'quote',
  folder: 'Sources',
};
/** QualCoder with "Add line ending for MAXQDA importation": CRLF in the files, positions still one per line break. */
export const QUALCODER_FOR_MAXQDA: Convention = { ...QUALCODER, lineBreak: '\r\n', lineBreakCounts: 1 };
/** A text that went through QualCoder twice: the first BOM became a character of its text, and its positions count it. */
export const QUALCODER_REEXPORT: Convention = { ...QUALCODER, boms: 2, bomsCounted: 1 };

/** A passage as a coder selected it: its text (the first occurrence after `after`), and the code. */
export interface Passage {
  quote: string;
  code: string;
  after?: string;
}

export interface Source {
  name: string;
  /** The text with LF line breaks, as the program shows it. */
  text: string;
  passages: Passage[];
  convention: Convention;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
let counter = 0;
const guid = () => `5E1EC7ED-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

/** Where a passage is in its source's text (UTF-16 indices of the LF text). */
export function locate(text: string, p: Passage): { from: number; to: number } {
  const after = p.after ? text.indexOf(p.after) : 0;
  const from = after < 0 ? -1 : text.indexOf(p.quote, after + (p.after?.length ?? 0));
  if (from < 0) throw new Error(`fixture: “${p.quote}” is not in the text`);
  return { from, to: from + p.quote.length };
}

/** Position of UTF-16 index `i` of the LF text, counted as the convention says. */
function position(text: string, i: number, c: Convention): number {
  const before = text.slice(0, i);
  const chars = c.unit === 'utf16' ? before.length : [...before].length;
  const breaks = before.split('\n').length - 1;
  const extra = c.lineBreak === '\r\n' && c.lineBreakCounts === 2 ? breaks : 0;
  return chars + extra + c.bomsCounted;
}

function nameOf(quote: string, c: Convention): string | null {
  if (c.names === 'none') return null;
  if (c.names === 'empty') return '';
  if (c.names === 'quote') return quote;
  const chars = [...quote];
  return chars.length > 100 ? `${chars.slice(0, 99).join('').trimEnd()}…` : quote;
}

/** A .qdpx file holding the sources, each written in its own convention, with the codes they use. */
export function qdpxOf(sources: readonly Source[], origin = sources[0]!.convention.origin): Uint8Array {
  const user = guid();
  const codes = new Map<string, string>();
  for (const s of sources) for (const p of s.passages) if (!codes.has(p.code)) codes.set(p.code, guid());
  const files: Record<string, Uint8Array> = {};
  const elements = sources.map((s) => {
    const id = guid();
    const c = s.convention;
    const bytes = strToU8(s.text.replace(/\n/g, c.lineBreak));
    files[`${c.folder}/${id}.txt`] = new Uint8Array([
      ...Array.from({ length: c.boms }, () => [0xef, 0xbb, 0xbf]).flat(),
      ...bytes,
    ]);
    const selections = s.passages.map((p) => {
      const { from, to } = locate(s.text, p);
      const name = nameOf(p.quote, c);
      return `<PlainTextSelection guid="${guid()}"${name === null ? '' : ` name="${xml(name)}"`} startPosition="${position(s.text, from, c)}" endPosition="${position(s.text, to, c)}" creatingUser="${user}">
        <Coding guid="${guid()}" creatingUser="${user}"><CodeRef targetGUID="${codes.get(p.code)}"/></Coding>
      </PlainTextSelection>`;
    });
    return `<TextSource guid="${guid()}" name="${xml(s.name)}" plainTextPath="internal://${id}.txt" creatingUser="${user}">
      ${selections.join('\n      ')}
    </TextSource>`;
  });
  const project = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Fieldwork" origin="${xml(origin)}">
  <Users><User guid="${user}" name="Sam"/></Users>
  <CodeBook><Codes>
    ${[...codes].map(([name, id]) => `<Code guid="${id}" name="${xml(name)}" isCodable="true"/>`).join('\n    ')}
  </Codes></CodeBook>
  <Sources>
    ${elements.join('\n    ')}
  </Sources>
</Project>`;
  return zipSync({ 'project.qde': strToU8(project), ...files });
}
