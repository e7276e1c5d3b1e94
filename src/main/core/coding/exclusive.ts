// How writes keep the rule of exclusive groups (one value of a group per
// passage and coder; the rule itself, and the safety net every command passes,
// are the stored record's: db/exclusive-rule.ts). Every path that writes
// codings or groups resolves a conflict in one of two ways:
// - the new value wins on its text (applying a code, placing an orphan, a
//   recode): the coder's rival codings lose the text it covers — removed when
//   it covers them, cut back to the text outside it otherwise;
// - refuse and list (bulk writes: merging codes, grouping codes, making a
//   group exclusive), unless the caller chose to keep the latest value on
//   each passage, as if the codings had been applied in time order.
import type { ConflictChoice } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { cutAround, overlaps, type Extent } from '../../../shared/spans.ts';
import { plural } from '../../../shared/text.ts';
import type { ChangeSet } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { codeName } from '../db/queries/codes.ts';
import { later, listConflicts, VALUE_COLUMNS, type Conflict, type Value } from '../db/exclusive-rule.ts';
import { codingAt, codingValue } from '../db/queries/codings.ts';
import { documentBody } from '../db/queries/documents.ts';
import { statement } from '../db/statement.ts';
import { newGuid } from '../guid.ts';
import { anchorFields } from './anchor.ts';
import { deleteCodingRows, foldCoding } from './rows.ts';

// Writers and the merge planner take the rule from here with the resolutions.
export {
  conflictError,
  conflictsIfExclusive,
  describeConflicts,
  findConflicts,
  listConflicts,
  type Conflict,
  type ConflictScope,
  type Value,
} from '../db/exclusive-rule.ts';

/** A coding of the coder's that a new value would overlap: another value of an exclusive group, named with the group. */
export interface Rival extends Value {
  code: string;
  group: string;
}

// From the code's groups to the coder's codings of the other values (by the index of a coder's codings per code), never over all the document's codings.
const rivals = statement<
  { documentId: number; codeId: number; coderId: number; start: number; end: number; except: number | null },
  Rival
>(
  `SELECT ${VALUE_COLUMNS('k')}, c.name AS code, min(g.name) AS "group"
   FROM code_group_members mine
   CROSS JOIN code_groups g ON g.id = mine.group_id AND g.exclusive = 1
   CROSS JOIN code_group_members other ON other.group_id = g.id AND other.code_id != mine.code_id
   CROSS JOIN codings k ON k.document_id = @documentId AND k.code_id = other.code_id AND k.coder_id = @coderId AND k.orphaned = 0 AND k.start < @end AND k."end" > @start
   JOIN codes c ON c.id = k.code_id
   WHERE mine.code_id = @codeId AND k.id IS NOT @except
   GROUP BY k.id ORDER BY k.start, k.id`,
);

/**
 * The coder's placed codings that a coding of `codeId` on `start`–`end` would
 * conflict with: overlapping, of another value of an exclusive group the code
 * is in. `except` leaves out the coding being placed itself.
 */
export function rivalsOf(
  db: Db,
  k: { documentId: number; codeId: number; coderId: number; start: number; end: number },
  except: number | null = null,
): Rival[] {
  return rivals(db).all({
    documentId: k.documentId,
    codeId: k.codeId,
    coderId: k.coderId,
    start: k.start,
    end: k.end,
    except,
  });
}

/**
 * Inside a bulk write's command, once its change is made: nothing to do when
 * `conflicts` is empty; with 'keep-latest' the later coding keeps the shared
 * text (returns what that did, in words); else the command is refused.
 */
export function settleConflicts(
  db: Db,
  c: ChangeSet,
  conflicts: readonly Conflict[],
  choice: ConflictChoice | undefined,
  refuse: () => QuireError,
): string[] {
  if (!conflicts.length) return [];
  if (choice !== 'keep-latest') throw refuse();
  const changed = keepLatest(db, c, conflicts);
  const lost =
    changed === 1
      ? 'the earlier coding gave up the text it shared with the later one'
      : `${changed} earlier codings gave up the text they shared with later ones`;
  return [`Kept the latest value on ${plural(conflicts.length, 'passage')}: ${lost} (${listConflicts(conflicts, 3)}).`];
}

