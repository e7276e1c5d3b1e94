// Coding passages: one code on one span of a document, by one coder.
import type { Coding, CodingMark, MemoSet, MemoTarget } from '../../../shared/api.ts';
import { countCodePoints, toCodePointOffset, toUtf16Index } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { clip } from '../../../shared/text.ts';
import { runCommand, type ChangeSet } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { codeIdAndName } from '../db/queries/codes.ts';
import { newGuid } from '../guid.ts';
import { maySee, viewerParam, type Viewer } from '../viewer.ts';
import { anchorFields } from './anchor.ts';
import { makeRoom, rivalsOf } from './exclusive.ts';
import { deleteCodingRows, foldCoding } from './rows.ts';
import {
  codingAt,
  codingById as codingWithMemo,
  codingPlace,
  orphanedCodings,
  orphanedCodingsOf,
  placedCodingsOf,
  placedMarksOf,
  SELECT_CODINGS,
} from '../db/queries/codings.ts';
import { memoOf, memosOn } from '../db/queries/memos.ts';
import { documentBody, documentStretch } from '../db/queries/documents.ts';
import { graphemes } from '../../../shared/graphemes.ts';

/** Kept for the modules that take clip from here; it is the shared one. */
export { clip };

/**
 * Widens a UTF-16 index to the nearest grapheme boundary (down for a start, up
 * for an end), so a coding never splits an emoji, a flag or a combining mark.
 */
function snap(text: string, index: number, direction: 'down' | 'up'): number {
  const from = Math.max(0, index - 32);
  let boundary = from;
  for (const { index: start, segment } of graphemes(text.slice(from, Math.min(text.length, index + 32)))) {
    const a = from + start;
    const b = a + segment.length;
    if (a <= index && index < b) return direction === 'down' || index === a ? a : b;
    boundary = b;
  }
  return Math.min(boundary, text.length);
}

/** Kept for the modules that read codings as the API returns them; it lives with the codings' statements. */
export { SELECT_CODINGS };

/** A document's placed codings that the viewer may see. */
export function listCodings(db: Db, input: { documentId: number }, viewer: Viewer): Coding[] {
  return placedCodingsOf(db).all({ document: input.documentId, viewer: viewerParam(viewer) });
}

/** A document's placed codings that the viewer may see, without their quotes: what the reader marks the text with. */
export function listCodingMarks(db: Db, input: { documentId: number }, viewer: Viewer): CodingMark[] {
  return placedMarksOf(db).all({ document: input.documentId, viewer: viewerParam(viewer) });
}

/** Codings the viewer may see whose passage could not be found again after their document's text was replaced. */
export function listOrphans(db: Db, input: { documentId?: number }, viewer: Viewer): Coding[] {
  return input.documentId === undefined
    ? orphanedCodings(db).all({ viewer: viewerParam(viewer) })
    : orphanedCodingsOf(db).all({ document: input.documentId, viewer: viewerParam(viewer) });
}

/** The coding `id`, when the viewer may see it; else the same refusal as for a coding that does not exist. */
function visibleCoding(
  db: Db,
  id: number,
  viewer: Viewer,
): { documentId: number; codeId: number; coderId: number; orphaned: number; quote: string } {
  const row = codingPlace(db).get(id);
  if (!row || !maySee(viewer, row.coderId)) throw new QuireError('not_found', `There is no coding ${id}.`);
  return row;
}

/**
 * Places an orphaned coding on a passage the user chose: like applying a
 * code, its value wins on that text over the coder's other values of an
 * exclusive group it is in. On a passage its coder already holds with its
 * code, it joins that coding (its memo too).
 */
export function placeOrphan(
  db: Db,
  coder: number,
  input: { id: number; start: number; end: number },
  viewer: Viewer,
): CodingResult {
  const orphan = visibleCoding(db, input.id, viewer);
  if (!orphan.orphaned) throw new QuireError('invalid_input', 'That coding is already placed in its document.');
  const text = documentText(db, orphan.documentId);
  const span = passageIn({ text, from: 0, length: countCodePoints(text) }, input.start, input.end);
  const twin = findCoding(db, orphan.documentId, orphan.codeId, orphan.coderId, span);
  return runCommand(db, coder, 'placeOrphan', 'Place a coding that had lost its passage', (c) => {
    if (twin !== undefined) {
      foldCoding(db, c, input.id, twin);
      return {
        coding: codingById(db, twin),
        replaced: [],
        notes: ['The passage already held this coding: the two are one coding now.'],
      };
    }
    const room = makeRoom(
      db,
      c,
      { id: input.id, documentId: orphan.documentId, codeId: orphan.codeId, coderId: orphan.coderId, ...span },
      () => text,
    );
    c.update('codings', input.id, { ...anchorFields(text, span.start, span.end), orphaned: 0 });
    return { coding: codingById(db, input.id), ...room };
  });
}

