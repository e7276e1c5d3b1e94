// Exclusive groups. A group such as ‘Belarus role’ (neutral / complicit /
// co-belligerent) is a stance dimension: a passage holds at most one of its
// values per coder. Two placed codings by the same coder, of two different
// values of one exclusive group, conflict when their spans overlap (share at
// least one character; spans that only touch do not). Different coders may
// disagree: that is what agreement measures.
//
// This module owns the rule, once, for every path that writes codings or
// groups: finding conflicts (for a coding about to be written, for codings,
// for groups, for the whole project), saying them in words, and the two ways
// a write resolves them:
// - the new value wins on its text (applying a code, placing an orphan, a
//   recode): the coder's rival codings lose the text it covers — removed when
//   it covers them, cut back to the text outside it otherwise;
// - refuse and list (bulk writes: merging codes, grouping codes, making a
//   group exclusive), unless the caller chose to keep the latest value on
//   each passage, as if the codings had been applied in time order.
// runCommand, undo and redo check the rule on what they touched before they
// commit (assertExclusive), so no path can leave a conflict behind.
import type { ConflictChoice } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { cutAround, overlaps, type Extent } from '../../../shared/spans.ts';
import { clip, plural } from '../../../shared/text.ts';
import type { ChangeSet, Table } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { newGuid } from '../guid.ts';
import { anchorFields } from './anchor.ts';
import { deleteCodingRows, foldCoding } from './rows.ts';

/** A placed coding, as the rule sees it. */
export interface Value extends Extent {
  id: number;
  documentId: number;
  codeId: number;
  coderId: number;
  createdAt: string;
}

/** A coding of the coder's that a new value would overlap: another value of an exclusive group, named with the group. */
export interface Rival extends Value {
  code: string;
  group: string;
}

/** Two codings by one coder holding two values of an exclusive group on shared text. */
export interface Conflict {
  groupId: number;
  group: string;
  documentId: number;
  document: string;
  coder: string;
  /** The earlier coding first (by time, then id). */
  first: Value & { code: string };
  second: Value & { code: string };
  /** The text they share. */
  quote: string;
}

const VALUE_COLUMNS = (k: string) => `${k}.id, ${k}.document_id AS documentId, ${k}.code_id AS codeId, ${k}.coder_id AS coderId, ${k}.start, ${k}."end", ${k}.created_at AS createdAt`;

/**
 * The coder's placed codings that a coding of `codeId` on `start`–`end` would
 * conflict with: overlapping, of another value of an exclusive group the code
 * is in. `except` leaves out the coding being placed itself.
 */
export function rivalsOf(db: Db, k: { documentId: number; codeId: number; coderId: number; start: number; end: number }, except: number | null = null): Rival[] {
  // From the code's groups to the coder's codings of the other values (by the index of a coder's codings per code), never over all the document's codings.
  return db
    .prepare(
      `SELECT ${VALUE_COLUMNS('k')}, c.name AS code, min(g.name) AS "group"
       FROM code_group_members mine
       CROSS JOIN code_groups g ON g.id = mine.group_id AND g.exclusive = 1
       CROSS JOIN code_group_members other ON other.group_id = g.id AND other.code_id != mine.code_id
       CROSS JOIN codings k ON k.document_id = @documentId AND k.code_id = other.code_id AND k.coder_id = @coderId AND k.orphaned = 0 AND k.start < @end AND k."end" > @start
       JOIN codes c ON c.id = k.code_id
       WHERE mine.code_id = @codeId AND k.id IS NOT @except
       GROUP BY k.id ORDER BY k.start, k.id`,
    )
    .all({ documentId: k.documentId, codeId: k.codeId, coderId: k.coderId, start: k.start, end: k.end, except }) as Rival[];
}

/** Where to look for conflicts: those involving these codings, or within these groups; nothing given, the whole project. */
export interface ConflictScope {
  codingIds?: readonly number[];
  groupIds?: readonly number[];
}

/** Two codings `a` and `b` in words: where, by whom, what they share. */
const PAIR_COLUMNS = `a.document_id AS documentId, coalesce(d.title, d.filename, d.guid) AS document, cd.name AS coder, ${VALUE_COLUMNS('a')}, ca.name AS code,
  b.id AS bId, b.code_id AS bCodeId, b.start AS bStart, b."end" AS bEnd, b.created_at AS bCreatedAt, cb.name AS bCode,
  substr(d.body, max(a.start, b.start) + 1, min(a."end", b."end") - max(a.start, b.start)) AS quote`;
