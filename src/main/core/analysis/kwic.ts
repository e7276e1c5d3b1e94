// Keyword in context: a concordance of a search's hits (the very hits search
// and the reader mark, found by search's own matching) or of a code's coded
// passages, one line each: the text on the left, the hit, the text on the
// right, cut to whole words, sortable by the words on either side.
import type {
  AttributeFilter,
  KwicLine,
  KwicPlace,
  KwicResult,
  KwicTexts,
  KwicTextsInput,
} from '../../../shared/api.ts';
import { KWIC_TEXT_BLOCK } from '../../../shared/kwic.ts';
import { spansToUtf16 } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { clip, plural, visible } from '../../../shared/text.ts';
import type { Db } from '../db/open.ts';
import { sha256 } from '../hash.ts';
import { codeIdAndName } from '../db/queries/codes.ts';
import type { NamedParams } from '../db/statement.ts';
import { documentTitle } from '../documents/documents.ts';
import { setScopes } from '../documents/sets.ts';
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
  /** Only the documents of this document set (a search's own set: filters narrow it further). */
  setId?: number;
  coders?: string[];
  limit: number;
  /** Only the first this many lines with their text, the rest by their place (all with their text when not given). */
  texts?: number;
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
  if (to < text.length && /\S/u.test(text[to]!)) {
    // Cut inside a word: back to the space before it (a loop, not /\S*$/, which retries from every character).
    let k = s.length;
    while (k > 0 && !/\s/u.test(s[k - 1]!)) k--;
    s = s.slice(0, k);
  }
  return oneLine(s).replace(/ $/, '');
}

const words = (s: string) => s.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*/gu) ?? [];

/** A hit found: its document, where it is (code points), and its coding for a code's passage. */
interface Hit {
  documentId: number;
  start: number;
  end: number;
  codingId: number | null;
}

/**
 * A hit with the text around it, enough for its line and its sorting: `text` is the document's text from `reach`
 * code points before the hit (or its start) to `reach` after it (or its end); a, b are the hit in it (UTF-16).
 */
interface Found extends Hit {
  /** The document's stored title (null or empty when the library shows another name). */
  title: string | null;
  text: string;
  a: number;
  b: number;
}

/** Characters either side of a hit read for sorting: the nearest words decide, and few lines tie beyond them. */
const SORT_WINDOW = 40;

/**
 * Sorts hits by the words nearest them: on the left read outwards (the last
 * word first), on the right in order. Words compare folded as search folds
 * them (case and accents aside), each word folded once however often it
 * stands beside a hit. Lines compare by their nearest word first; the words
 * beyond it are read only for lines that tie on it (the same order as
 * comparing every word, as no folded word holds the separator).
 */
function sortFound(found: Found[], by: 'document' | 'left' | 'right'): Found[] {
  if (by === 'document') return found;
  const folded = new Map<string, string>();
  const fold = (w: string) => {
    let f = folded.get(w);
    if (f === undefined) folded.set(w, (f = foldWord(w) || w.toLowerCase()));
    return f;
  };
  // A word cut by the window's edge is the farthest and decides least; it stays, as the line shows it only if whole.
  const side = (f: Found) =>
    by === 'left'
      ? words(f.text.slice(Math.max(0, f.a - SORT_WINDOW), f.a)).reverse()
      : words(f.text.slice(f.b, f.b + SORT_WINDOW));
  const keyed = found.map((f) => {
    const ws = side(f);
    return { f, ws, first: ws.length ? fold(ws[0]!) : '', rest: null as string | null };
  });
  const rest = (k: (typeof keyed)[number]) => (k.rest ??= k.ws.slice(1).map(fold).join('\u0001'));
  const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  keyed.sort(
    (x, y) =>
      order(x.first, y.first) || order(rest(x), rest(y)) || x.f.documentId - y.f.documentId || x.f.start - y.f.start,
  );
  return keyed.map((k) => k.f);
}

/** A hit written as a line: the context on each side, cut to whole words, on one line. */
const lineOf = (f: Found, width: number): KwicLine => ({
  documentId: f.documentId,
  start: f.start,
  end: f.end,
  codingId: f.codingId,
  left: leftContext(f.text, f.a, width),
  hit: oneLine(f.text.slice(f.a, f.b)),
  right: rightContext(f.text, f.b, width),
});