/** A coding written, with the coder's codings it removed or cut back (another value of an exclusive group on the same text) and notes saying so. */
export interface CodingResult {
  coding: Coding;
  replaced: number[];
  notes: string[];
}

/** A stretch of a document's text: `text` starts at code point `from` of the whole, which is `length` code points long. */
interface Stretch {
  text: string;
  from: number;
  length: number;
}

/** A span of a document (code points) checked to lie within it, widened to whole characters (`stretch` holds the span and the text around it). */
function passageIn({ text, from, length }: Stretch, start: number, end: number): { start: number; end: number } {
  if (start < 0 || end > length || start >= end)
    throw new QuireError('invalid_input', `The passage ${start}–${end} is not within the document (0–${length}).`);
  const span = wholeCharacters(text, start - from, end - from);
  return { start: span.start + from, end: span.end + from };
}

/**
 * Code points read on each side of a passage: more than snapping its ends to
 * whole characters looks at (32 UTF-16 units) plus the context a coding keeps
 * (CONTEXT), so the passage reads the same in the stretch as in the whole text.
 */
const AROUND = 128;

/**
 * The stretch of a document's text around a passage, with the whole text's
 * length: applying a code to a long article reads a few hundred characters,
 * not the article. A text SQLite would count short (one holding a NUL) is read whole.
 */
function stretchAround(db: Db, documentId: number, start: number, end: number): Stretch {
  const from = Math.max(0, start - AROUND);
  const row = documentStretch(db).get({ id: documentId, from, count: Math.max(0, end - from) + AROUND });
  if (!row) throw new QuireError('not_found', `There is no document ${documentId}.`);
  if (!row.nul) return { text: row.stretch, from, length: row.length };
  const text = documentText(db, documentId);
  return { text, from: 0, length: countCodePoints(text) };
}

function codingById(db: Db, id: number): Coding {
  const row = codingWithMemo(db).get(id);
  if (!row) throw new QuireError('not_found', `There is no coding ${id}.`);
  return row;
}

/**
 * Codes a span (code points, snapped outward to whole characters) with a code.
 * The new value wins on its text: the coder's codings of another value of an
 * exclusive group the code is in lose the text it covers (exclusive.ts), in
 * the same undoable step; `notes` say so.
 */
export function applyCode(
  db: Db,
  coder: number,
  input: { documentId: number; codeId: number; start: number; end: number },
): CodingResult {
  const code = codeNamed(db, input.codeId);
  const stretch = stretchAround(db, input.documentId, input.start, input.end);
  const span = passageIn(stretch, input.start, input.end);
  const value = { documentId: input.documentId, codeId: code.id, coderId: coder, ...span };
  const existing = findCoding(db, input.documentId, code.id, coder, span);
  // Applying a code the passage has changes nothing, unless it settles a conflict left from before the rule held (check lists them).
  if (existing && !rivalsOf(db, value, existing).length)
    return { coding: codingById(db, existing), replaced: [], notes: [] };
  const { text, from } = stretch;
  const quote = text.slice(toUtf16Index(text, span.start - from), toUtf16Index(text, span.end - from));
  return runCommand(db, coder, 'applyCode', `Code “${clip(quote)}” as “${code.name}”`, (c) => {
    // The whole text only if a rival value is cut back in it.
    const room = makeRoom(db, c, { ...value, id: existing }, () => documentText(db, input.documentId));
    const id =
      existing ?? insertCoding(c, coder, { documentId: input.documentId, codeId: code.id, text, from, ...span });
    return { coding: codingById(db, id), ...room };
  });
}

export function documentText(db: Db, documentId: number): string {
  const body = documentBody(db).get(documentId);
  if (body === undefined) throw new QuireError('not_found', `There is no document ${documentId}.`);
  return body;
}

export function codeNamed(db: Db, codeId: number): { id: number; name: string } {
  const code = codeIdAndName(db).get(codeId);
  if (!code) throw new QuireError('not_found', `There is no code ${codeId}.`);
  return code;
}

