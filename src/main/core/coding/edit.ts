// Editing a coding once it is made: moving its start or end by a word (or to
// the word nearest where a handle was dropped), giving it another code,
// splitting it in two, merging two of one code into one. Each is one undoable
// command; the coding's quote and context are written anew from its new span,
// so it can still be found again if its document's text is replaced. A coder
// edits only their own codings, and an edit that would give a passage two
// values of an exclusive group is refused in words (the coder's other value
// is never cut back behind their back, as it is when a code is applied anew).
import type { CodingResult } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { clip } from '../../../shared/text.ts';
import { nearestWordEdge, stepWord, wordSpans, type Edge } from '../../../shared/words.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { codingById, codingCreatedAt } from '../db/queries/codings.ts';
import { newGuid } from '../guid.ts';
import { maySee, type Viewer } from '../viewer.ts';
import { anchorFields } from './anchor.ts';
import { codeNamed, findCoding } from './codings.ts';
import { rivalsOf } from './exclusive.ts';
import { foldCoding } from './rows.ts';

/** A coding of the current coder's, as an edit reads it. */
interface Owned {
  id: number;
  documentId: number;
  codeId: number;
  coderId: number;
  start: number;
  end: number;
  quote: string;
  code: string;
  text: string;
  language: string | null;
}

/**
 * The coding `id`, when it is the coder's own and placed in its text. One the
 * viewer may not see is refused as if it did not exist; another coder's is
 * refused by name (they may see it, but it is theirs to change).
 */
function ownCoding(db: Db, coder: number, id: number, viewer: Viewer): Owned {
  const k = db
    .prepare<[number], Owned & { orphaned: number; coderName: string }>(
      `SELECT k.id, k.document_id AS documentId, k.code_id AS codeId, k.coder_id AS coderId, k.start, k."end", k.quote, k.orphaned, c.name AS code, cd.name AS coderName,
         d.body AS text, d.language
       FROM codings k JOIN codes c ON c.id = k.code_id JOIN coders cd ON cd.id = k.coder_id JOIN documents d ON d.id = k.document_id WHERE k.id = ?`,
    )
    .get(id);
  if (!k || !maySee(viewer, k.coderId)) throw new QuireError('not_found', `There is no coding ${id}.`);
  if (k.coderId !== coder)
    throw new QuireError(
      'invalid_input',
      `“${clip(k.quote)}” was coded by ${k.coderName}: only they can change that coding. You can code the passage yourself.`,
    );
  if (k.orphaned)
    throw new QuireError(
      'invalid_input',
      `“${clip(k.quote)}” has lost its place in the document: place it again before you change it.`,
    );
  return k;
}

/** A coding this command just kept or wrote, as the reader shows it. */
const codingOf = (db: Db, id: number): CodingResult['coding'] => codingById(db).get(id)!;
const quoteOf = (text: string, start: number, end: number) =>
  text.slice(toUtf16Index(text, start), toUtf16Index(text, end));

/**
 * Refuses a span for coding `k` with code `codeId` when another of the coder's
 * codings holds another value of an exclusive group the code is in there.
 */
function refuseRivals(db: Db, k: Owned, codeId: number, span: { start: number; end: number }, what: string): void {
  const rivals = rivalsOf(
    db,
    { documentId: k.documentId, codeId, coderId: k.coderId, start: span.start, end: span.end },
    k.id,
  );
  if (!rivals.length) return;
  const r = rivals[0]!;
  const name = codeNamed(db, codeId).name;
  throw new QuireError(
    'exclusive_conflict',
    `${what} would give “${clip(quoteOf(k.text, Math.max(span.start, r.start), Math.min(span.end, r.end)))}” both ‘${name}’ and your ‘${r.code}’ — one value per passage in ‘${r.group}’. Nothing was changed; narrow or remove the ‘${r.code}’ coding there first.`,
  );
}

/** Moves one edge of the coding: a word wider or narrower, or (a handle dropped) to the word boundary nearest `to`. */
export function resizeCoding(
  db: Db,
  coder: number,
  input: { id: number; edge: Edge; step?: 'wider' | 'narrower' | undefined; to?: number | undefined },
  viewer: Viewer,
): CodingResult {
  const k = ownCoding(db, coder, input.id, viewer);
  const words = wordSpans(k.text, k.language ?? undefined);
  const { edge } = input;
  let at: number | null;
  if (input.to !== undefined) at = nearestWordEdge(words, edge, input.to);
  else at = stepWord(words, edge, k[edge], (edge === 'start') === (input.step === 'wider') ? -1 : 1);
  const span = { start: k.start, end: k.end, [edge]: at ?? k[edge] };
  if (at === null && input.step === 'wider') {
    throw new QuireError(
      'invalid_input',
      `“${clip(k.quote)}” already ${edge === 'start' ? 'starts at the first word' : 'ends at the last word'} of the document.`,
    );
  }
  if (at === null || span.start >= span.end)
    throw new QuireError(
      'invalid_input',
      `“${clip(k.quote)}” cannot be narrowed further: it would hold no words. Remove the coding instead.`,
    );
  if (span.start === k.start && span.end === k.end) return { coding: codingOf(db, k.id), replaced: [], notes: [] };
  const wider = span.start < k.start || span.end > k.end;
  refuseRivals(db, k, k.codeId, span, `Widening “${clip(k.quote)}”`);
  const quote = quoteOf(k.text, span.start, span.end);
  return runCommand(db, coder, 'resizeCoding', `${wider ? 'Widen' : 'Narrow'} ‘${k.code}’ to “${clip(quote)}”`, (c) => {
    const twin = findCoding(db, k.documentId, k.codeId, k.coderId, span);
    if (twin !== undefined) {
      foldCoding(db, c, k.id, twin);
      return {
        coding: codingOf(db, twin),
        replaced: [k.id],
        notes: [`You already had ‘${k.code}’ on “${clip(quote)}”: the two codings are one now.`],
      };
    }
    c.update('codings', k.id, anchorFields(k.text, span.start, span.end));
    return { coding: codingOf(db, k.id), replaced: [], notes: [] };
  });
}