/**
 * The hits with the text around them, read from the documents in one statement: SQLite cuts each hit's piece
 * (counting code points, as offsets do), so no document's whole text is read into JavaScript. A piece reaches
 * one character past what its line and its sorting read (where they look whether a word was cut), so the lines
 * are those the whole text gives.
 */
function inContext(db: Db, hits: readonly Hit[], width: number): Found[] {
  const reach = Math.max(width, SORT_WINDOW) + 1;
  const pieces = hits.map((h) => {
    const from = Math.max(0, h.start - reach);
    return [h.documentId, from + 1, h.end + reach - from] as const;
  });
  const texts = db
    .prepare<{ pieces: string }, { title: string | null; text: string }>(
      `SELECT d.title, substr(d.body, p.value ->> 1, p.value ->> 2) AS text FROM json_each(@pieces) AS p JOIN documents AS d ON d.id = p.value ->> 0 ORDER BY p.key`,
    )
    .all({ pieces: JSON.stringify(pieces) });
  // Lines asked for by their place (kwicTexts) can be of documents deleted since: said, never shown as other lines' text.
  const missing = hits.length - texts.length;
  if (missing)
    throw new QuireError(
      'not_found',
      `${plural(missing, 'line')} of the concordance ${missing === 1 ? 'is' : 'are'} of documents no longer in the project: show the concordance again.`,
    );
  return hits.map((h, k) => {
    const { title, text } = texts[k]!;
    const from = pieces[k]![1] - 1;
    const [a, b] = spansToUtf16(text, [[h.start - from, h.end - from]])[0]!;
    return { ...h, title, text, a, b };
  });
}

export function kwic(db: Db, input: KwicOptions, viewer: Viewer): KwicResult {
  const found = input.query !== undefined ? searchHits(db, input, viewer) : codeHits(db, input, viewer);
  // In the documents' order only the lines shown need their text; sorted by words, every hit does.
  const byDocument = input.sort === 'document';
  const inOrder = byDocument ? null : sortFound(inContext(db, found.hits, input.width), input.sort);
  const sorted: readonly Hit[] = inOrder ?? found.hits;
  const notes = [...found.notes];
  if (sorted.length > input.limit)
    notes.push(
      `Showing the first ${input.limit.toLocaleString('en')} of ${sorted.length.toLocaleString('en')} lines${input.sort === 'document' ? '' : ' in this order'}; the CSV holds them all.`,
    );
  // Only the lines shown are written out, and their documents' titles, once each; of those, the first `texts` with
  // their text and the rest by their place (a screen asks for their text as it shows them).
  const shown = sorted.slice(0, input.limit);
  const texted = Math.min(shown.length, input.texts ?? shown.length);
  const withText = inOrder?.slice(0, texted) ?? inContext(db, shown.slice(0, texted), input.width);
  const more = shown.slice(texted).map((h): KwicPlace => [h.documentId, h.start, h.end, h.codingId]);
  const stamps: string[] = [];
  for (let from = 0; from < shown.length; from += KWIC_TEXT_BLOCK) {
    const byPlace = shown.slice(Math.max(from, texted), from + KWIC_TEXT_BLOCK);
    stamps.push(byPlace.length ? textsStamp(db, byPlace).stamp : '');
  }
  return {
    of: found.of,
    total: sorted.length,
    documents: new Set(sorted.map((f) => f.documentId)).size,
    ...written(db, withText, input.width),
    more,
    stamps,
    notes,
  };
}

/**
 * A stamp of the texts of the documents these lines are of (their content hashes, which change with the text), and
 * how many of those documents are still in the project: a screen holding lines by their place gives it back with
 * them, so their text is never read from a text other than the one the concordance was made of.
 */
function textsStamp(
  db: Db,
  lines: readonly Pick<Hit, 'documentId'>[],
): { stamp: string; documents: number; found: number } {
  const ids = [...new Set(lines.map((l) => l.documentId))].sort((a, b) => a - b);
  const hashes = db
    .prepare<[string], [number, string]>(
      'SELECT id, content_hash FROM documents WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
    )
    .raw()
    .all(JSON.stringify(ids));
  const stamp = sha256(new TextEncoder().encode(hashes.map(([id, hash]) => `${id} ${hash}`).join('\n'))).slice(0, 32);
  return { stamp, documents: ids.length, found: hashes.length };
}