/** A code-point span widened to whole characters. */
export function wholeCharacters(text: string, start: number, end: number): { start: number; end: number } {
  return {
    start: toCodePointOffset(text, snap(text, toUtf16Index(text, start), 'down')),
    end: toCodePointOffset(text, snap(text, toUtf16Index(text, end), 'up')),
  };
}

export function findCoding(
  db: Db,
  documentId: number,
  codeId: number,
  coder: number,
  span: { start: number; end: number },
): number | undefined {
  return codingAt(db).get({ documentId, codeId, coderId: coder, start: span.start, end: span.end, except: null });
}

/**
 * The coder's codings of exactly this span with another value of an exclusive
 * group that `codeId` is in. Kept for settling disagreements until it takes
 * resolveRecoded (exclusive.ts), which also counts overlapping passages.
 * @deprecated use rivalsOf / makeRoom / resolveRecoded in exclusive.ts.
 */
export function exclusiveRivals(
  db: Db,
  {
    codeId,
    documentId,
    coder,
    start,
    end,
  }: { codeId: number; documentId: number; coder: number; start: number; end: number },
): number[] {
  return rivalsOf(db, { codeId, documentId, coderId: coder, start, end })
    .filter((k) => k.start === start && k.end === end)
    .map((k) => k.id);
}

/**
 * Inserts a coding inside a command; the caller has made room for it first
 * (makeRoom in exclusive.ts). `text` is the document's, or a stretch of it
 * from code point `from` that holds the passage and its context.
 */
export function insertCoding(
  c: ChangeSet,
  coder: number,
  {
    documentId,
    codeId,
    text,
    from = 0,
    start,
    end,
  }: { documentId: number; codeId: number; text: string; from?: number; start: number; end: number },
): number {
  return c.insert('codings', {
    guid: newGuid(),
    document_id: documentId,
    code_id: codeId,
    coder_id: coder,
    ...anchorFields(text, start - from, end - from),
    start,
    end,
    created_at: new Date().toISOString(),
  });
}

export function removeCoding(db: Db, coder: number, input: { id: number }, viewer: Viewer): void {
  const coding = visibleCoding(db, input.id, viewer);
  runCommand(db, coder, 'removeCoding', `Remove coding “${clip(coding.quote)}”`, (c) =>
    deleteCodingRows(db, c, input.id),
  );
}

const TARGET_TABLE: Record<MemoTarget, string> = { document: 'documents', code: 'codes', coding: 'codings' };

/** Writes the coder's own memo on a document, code or coding (each coder has their own); empty text removes it. */
export function setMemo(
  db: Db,
  coder: number,
  input: { target: MemoTarget; id: number; text: string },
  viewer: Viewer,
): MemoSet {
  if (input.target === 'coding') visibleCoding(db, input.id, viewer);
  else if (!db.prepare(`SELECT 1 FROM ${TARGET_TABLE[input.target]} WHERE id = ?`).get(input.id))
    throw new QuireError('not_found', `There is no ${input.target} ${input.id}.`);
  const existing = memoOf(db).get(input.target, input.id, coder)?.id;
  const text = input.text.trim() ? input.text : '';
  const at = new Date().toISOString();
  runCommand(db, coder, 'setMemo', `${text ? 'Write' : 'Remove'} the memo of ${input.target} ${input.id}`, (c) => {
    if (!text) {
      if (existing) c.delete('memos', existing);
    } else if (existing) c.update('memos', existing, { text, updated_at: at });
    else
      c.insert('memos', {
        guid: newGuid(),
        target_type: input.target,
        target_id: input.id,
        text,
        coder_id: coder,
        created_at: at,
        updated_at: at,
      });
  });
  return getMemo(db, input, viewer);
}

/** The memos on a document, code or coding that the viewer may see: their own (to edit), and the other coders', oldest first. */
export function getMemo(db: Db, input: { target: MemoTarget; id: number }, viewer: Viewer): MemoSet {
  const memos = memosOn(db).all({ target: input.target, id: input.id, viewer: viewerParam(viewer) });
  return {
    mine: memos.find((m) => m.coder === viewer.name) ?? null,
    others: memos.filter((m) => m.coder !== viewer.name),
  };
}

/** Every visible memo on a target as one text, for a report: one memo as it is, several each under its coder's name. */
export function memoText(memos: MemoSet): string | null {
  const all = [...(memos.mine ? [memos.mine] : []), ...memos.others];
  if (all.length <= 1) return all[0]?.text ?? null;
  return all.map((m) => `${m.coder}: ${m.text}`).join('\n\n');
}