const PAIR_JOINS = 'JOIN documents d ON d.id = a.document_id JOIN coders cd ON cd.id = a.coder_id JOIN codes ca ON ca.id = a.code_id JOIN codes cb ON cb.id = b.code_id';
/** Coding `b`, of code `code`, shares text with `a` and has its coder (found by the index of a coder's codings per code). */
const sharing = (code: string) => `codings b ON b.document_id = a.document_id AND b.code_id = ${code} AND b.coder_id = a.coder_id AND b.orphaned = 0 AND b.start < a."end" AND a.start < b."end"`;
/** From coding `a` in exclusive group `g` to the coder's codings `b` of the group's other values. */
const RIVAL_OF_A = `CROSS JOIN code_group_members mb ON mb.group_id = g.id AND mb.code_id != a.code_id CROSS JOIN ${sharing('mb.code_id')}`;
/**
 * Where each search starts (CROSS JOIN fixes the order: from the few rows
 * asked about, through indexes, never a scan of every coding).
 */
const CONFLICT_SQL = {
  codings: {
    from: `json_each(@ids) j CROSS JOIN codings a ON a.id = j.value AND a.orphaned = 0
      CROSS JOIN code_group_members ma ON ma.code_id = a.code_id CROSS JOIN code_groups g ON g.id = ma.group_id AND g.exclusive = 1`,
    // Both codings may be among those asked about: the pair is kept once (pairs()).
    where: '1',
  },
  groups: {
    from: `json_each(@ids) j CROSS JOIN code_groups g ON g.id = j.value AND g.exclusive = 1
      CROSS JOIN code_group_members ma ON ma.group_id = g.id CROSS JOIN codings a ON a.code_id = ma.code_id AND a.orphaned = 0`,
    where: 'a.id < b.id',
  },
  whole: {
    from: 'code_groups g CROSS JOIN code_group_members ma ON ma.group_id = g.id CROSS JOIN codings a ON a.code_id = ma.code_id AND a.orphaned = 0',
    where: 'g.exclusive = 1 AND a.id < b.id',
  },
};
type PairRow = Omit<Conflict, 'first' | 'second'> & Value & { code: string; bId: number; bCodeId: number; bStart: number; bEnd: number; bCreatedAt: string; bCode: string };