// -- Resolving -------------------------------------------------------------------------

/**
 * The parts of a coding that are left after cutting it, tidied: a cut edge
 * does not start or end on spaces, and a part with no letter or digit (only
 * spaces and punctuation) is dropped.
 */
function tidy(text: string, original: Extent, parts: readonly Extent[]): Extent[] {
  const tidied: Extent[] = [];
  for (const part of parts) {
    const slice = text.slice(toUtf16Index(text, part.start), toUtf16Index(text, part.end));
    // Spaces are single code points, so their UTF-16 length counts code points.
    const start = part.start === original.start ? part.start : part.start + /^\s*/.exec(slice)![0].length;
    const end = part.end === original.end ? part.end : part.end - /\s*$/.exec(slice)![0].length;
    if (start < end && /[\p{L}\p{N}]/u.test(slice)) tidied.push({ start, end });
  }
  return tidied;
}

/**
 * Gives a coding the parts it keeps, inside a command: none removes it (its
 * memo goes with it; undo brings both back); the first part is the coding
 * itself (its memo stays on it), the others are new codings of the same code,
 * coder and time. A part the coder already holds with that code is not made twice.
 */
function keepParts(db: Db, c: ChangeSet, k: Value, parts: readonly Extent[], text: string): void {
  if (!parts.length) return deleteCodingRows(db, c, k.id);
  const twin = (p: Extent) =>
    codingAt(db).get({
      documentId: k.documentId,
      codeId: k.codeId,
      coderId: k.coderId,
      start: p.start,
      end: p.end,
      except: k.id,
    });
  const [first, ...rest] = parts;
  if (first!.start !== k.start || first!.end !== k.end) {
    const same = twin(first!);
    if (same !== undefined) foldCoding(db, c, k.id, same);
    else c.update('codings', k.id, anchorFields(text, first!.start, first!.end));
  }
  for (const p of rest) {
    if (twin(p) !== undefined) continue;
    c.insert('codings', {
      guid: newGuid(),
      document_id: k.documentId,
      code_id: k.codeId,
      coder_id: k.coderId,
      ...anchorFields(text, p.start, p.end),
      created_at: k.createdAt,
    });
  }
}

const bodyOf = (db: Db, documentId: number) => documentBody(db).get(documentId)!;

/**
 * The new value wins on its text: inside a command, before (or just after)
 * the coding of `winner` is written, the coder's rival codings lose the text
 * it covers — removed when it covers them, cut back to the text outside it
 * otherwise (split in two when they hold it inside). Returns the codings
 * removed or cut back, and a note for each in the user's words.
 */
export function makeRoom(
  db: Db,
  c: ChangeSet,
  winner: { id?: number; documentId: number; codeId: number; coderId: number; start: number; end: number },
  text: () => string = () => bodyOf(db, winner.documentId),
): { replaced: number[]; notes: string[] } {
  const replaced: number[] = [];
  const notes: string[] = [];
  const rivals = rivalsOf(db, winner, winner.id ?? null);
  if (!rivals.length) return { replaced, notes };
  // The whole text only when a rival is cut back (its parts are tidied and anchored in it).
  const body = text();
  const name = codeName(db).get(winner.codeId)!;
  for (const rival of rivals) {
    const parts = tidy(body, rival, cutAround(rival, winner));
    keepParts(db, c, rival, parts, body);
    replaced.push(rival.id);
    const where =
      parts.length === 2
        ? 'around it'
        : parts.length === 1
          ? parts[0]!.start < winner.start
            ? 'before it'
            : 'after it'
          : null;
    notes.push(
      `Replaced ‘${rival.code}’ with ‘${name}’ on this passage — one value per passage in ‘${rival.group}’${where ? `; ‘${rival.code}’ keeps the text ${where}` : ''}.`,
    );
  }
  return { replaced, notes };
}

/**
 * For a coding already given a new code inside a command (settling a
 * disagreement by recoding it): the recoded value wins on its text, as a
 * newly applied one does.
 */
