// RIS, the tagged format every reference manager writes (Zotero, EndNote,
// Mendeley, databases' "export citation"): a record per item from "TY  - " to
// "ER  - ", one field per line as a two-character tag, two spaces, a hyphen
// and a space; a line without a tag continues the one before.
import { emptyReference, type Reference, type ReferenceError } from './model.ts';

const TAG = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/;

/** RIS item types, in words. */
const KINDS: Record<string, string> = {
  NEWS: 'newspaper article',
  MGZN: 'magazine article',
  JOUR: 'journal article',
  ELEC: 'web page',
  WEB: 'web page',
  BLOG: 'blog post',
  BOOK: 'book',
  CHAP: 'book section',
  RPRT: 'report',
  THES: 'thesis',
  CONF: 'conference paper',
  CPAPER: 'conference paper',
  GEN: 'document',
  BILL: 'bill',
  CASE: 'legal case',
  STAT: 'statute',
  GOVDOC: 'government document',
  PAMP: 'pamphlet',
  ICOMM: 'social media post',
};

export function isRis(text: string): boolean {
  return /^\s*TY {2}- /m.test(text.slice(0, 4096)) && /^ER {2}-/m.test(text);
}

export function parseRis(text: string): { references: Reference[]; errors: ReferenceError[] } {
  const references: Reference[] = [];
  const errors: ReferenceError[] = [];
  let current: { ref: Reference; fields: [string, string][] } | null = null;
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\s+$/, '');
    const m = TAG.exec(line);
    if (m?.[1] === 'TY') {
      if (current)
        errors.push({
          line: current.ref.line,
          message: `The item at line ${current.ref.line} has no end (“ER  - ”) before the next one starts at line ${i + 1}, so it was not read.`,
        });
      current = { ref: emptyReference(i + 1), fields: [['TY', m[2] ?? '']] };
    } else if (m?.[1] === 'ER') {
      if (current) references.push(fill(current.ref, current.fields));
      current = null;
    } else if (m && current) current.fields.push([m[1]!, (m[2] ?? '').trim()]);
    else if (current && line.trim() && current.fields.length) current.fields.at(-1)![1] += ` ${line.trim()}`;
  }
  if (current)
    errors.push({
      line: current.ref.line,
      message: `The item at line ${current.ref.line} has no end (“ER  - ”): the file may be cut short, so it was not read.`,
    });
  return { references, errors };
}

function fill(ref: Reference, fields: readonly [string, string][]): Reference {
  const all = (...tags: string[]) => fields.filter(([t, v]) => tags.includes(t) && v).map(([, v]) => v);
  const first = (...tags: string[]) => {
    for (const t of tags) {
      const v = all(t)[0];
      if (v) return v;
    }
    return null;
  };
  const type = first('TY') ?? '';
  ref.kind = KINDS[type] ?? null;
  ref.title = first('TI', 'T1', 'CT', 'BT');
  ref.authors = all('AU', 'A1').map(personName);
  ref.date = risDate(first('DA', 'PY', 'Y1') ?? '', first('PY', 'Y1'));
  ref.publication = first('T2', 'JO', 'JF', 'JA', 'T3');
  ref.doi = first('DO')?.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '') ?? null;
  ref.url = all('UR').find((u) => /^https?:/i.test(u)) ?? null;
  ref.language = first('LA');
  ref.abstract = first('AB', 'N2');
  ref.tags = all('KW')
    .flatMap((k) => k.split(/\s*;\s*/))
    .filter(Boolean);
  ref.notes = all('N1').map(plainNote).filter(Boolean);
  ref.attachments = all('L1', 'L4')
    .concat(all('L2', 'UR').filter((u) => !/^https?:/i.test(u)))
    .flatMap((v) => v.split(/;(?=\S)/))
    .map(filePath);
  const pages = [first('SP'), first('EP')].filter(Boolean).join('–');
  ref.extra = [
    ...(pages ? [{ name: 'Pages', value: pages }] : []),
    ...(first('VL') ? [{ name: 'Volume', value: first('VL')! }] : []),
    ...(first('IS') ? [{ name: 'Issue', value: first('IS')! }] : []),
    ...(first('PB') ? [{ name: 'Publisher', value: first('PB')! }] : []),
  ];
  return ref;
}

/** "Roth, Andrew" → "Andrew Roth"; an organisation stays as written. */
export function personName(name: string): string {
  const [family, given, suffix] = name.split(/\s*,\s*/);
  return given ? `${given} ${family}${suffix ? `, ${suffix}` : ''}` : name.trim();
}

/** "2022/03/03/", "2022///", "2022-03-03", "2022/03/03/Spring" → [2022, 3, 3], [2022]… */
function risDate(value: string, year: string | null): number[] {
  const parts = value.split(/[/-]/).map((p) => p.trim());
  const numbers: number[] = [];
  for (const p of parts.slice(0, 3)) {
    if (!/^\d+$/.test(p)) break;
    numbers.push(Number(p));
  }
  if (numbers.length === 0 && year && /^\d{4}/.test(year)) numbers.push(Number(year.slice(0, 4)));
  return numbers;
}

/** Zotero writes notes as HTML: their text. */
function plainNote(note: string): string {
  return note
    .replace(/<br\s*\/?>|<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

/** "file:///home/me/x.pdf", "internal-pdf://123/x.pdf" (EndNote) → a path to look for. */
export function filePath(value: string): string {
  const v = value.trim();
  if (/^file:\/\//i.test(v)) {
    try {
      return decodeURIComponent(v.replace(/^file:\/\/(localhost)?/i, '').replace(/^\/([A-Za-z]:)/, '$1'));
    } catch {
      return v;
    }
  }
  return v.replace(/^internal-pdf:\/\//i, 'PDF/');
}