/** Gives the coding another code; refused when the passage would hold two values of an exclusive group. */
export function recodeCoding(
  db: Db,
  coder: number,
  input: { id: number; codeId: number },
  viewer: Viewer,
): CodingResult {
  const k = ownCoding(db, coder, input.id, viewer);
  const code = codeNamed(db, input.codeId);
  if (code.id === k.codeId) return { coding: codingOf(db, k.id), replaced: [], notes: [] };
  refuseRivals(db, k, code.id, k, `Changing ‘${k.code}’ to ‘${code.name}’ on “${clip(k.quote)}”`);
  return runCommand(db, coder, 'recodeCoding', `Change ‘${k.code}’ to ‘${code.name}’ on “${clip(k.quote)}”`, (c) => {
    const twin = findCoding(db, k.documentId, code.id, k.coderId, k);
    if (twin !== undefined) {
      foldCoding(db, c, k.id, twin);
      return {
        coding: codingOf(db, twin),
        replaced: [k.id],
        notes: [`The passage already had ‘${code.name}’: the ‘${k.code}’ coding was folded into it.`],
      };
    }
    c.update('codings', k.id, { code_id: code.id });
    return { coding: codingOf(db, k.id), replaced: [], notes: [] };
  });
}

/**
 * Splits the coding in two at the word start nearest `at`: the first part
 * ends before the spaces there, the second starts at the word. Its memo stays
 * with the first part.
 */
export function splitCoding(
  db: Db,
  coder: number,
  input: { id: number; at: number },
  viewer: Viewer,
): { codings: CodingResult['coding'][] } {
  const k = ownCoding(db, coder, input.id, viewer);
  // Each part keeps at least one word: the cut is at the start of the coding's second word or a later one.
  const inside = wordSpans(k.text, k.language ?? undefined)
    .filter((w) => w.start < k.end && w.end > k.start)
    .slice(1);
  if (!inside.length)
    throw new QuireError('invalid_input', `“${clip(k.quote)}” is a single word: there is nowhere to split it.`);
  const cut = nearestWordEdge(inside, 'start', input.at);
  const before = quoteOf(k.text, k.start, cut);
  const firstEnd = cut - /\s*$/u.exec(before)![0].length;
  return runCommand(db, coder, 'splitCoding', `Split ‘${k.code}’ on “${clip(k.quote)}” in two`, (c) => {
    c.update('codings', k.id, anchorFields(k.text, k.start, firstEnd));
    const created = codingCreatedAt(db).get(k.id)!;
    const second = c.insert('codings', {
      guid: newGuid(),
      document_id: k.documentId,
      code_id: k.codeId,
      coder_id: k.coderId,
      ...anchorFields(k.text, cut, k.end),
      created_at: created,
    });
    return { codings: [codingOf(db, k.id), codingOf(db, second)] };
  });
}

/**
 * Merges two of the coder's codings of one code that overlap or touch (with
 * only spaces or punctuation between them) into one over both passages. The
 * earlier one stays, with both memos.
 */
export function mergeCodings(db: Db, coder: number, input: { ids: [number, number] }, viewer: Viewer): CodingResult {
  const [a, b] = input.ids
    .map((id) => ownCoding(db, coder, id, viewer))
    .sort((x, y) => x.start - y.start || x.end - y.end) as [Owned, Owned];
  if (a.id === b.id) throw new QuireError('invalid_input', 'Choose two different codings to merge.');
  if (a.documentId !== b.documentId || a.codeId !== b.codeId) {
    throw new QuireError(
      'invalid_input',
      `Only codings of one code in one document merge: “${clip(a.quote)}” is ‘${a.code}’, “${clip(b.quote)}” is ‘${b.code}’${a.documentId === b.documentId ? '' : ' in another document'}.`,
    );
  }
  const gap = b.start > a.end ? quoteOf(a.text, a.end, b.start) : '';
  if (/[\p{L}\p{N}]/u.test(gap))
    throw new QuireError(
      'invalid_input',
      `“${clip(a.quote)}” and “${clip(b.quote)}” are apart (“${clip(gap)}” lies between them): only overlapping or touching codings merge.`,
    );
  const span = { start: a.start, end: Math.max(a.end, b.end) };
  return runCommand(
    db,
    coder,
    'mergeCodings',
    `Merge two ‘${a.code}’ codings into “${clip(quoteOf(a.text, span.start, span.end))}”`,
    (c) => {
      c.update('codings', a.id, anchorFields(a.text, span.start, span.end));
      foldCoding(db, c, b.id, a.id);
      return { coding: codingOf(db, a.id), replaced: [b.id], notes: [] };
    },
  );
}