export function resolveRecoded(db: Db, c: ChangeSet, codingId: number): { replaced: number[]; notes: string[] } {
  const k = codingValue(db).get(codingId);
  if (!k) throw new QuireError('not_found', `There is no coding ${codingId}.`);
  return makeRoom(db, c, k);
}

/**
 * Resolves conflicts inside a command as if every coding involved had been
 * applied in time order, each new value winning on its text: the later coding
 * of each pair keeps the shared text, the earlier is cut back or removed.
 * Returns how many codings changed.
 */
export function keepLatest(db: Db, c: ChangeSet, conflicts: readonly Conflict[]): number {
  const codings = new Map<number, Value>();
  const rivals = new Map<number, Set<number>>();
  for (const { first, second } of conflicts) {
    codings.set(first.id, first).set(second.id, second);
    for (const [a, b] of [
      [first, second],
      [second, first],
    ] as const) {
      if (!rivals.has(a.id)) rivals.set(a.id, new Set());
      rivals.get(a.id)!.add(b.id);
    }
  }
  const order = [...codings.values()].sort((a, b) => (later(a, b) ? 1 : later(b, a) ? -1 : 0));
  const parts = new Map<number, Extent[]>(order.map((k) => [k.id, [{ start: k.start, end: k.end }]]));
  // In time order, each coding takes its text from what is left of the earlier rivals it overlaps.
  for (const k of order) {
    for (const id of rivals.get(k.id)!) {
      if (later(k, codings.get(id)!))
        parts.set(
          id,
          parts.get(id)!.flatMap((p) => (overlaps(p, k) ? cutAround(p, k) : [p])),
        );
    }
  }
  let changed = 0;
  const texts = new Map<number, string>();
  for (const k of order) {
    const kept = parts.get(k.id)!;
    if (kept.length === 1 && kept[0]!.start === k.start && kept[0]!.end === k.end) continue;
    if (!texts.has(k.documentId)) texts.set(k.documentId, bodyOf(db, k.documentId));
    const text = texts.get(k.documentId)!;
    keepParts(db, c, k, tidy(text, k, kept), text);
    changed++;
  }
  return changed;
}

// -- Planning in memory (a merge) ---------------------------------------------------------

/** A coding a writer holds in memory while it plans (a merge): keyed by the writer's own names for documents, coders and codes not written yet. */
export interface PlannedValue extends Extent {
  document: string;
  coder: string;
  code: string;
}

/** A group as a writer plans it: its codes by the writer's keys. */
export interface PlannedGroup {
  name: string;
  exclusive: boolean;
  members: Iterable<string>;
}

/**
 * Planned values by document and coder, to find what another would conflict
 * with under planned groups. Values of codes in no exclusive group can
 * conflict with nothing and are not kept.
 */
export class PlannedValues<T extends PlannedValue> {
  private readonly byPlace = new Map<string, T[]>();
  private readonly groupsOf = new Map<string, PlannedGroup[]>();

  constructor(groups: readonly PlannedGroup[]) {
    for (const g of groups) {
      if (!g.exclusive) continue;
      for (const code of g.members) {
        if (!this.groupsOf.has(code)) this.groupsOf.set(code, []);
        this.groupsOf.get(code)!.push(g);
      }
    }
  }

  add(value: T): void {
    if (!this.groupsOf.has(value.code)) return;
    const key = `${value.document}\u0000${value.coder}`;
    if (!this.byPlace.has(key)) this.byPlace.set(key, []);
    this.byPlace.get(key)!.push(value);
  }

  /** The values held that `value` would conflict with, each with the group that makes them rivals. */
  clashes(value: PlannedValue): { with: T; group: string }[] {
    const mine = this.groupsOf.get(value.code);
    if (!mine) return [];
    const found: { with: T; group: string }[] = [];
    for (const held of this.byPlace.get(`${value.document}\u0000${value.coder}`) ?? []) {
      if (held.code === value.code || !overlaps(held, value)) continue;
      const group = mine.find((g) => this.groupsOf.get(held.code)!.includes(g));
      if (group) found.push({ with: held, group: group.name });
    }
    return found;
  }
}