/** Rows of pairs as conflicts, the earlier coding first, each pair once (`seen` across several queries). */
function pairs(rows: readonly PairRow[], seen = new Set<string>()): Conflict[] {
  const found: Conflict[] = [];
  for (const r of rows) {
    const a = { id: r.id, documentId: r.documentId, codeId: r.codeId, coderId: r.coderId, start: r.start, end: r.end, createdAt: r.createdAt, code: r.code };
    const b = { ...a, id: r.bId, codeId: r.bCodeId, start: r.bStart, end: r.bEnd, createdAt: r.bCreatedAt, code: r.bCode };
    const [first, second] = later(b, a) ? [a, b] : [b, a];
    const key = `${first.id}:${second.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ groupId: r.groupId, group: r.group, documentId: r.documentId, document: r.document, coder: r.coder, first, second, quote: r.quote });
  }
  return found;
}

/** The conflicts in a scope, each pair of codings once, in document order. */
export function findConflicts(db: Db, scope: ConflictScope = {}): Conflict[] {
  const runs: [keyof typeof CONFLICT_SQL, readonly number[] | null][] =
    scope.codingIds === undefined && scope.groupIds === undefined
      ? [['whole', null]]
      : [
          ['codings', scope.codingIds ?? []],
          ['groups', scope.groupIds ?? []],
        ];
  const seen = new Set<string>();
  const found: Conflict[] = [];
  for (const [from, ids] of runs) {
    if (ids?.length === 0) continue;
    const sql = `SELECT g.id AS groupId, g.name AS "group", ${PAIR_COLUMNS} FROM ${CONFLICT_SQL[from].from} ${RIVAL_OF_A} ${PAIR_JOINS}
      WHERE ${CONFLICT_SQL[from].where} ORDER BY a.document_id, max(a.start, b.start), g.name COLLATE NOCASE, a.id, b.id`;
    found.push(...pairs(db.prepare(sql).all(ids ? { ids: JSON.stringify(ids) } : {}) as PairRow[], seen));
  }
  return found.sort((x, y) => x.documentId - y.documentId || Math.max(x.first.start, x.second.start) - Math.max(y.first.start, y.second.start));
}

/**
 * The conflicts there would be among the codings here if codes `codeIds`
 * were the values of one exclusive group named `group` (one a merge plans),
 * each pair once; `involving` keeps those with a coding of that code.
 */
export function conflictsIfExclusive(db: Db, codeIds: readonly number[], group: string, involving?: number): Conflict[] {
  const rows = db
    .prepare(
      `SELECT 0 AS groupId, @group AS "group", ${PAIR_COLUMNS}
       FROM json_each(@codes) ja CROSS JOIN codings a ON a.code_id = ja.value AND a.orphaned = 0
       CROSS JOIN json_each(@codes) jb CROSS JOIN ${sharing('jb.value')}
       ${PAIR_JOINS}
       WHERE b.code_id != a.code_id AND a.id < b.id AND (@involving IS NULL OR @involving IN (a.code_id, b.code_id))
       ORDER BY a.document_id, max(a.start, b.start), a.id, b.id`,
    )
    .all({ group, codes: JSON.stringify(codeIds), involving: involving ?? null }) as PairRow[];
  return pairs(rows);
}

/** Whether coding `a` was applied after `b` (by time, then by id: ids grow with time). */
const later = (a: Value, b: Value) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);

// -- Saying it --------------------------------------------------------------------

/** “quote” in ‘Title’: ‘A’ and ‘B’ by Anna; … — the first `max` conflicts, then how many more. */
export function listConflicts(conflicts: readonly Conflict[], max = 5): string {
  const items = conflicts.slice(0, max).map((k) => `“${clip(k.quote)}” in ‘${clip(k.document, 60)}’: ‘${k.first.code}’ and ‘${k.second.code}’ by ${k.coder}`);
  return items.join('; ') + (conflicts.length > max ? `; and ${conflicts.length - max} more` : '');
}

/** “3 passages hold two values of ‘Belarus role’ by the same coder: …” (“of its values” when the sentence names the group already). */
export function describeConflicts(conflicts: readonly Conflict[], verb: 'hold' | 'would hold', groupNamed = false): string {
  const groups = [...new Set(conflicts.map((k) => k.group))];
  const of = groupNamed && groups.length === 1 ? 'of its values' : `values of ${groups.map((g) => `‘${g}’`).join(' or ')}`;
  const n = conflicts.length;
  return `${plural(n, 'passage')} ${n === 1 && verb === 'hold' ? 'holds' : verb} two ${of} by the same coder: ${listConflicts(conflicts)}`;
}

/** The error a refused write throws: what could not be done, and the passages that stand in its way. */
export function conflictError(head: string, conflicts: readonly Conflict[], options: { verb?: 'hold' | 'would hold'; groupNamed?: boolean; hint?: string } = {}): QuireError {
  const hint = options.hint ?? 'Keep the latest value on each passage, or change those codings first.';
  return new QuireError('exclusive_conflict', `${head}: ${describeConflicts(conflicts, options.verb ?? 'hold', options.groupNamed)}. ${hint}`);
}

/**
 * Inside a bulk write's command, once its change is made: nothing to do when
 * `conflicts` is empty; with 'keep-latest' the later coding keeps the shared
 * text (returns what that did, in words); else the command is refused.
 */
export function settleConflicts(db: Db, c: ChangeSet, conflicts: readonly Conflict[], choice: ConflictChoice | undefined, refuse: () => QuireError): string[] {
  if (!conflicts.length) return [];
  if (choice !== 'keep-latest') throw refuse();
  const changed = keepLatest(db, c, conflicts);
  const lost = changed === 1 ? 'the earlier coding gave up the text it shared with the later one' : `${changed} earlier codings gave up the text they shared with later ones`;
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
    const start = part.start === original.start ? part.start : part.start + (/^\s*/.exec(slice)![0].length);
    const end = part.end === original.end ? part.end : part.end - (/\s*$/.exec(slice)![0].length);
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
    db.prepare('SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND "end" = ? AND orphaned = 0 AND id != ?').pluck().get(k.documentId, k.codeId, k.coderId, p.start, p.end, k.id) as
      | number
      | undefined;
  const [first, ...rest] = parts;
  if (first!.start !== k.start || first!.end !== k.end) {
    const same = twin(first!);
    if (same !== undefined) foldCoding(db, c, k.id, same);
    else c.update('codings', k.id, anchorFields(text, first!.start, first!.end));
  }
  for (const p of rest) {
    if (twin(p) !== undefined) continue;
    c.insert('codings', { guid: newGuid(), document_id: k.documentId, code_id: k.codeId, coder_id: k.coderId, ...anchorFields(text, p.start, p.end), created_at: k.createdAt });
  }
}

const documentBody = (db: Db, documentId: number) => db.prepare('SELECT body FROM documents WHERE id = ?').pluck().get(documentId) as string;

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
  text = documentBody(db, winner.documentId),
): { replaced: number[]; notes: string[] } {
  const name = db.prepare('SELECT name FROM codes WHERE id = ?').pluck().get(winner.codeId) as string;
  const replaced: number[] = [];
  const notes: string[] = [];
  for (const rival of rivalsOf(db, winner, winner.id ?? null)) {
    const parts = tidy(text, rival, cutAround(rival, winner));
    keepParts(db, c, rival, parts, text);
    replaced.push(rival.id);
    const where = parts.length === 2 ? 'around it' : parts.length === 1 ? (parts[0]!.start < winner.start ? 'before it' : 'after it') : null;
    notes.push(`Replaced ‘${rival.code}’ with ‘${name}’ on this passage — one value per passage in ‘${rival.group}’${where ? `; ‘${rival.code}’ keeps the text ${where}` : ''}.`);
  }
  return { replaced, notes };
}

/**
 * For a coding already given a new code inside a command (settling a
 * disagreement by recoding it): the recoded value wins on its text, as a
 * newly applied one does.
 */
export function resolveRecoded(db: Db, c: ChangeSet, codingId: number): { replaced: number[]; notes: string[] } {
  const k = db.prepare(`SELECT ${VALUE_COLUMNS('k')} FROM codings k WHERE k.id = ?`).get(codingId) as Value | undefined;
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
      if (later(k, codings.get(id)!)) parts.set(id, parts.get(id)!.flatMap((p) => (overlaps(p, k) ? cutAround(p, k) : [p])));
    }
  }
  let changed = 0;
  const texts = new Map<number, string>();
  for (const k of order) {
    const kept = parts.get(k.id)!;
    if (kept.length === 1 && kept[0]!.start === k.start && kept[0]!.end === k.end) continue;
    if (!texts.has(k.documentId)) texts.set(k.documentId, documentBody(db, k.documentId));
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

// -- The safety net ---------------------------------------------------------------------

/** A row a command (or undo, redo) changed: the image it replaced and the one it left. */
export interface Touched {
  table: Table;
  from: Record<string, unknown> | null;
  to: Record<string, unknown> | null;
}

/**
 * What a change could have broken: codings it placed (inserted, moved,
 * recoded, unorphaned) and groups it made exclusive or gave a new member.
 * Renaming a group or removing codings and members can break nothing.
 */
function scopeOf(rows: readonly Touched[]): ConflictScope {
  const codingIds = new Set<number>();
  const groupIds = new Set<number>();
  for (const { table, from, to } of rows) {
    if (!to) continue;
    if (table === 'codings' && to.orphaned === 0) codingIds.add(to.id as number);
    else if (table === 'code_group_members') groupIds.add(to.group_id as number);
    else if (table === 'code_groups' && to.exclusive === 1 && from?.exclusive !== 1) groupIds.add(to.id as number);
  }
  return { codingIds: [...codingIds], groupIds: [...groupIds] };
}

/**
 * The safety net every command, undo and redo passes before it commits: the
 * rows it touched hold no conflict. Throws (so the transaction rolls back)
 * with the passages in words; `what` names the change (“This change”,
 * “Undoing “…””).
 */
export function assertExclusive(db: Db, rows: readonly Touched[], what: string): void {
  const scope = scopeOf(rows);
  if (!scope.codingIds!.length && !scope.groupIds!.length) return;
  const conflicts = findConflicts(db, scope);
  if (conflicts.length) throw conflictError(`${what} would break the rule of exclusive groups`, conflicts, { verb: 'would hold', hint: 'Nothing was changed.' });
}
