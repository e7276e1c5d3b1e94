// The rule of exclusive groups, as the stored record must hold it: a group
// such as ‘Belarus role’ (neutral / complicit / co-belligerent) is a stance
// dimension, so a passage holds at most one of its values per coder. Two
// placed codings by the same coder, of two different values of one exclusive
// group, conflict when their spans overlap (share at least one character;
// spans that only touch do not). Different coders may disagree: that is what
// agreement measures.
//
// This module finds conflicts (for codings, for groups, for the whole
// project), says them in words, and is the safety net every command, undo and
// redo passes before it commits (assertExclusive), so no path can leave a
// conflict behind; `check` reports any in a stored project. How a write
// resolves a conflict is the coding layer's (coding/exclusive.ts).
import { QuireError } from '../../../shared/errors.ts';
import type { Extent } from '../../../shared/spans.ts';
import { clip, plural } from '../../../shared/text.ts';
import type { Db } from './db.ts';

/** A placed coding, as the rule sees it. */
export interface Value extends Extent {
  id: number;
  documentId: number;
  codeId: number;
  coderId: number;
  createdAt: string;
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

/** The columns of a coding `k` as a Value. */
export const VALUE_COLUMNS = (k: string) =>
  `${k}.id, ${k}.document_id AS documentId, ${k}.code_id AS codeId, ${k}.coder_id AS coderId, ${k}.start, ${k}."end", ${k}.created_at AS createdAt`;

/** Where to look for conflicts: those involving these codings, or within these groups; nothing given, the whole project. */
export interface ConflictScope {
  codingIds?: readonly number[];
  groupIds?: readonly number[];
}

/** Two codings `a` and `b` in words: where, by whom, what they share. */
const PAIR_COLUMNS = `a.document_id AS documentId, coalesce(d.title, d.filename, d.guid) AS document, cd.name AS coder, ${VALUE_COLUMNS('a')}, ca.name AS code,
  b.id AS bId, b.code_id AS bCodeId, b.start AS bStart, b."end" AS bEnd, b.created_at AS bCreatedAt, cb.name AS bCode,
  substr(d.body, max(a.start, b.start) + 1, min(a."end", b."end") - max(a.start, b.start)) AS quote`;
const PAIR_JOINS =
  'JOIN documents d ON d.id = a.document_id JOIN coders cd ON cd.id = a.coder_id JOIN codes ca ON ca.id = a.code_id JOIN codes cb ON cb.id = b.code_id';
/** Coding `b`, of code `code`, shares text with `a` and has its coder (found by the index of a coder's codings per code). */
const sharing = (code: string) =>
  `codings b ON b.document_id = a.document_id AND b.code_id = ${code} AND b.coder_id = a.coder_id AND b.orphaned = 0 AND b.start < a."end" AND a.start < b."end"`;
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
type PairRow = Omit<Conflict, 'first' | 'second'> &
  Value & {
    code: string;
    bId: number;
    bCodeId: number;
    bStart: number;
    bEnd: number;
    bCreatedAt: string;
    bCode: string;
  };

/** Rows of pairs as conflicts, the earlier coding first, each pair once (`seen` across several queries). */
function pairs(rows: readonly PairRow[], seen = new Set<string>()): Conflict[] {
  const found: Conflict[] = [];
  for (const r of rows) {
    const a = {
      id: r.id,
      documentId: r.documentId,
      codeId: r.codeId,
      coderId: r.coderId,
      start: r.start,
      end: r.end,
      createdAt: r.createdAt,
      code: r.code,
    };
    const b = {
      ...a,
      id: r.bId,
      codeId: r.bCodeId,
      start: r.bStart,
      end: r.bEnd,
      createdAt: r.bCreatedAt,
      code: r.bCode,
    };
    const [first, second] = later(b, a) ? [a, b] : [b, a];
    const key = `${first.id}:${second.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({
      groupId: r.groupId,
      group: r.group,
      documentId: r.documentId,
      document: r.document,
      coder: r.coder,
      first,
      second,
      quote: r.quote,
    });
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
    found.push(...pairs(db.prepare<{ ids?: string }, PairRow>(sql).all(ids ? { ids: JSON.stringify(ids) } : {}), seen));
  }
  return found.sort(
    (x, y) =>
      x.documentId - y.documentId || Math.max(x.first.start, x.second.start) - Math.max(y.first.start, y.second.start),
  );
}

/**
 * The conflicts there would be among the codings here if codes `codeIds`
 * were the values of one exclusive group named `group` (one a merge plans),
 * each pair once; `involving` keeps those with a coding of that code.
 */
export function conflictsIfExclusive(
  db: Db,
  codeIds: readonly number[],
  group: string,
  involving?: number,
): Conflict[] {
  const rows = db
    .prepare<{ group: string; codes: string; involving: number | null }, PairRow>(
      `SELECT 0 AS groupId, @group AS "group", ${PAIR_COLUMNS}
       FROM json_each(@codes) ja CROSS JOIN codings a ON a.code_id = ja.value AND a.orphaned = 0
       CROSS JOIN json_each(@codes) jb CROSS JOIN ${sharing('jb.value')}
       ${PAIR_JOINS}
       WHERE b.code_id != a.code_id AND a.id < b.id AND (@involving IS NULL OR @involving IN (a.code_id, b.code_id))
       ORDER BY a.document_id, max(a.start, b.start), a.id, b.id`,
    )
    .all({ group, codes: JSON.stringify(codeIds), involving: involving ?? null });
  return pairs(rows);
}

/** Whether coding `a` was applied after `b` (by time, then by id: ids grow with time). */
export const later = (a: Value, b: Value) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);

// -- Saying it --------------------------------------------------------------------

/** “quote” in ‘Title’: ‘A’ and ‘B’ by Anna; … — the first `max` conflicts, then how many more. */
export function listConflicts(conflicts: readonly Conflict[], max = 5): string {
  const items = conflicts
    .slice(0, max)
    .map(
      (k) => `“${clip(k.quote)}” in ‘${clip(k.document, 60)}’: ‘${k.first.code}’ and ‘${k.second.code}’ by ${k.coder}`,
    );
  return items.join('; ') + (conflicts.length > max ? `; and ${conflicts.length - max} more` : '');
}

/** “3 passages hold two values of ‘Belarus role’ by the same coder: …” (“of its values” when the sentence names the group already). */
export function describeConflicts(
  conflicts: readonly Conflict[],
  verb: 'hold' | 'would hold',
  groupNamed = false,
): string {
  const groups = [...new Set(conflicts.map((k) => k.group))];
  const of =
    groupNamed && groups.length === 1 ? 'of its values' : `values of ${groups.map((g) => `‘${g}’`).join(' or ')}`;
  const n = conflicts.length;
  return `${plural(n, 'passage')} ${n === 1 && verb === 'hold' ? 'holds' : verb} two ${of} by the same coder: ${listConflicts(conflicts)}`;
}

/** The error a refused write throws: what could not be done, and the passages that stand in its way. */
export function conflictError(
  head: string,
  conflicts: readonly Conflict[],
  options: { verb?: 'hold' | 'would hold'; groupNamed?: boolean; hint?: string } = {},
): QuireError {
  const hint = options.hint ?? 'Keep the latest value on each passage, or change those codings first.';
  return new QuireError(
    'exclusive_conflict',
    `${head}: ${describeConflicts(conflicts, options.verb ?? 'hold', options.groupNamed)}. ${hint}`,
  );
}

// -- The safety net ---------------------------------------------------------------------

/** A row a command (or undo, redo) changed: the image it replaced and the one it left. */
export interface Touched {
  table: string;
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
  if (conflicts.length)
    throw conflictError(`${what} would break the rule of exclusive groups`, conflicts, {
      verb: 'would hold',
      hint: 'Nothing was changed.',
    });
}
