// Keyword in context: a concordance of a search's hits (the very hits search
// and the reader mark, found by search's own matching) or of a code's coded
// passages, one line each: the text on the left, the hit, the text on the
// right, cut to whole words, sortable by the words on either side.
import type { AttributeFilter, KwicLine, KwicResult } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { clip, plural, visible } from '../../../shared/text.ts';
import type { Db } from '../db/open.ts';
import { documentTitle } from '../documents/documents.ts';
import { foldWord } from '../search/fold.ts';
import { hitsEverywhere } from '../search/search.ts';
import { visibleCoders, type Viewer } from '../viewer.ts';
import { chosenDocumentSummaries } from './scope.ts';

export interface KwicOptions {
  query?: string;
  variants: boolean;
  codeId?: number;
  width: number;
  sort: 'document' | 'left' | 'right';
  attribute?: AttributeFilter;
  coders?: string[];
  limit: number;
}

/** Line breaks and runs of white space read as one space on a line. */
const oneLine = (s: string) => s.replace(/\s+/gu, ' ');

/** Up to `width` characters before `at` (UTF-16), starting at a word's beginning. */
export function leftContext(text: string, at: number, width: number): string {
  const from = Math.max(0, at - width);
  let s = text.slice(from, at);
  // Cut inside a word: drop its end, which would read as a different word.
  if (from > 0 && /\S/u.test(text[from - 1]!) && /\S/u.test(s[0] ?? ' ')) s = s.replace(/^\S*/u, '');
  return oneLine(s).replace(/^ /, '');
}

/** Up to `width` characters after `at` (UTF-16), ending at a word's end. */
export function rightContext(text: string, at: number, width: number): string {
  const to = Math.min(text.length, at + width);
  let s = text.slice(at, to);
  if (to < text.length && /\S/u.test(text[to]!) && /\S/u.test(s.at(-1) ?? ' ')) s = s.replace(/\S*$/u, '');
  return oneLine(s).replace(/ $/, '');
}

const words = (s: string) => s.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu) ?? [];

/**
 * Sorts lines by the words nearest the hit: on the left read outwards (the
 * last word first), on the right in order. Words compare folded as search
 * folds them (case and accents aside), each line's key made once.
 */
export function sortLines(lines: KwicLine[], by: 'document' | 'left' | 'right'): KwicLine[] {
  if (by === 'document') return lines;
  const keyed = lines.map((line) => {
    const side = by === 'left' ? words(line.left).reverse() : words(line.right);
    return { line, key: side.map((w) => foldWord(w) || w.toLowerCase()).join('\u0001') };
  });
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.line.documentId - b.line.documentId || a.line.start - b.line.start));
  return keyed.map((k) => k.line);
}

export function kwic(db: Db, input: KwicOptions, viewer: Viewer): KwicResult {
  const found = input.query !== undefined ? searchLines(db, input) : codeLines(db, input, viewer);
  const lines = sortLines(found.lines, input.sort);
  const notes = [...found.notes];
  if (lines.length > input.limit) notes.push(`Showing the first ${input.limit.toLocaleString('en')} of ${lines.length.toLocaleString('en')} lines${input.sort === 'document' ? '' : ' in this order'}; the CSV holds them all.`);
  return { of: found.of, total: lines.length, documents: new Set(lines.map((l) => l.documentId)).size, lines: lines.slice(0, input.limit), notes };
}

/** Every line, however many: for the CSV. */
export function allKwicLines(db: Db, input: KwicOptions, viewer: Viewer): KwicResult {
  return kwic(db, { ...input, limit: Number.MAX_SAFE_INTEGER }, viewer);
}

function searchLines(db: Db, input: KwicOptions): { of: string; lines: KwicLine[]; notes: string[] } {
  const query = input.query!;
  const found = hitsEverywhere(db, { query, variants: input.variants, attribute: input.attribute });
  const notes = [...found.warnings];
  if (found.exclusionOnly) notes.push(`“${clip(query)}” only leaves documents out: it finds no words to show in context.`);
  const titles = titleLookup(db);
  const lines: KwicLine[] = [];
  for (const d of found.documents) {
    const title = titles(d.id);
    d.units.forEach(([a, b], i) => {
      const [start, end] = d.hits[i]!;
      lines.push({ documentId: d.id, title, start, end, codingId: null, left: leftContext(d.body, a, input.width), hit: oneLine(d.body.slice(a, b)), right: rightContext(d.body, b, input.width) });
    });
  }
  return { of: `hits of the search “${clip(query, 80)}”`, lines, notes };
}

function codeLines(db: Db, input: KwicOptions, viewer: Viewer): { of: string; lines: KwicLine[]; notes: string[] } {
  const code = db.prepare('SELECT id, name FROM codes WHERE id = ?').get(input.codeId) as { id: number; name: string } | undefined;
  if (!code) throw new QuireError('not_found', `There is no code ${input.codeId}.`);
  const coders = visibleCoders(viewer, input.coders);
  const documents = input.attribute ? chosenDocumentSummaries(db, undefined, viewer, input.attribute).map((d) => d.id) : null;
  const rows = db
    .prepare(
      `SELECT k.id, k.document_id AS documentId, k.start, k."end", d.body FROM codings k JOIN coders c ON c.id = k.coder_id JOIN documents d ON d.id = k.document_id
       WHERE k.orphaned = 0 AND k.code_id = @code
         AND (@documents IS NULL OR k.document_id IN (SELECT value FROM json_each(@documents)))
         AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY k.document_id, k.start, k."end", k.id`,
    )
    .all({ code: code.id, documents: documents ? JSON.stringify(documents) : null, coders: coders ? JSON.stringify(coders) : null }) as { id: number; documentId: number; start: number; end: number; body: string }[];
  const titles = titleLookup(db);
  const lines = rows.map((r): KwicLine => {
    const a = toUtf16Index(r.body, r.start);
    const b = toUtf16Index(r.body, r.end);
    return { documentId: r.documentId, title: titles(r.documentId), start: r.start, end: r.end, codingId: r.id, left: leftContext(r.body, a, input.width), hit: oneLine(r.body.slice(a, b)), right: rightContext(r.body, b, input.width) };
  });
  return { of: `${plural(lines.length, 'passage')} coded “${visible(code.name)}”`, lines, notes: [] };
}

/** Each document's title as the library shows it, looked up once per document. */
function titleLookup(db: Db): (id: number) => string {
  const seen = new Map<number, string>();
  return (id) => {
    let t = seen.get(id);
    if (t === undefined) seen.set(id, (t = visible(documentTitle(db, id))));
    return t;
  };
}