/** Hits with their text written as lines, and their documents' titles, once each. */
function written(
  db: Db,
  withText: readonly Found[],
  width: number,
): { lines: KwicLine[]; titles: Record<string, string> } {
  const titles: Record<string, string> = {};
  for (const f of withText) titles[f.documentId] ??= visible(f.title || documentTitle(db, f.documentId));
  return { lines: withText.map((f) => lineOf(f, width)), titles };
}

/** The text of lines given by their place (a concordance's `more`): what the concordance itself gives them. */
export function kwicTexts(db: Db, input: { lines: KwicTextsInput['lines']; width: number; stamp: string }): KwicTexts {
  const hits = input.lines.map(([documentId, start, end]): Hit => ({ documentId, start, end, codingId: null }));
  // A document deleted since is said by inContext, line by line; a text changed since (cleaned up, replaced) here.
  const now = textsStamp(db, hits);
  if (now.found === now.documents && now.stamp !== input.stamp)
    throw new QuireError(
      'not_found',
      `The text of ${now.documents === 1 ? 'the document' : 'a document'} these concordance lines are of has changed since the concordance was made (cleaned up or replaced): show the concordance again.`,
    );
  const { lines, titles } = written(db, inContext(db, hits, input.width), input.width);
  return { texts: lines.map(({ left, hit, right }) => ({ left, hit, right })), titles };
}

/** Every line with its text, however many: for the CSV. */
export function allKwicLines(db: Db, input: KwicOptions, viewer: Viewer): KwicResult {
  return kwic(db, { ...input, limit: Number.MAX_SAFE_INTEGER, texts: undefined }, viewer);
}

function searchHits(db: Db, input: KwicOptions, viewer: Viewer): { of: string; hits: Hit[]; notes: string[] } {
  const query = input.query!;
  const found = hitsEverywhere(
    db,
    { query, variants: input.variants, attribute: input.attribute, setId: input.setId },
    viewer,
    setScopes,
  );
  const notes = [...found.warnings];
  if (found.exclusionOnly)
    notes.push(`“${clip(query)}” only leaves documents out: it finds no words to show in context.`);
  const hits: Hit[] = [];
  for (const d of found.documents)
    for (const [start, end] of d.hits) hits.push({ documentId: d.id, start, end, codingId: null });
  return { of: `hits of the search “${clip(query, 80)}”`, hits, notes };
}

function codeHits(db: Db, input: KwicOptions, viewer: Viewer): { of: string; hits: Hit[]; notes: string[] } {
  // A listing is of a search's hits or of a code's codings: without a query, the code is given (the contract's schema says so).
  const code = codeIdAndName(db).get(input.codeId!);
  if (!code) throw new QuireError('not_found', `There is no code ${input.codeId}.`);
  const coders = visibleCoders(viewer, input.coders);
  const documents =
    input.attribute || input.setId !== undefined
      ? chosenDocumentSummaries(db, undefined, viewer, input.attribute, input.setId).map((d) => d.id)
      : null;
  const rows = db
    .prepare<NamedParams, { id: number; documentId: number; start: number; end: number }>(
      `SELECT k.id, k.document_id AS documentId, k.start, k."end" FROM codings k JOIN coders c ON c.id = k.coder_id
       WHERE k.orphaned = 0 AND k.code_id = @code
         AND (@documents IS NULL OR k.document_id IN (SELECT value FROM json_each(@documents)))
         AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY k.document_id, k.start, k."end", k.id`,
    )
    .all({
      code: code.id,
      documents: documents ? JSON.stringify(documents) : null,
      coders: coders ? JSON.stringify(coders) : null,
    });
  const hits = rows.map((r): Hit => ({
    documentId: r.documentId,
    start: r.start,
    end: r.end,
    codingId: r.id,
  }));
  return { of: `${plural(hits.length, 'passage')} coded “${visible(code.name)}”`, hits, notes: [] };
}
