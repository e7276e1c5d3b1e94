// The codebook: hierarchical codes with colours and descriptions, and groups
// of codes, which may be exclusive (a stance dimension: one value per passage).
import type { Code, Codebook, CodeGroup, ConflictChoice } from '../../../shared/api.ts';
import { QuireError } from '../../../shared/errors.ts';
import { runCommand, type ChangeSet } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import {
  childCodes,
  codebookCodes,
  codeCount,
  codeExists,
  codeName,
  codeParent,
  codePosition,
  codeSubtree,
  groupMembers as allGroupMembers,
  groupNamed,
  groupsByName,
  membersOfGroup,
  membershipIdsOfCode,
  nextPosition,
  siblingIds,
  siblingNamed,
} from '../db/queries/codes.ts';
import { codingAt, codingsOfCode, othersCodedCodes } from '../db/queries/codings.ts';
import { memosOnCodes } from '../db/queries/memos.ts';
import { newGuid } from '../guid.ts';
import { viewerParam, type Viewer } from '../viewer.ts';
import { conflictError, findConflicts, settleConflicts, type Conflict } from './exclusive.ts';
import { deleteCodingRows, deleteCodingsOf, deleteMemoRows, foldCoding } from './rows.ts';

// The analyses take the deletion helpers from here.
export { deleteCodingRows };

/** Distinct colours that print well and read on light and dark backgrounds. */
export const PALETTE = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#42d4f4',
  '#f032e6',
  '#bfef45',
  '#469990',
  '#9a6324',
  '#800000',
  '#000075',
];

const now = () => new Date().toISOString();

/** The codebook, with the coding counts the viewer may see. */
export function getCodebook(db: Db, viewer: Viewer): Codebook {
  const codes = codebookCodes(db).all({ viewer: viewerParam(viewer) });
  const totals = subtreeTotals(codes);
  const members = groupMembers(db);
  return {
    codes: codes.map((c) => ({
      ...c,
      totalCount: totals.get(c.id)!,
      groupIds: members.filter((m) => m.codeId === c.id).map((m) => m.groupId),
    })),
    groups: codeGroups(db, members),
  };
}

const groupMembers = (db: Db) => allGroupMembers(db).all();

/** The code groups by name, with their codes (groups carry no counts: they look the same to every viewer). */
function codeGroups(db: Db, members = groupMembers(db)): CodeGroup[] {
  return groupsByName(db)
    .all()
    .map((g) => ({
      ...g,
      exclusive: g.exclusive === 1,
      codeIds: members.filter((m) => m.groupId === g.id).map((m) => m.codeId),
    }));
}

/** Each code's codings with those of every code under it (a coding has one code, so none counts twice). */
function subtreeTotals(
  codes: readonly { id: number; parentId: number | null; codingCount: number }[],
): Map<number, number> {
  const totals = new Map(codes.map((c) => [c.id, c.codingCount]));
  const parentOf = new Map(codes.map((c) => [c.id, c.parentId]));
  for (const c of codes) {
    // Up the tree to the top, each code at most once (a damaged tree may loop).
    const seen = new Set([c.id]);
    for (let p = parentOf.get(c.id) ?? null; p !== null && !seen.has(p) && totals.has(p); p = parentOf.get(p) ?? null) {
      seen.add(p);
      totals.set(p, totals.get(p)! + c.codingCount);
    }
  }
  return totals;
}

function codeById(db: Db, id: number, viewer: Viewer): Code {
  const code = getCodebook(db, viewer).codes.find((c) => c.id === id);
  if (!code) throw new QuireError('not_found', `There is no code ${id}.`);
  return code;
}

function groupById(db: Db, id: number): CodeGroup {
  const group = codeGroups(db).find((g) => g.id === id);
  if (!group) throw new QuireError('not_found', `There is no code group ${id}.`);
  return group;
}

export function assertFreeName(db: Db, name: string, parentId: number | null, except?: number): void {
  const clash = siblingNamed(db).get(parentId ?? 0, name, except ?? null);
  if (clash)
    throw new QuireError(
      'invalid_input',
      `There is already a code “${name}” ${parentId ? 'under that parent' : 'at the top level'}.`,
    );
}

function assertParent(db: Db, parentId: number | null, moving?: number): void {
  if (parentId === null) return;
  if (!codeExists(db).get(parentId)) throw new QuireError('not_found', `There is no code ${parentId}.`);
  for (let p: number | null = parentId; p !== null; p = codeParent(db).get(p) ?? null) {
    if (p === moving) throw new QuireError('invalid_input', 'A code cannot be moved inside itself.');
  }
}

export function createCode(
  db: Db,
  coder: number,
  input: { name: string; colour?: string; description?: string; parentId?: number | null },
  viewer: Viewer,
): Code {
  const name = input.name.trim();
  const parentId = input.parentId ?? null;
  assertParent(db, parentId);
  assertFreeName(db, name, parentId);
  const place = newCodePlace(db, parentId);
  const id = runCommand(db, coder, 'createCode', `Create code “${name}”`, (c) =>
    c.insert('codes', {
      guid: newGuid(),
      parent_id: parentId,
      name,
      colour: (input.colour ?? place.colour).toLowerCase(),
      description: input.description ?? '',
      position: place.position,
      created_at: now(),
    }),
  );
  return codeById(db, id, viewer);
}

/** Where a new code under `parentId` goes (after its siblings), and its colour when none is chosen (the palette's next). */
export function newCodePlace(db: Db, parentId: number | null): { position: number; colour: string } {
  const count = codeCount(db).get()!;
  const position = nextPosition(db).get(parentId ?? 0)!;
  return { position, colour: PALETTE[count % PALETTE.length]! };
}

export function updateCode(
  db: Db,
  coder: number,
  input: { id: number; name?: string; colour?: string; description?: string },
  viewer: Viewer,
): Code {
  const code = codeById(db, input.id, viewer);
  const name = input.name?.trim();
  if (name !== undefined && name !== code.name) assertFreeName(db, name, code.parentId, code.id);
  const patch: Record<string, unknown> = {};
  if (name !== undefined) patch.name = name;
  if (input.colour !== undefined) patch.colour = input.colour.toLowerCase();
  if (input.description !== undefined) patch.description = input.description;
  const what =
    name !== undefined && name !== code.name ? `Rename code “${code.name}” to “${name}”` : `Change code “${code.name}”`;
  runCommand(db, coder, 'updateCode', what, (c) => c.update('codes', code.id, patch));
  return codeById(db, code.id, viewer);
}

/** Moves a code under another (or to the top level) at a position among its new siblings. */
export function moveCode(
  db: Db,
  coder: number,
  input: { id: number; parentId: number | null; position: number },
  viewer: Viewer,
): Code {
  const code = codeById(db, input.id, viewer);
  assertParent(db, input.parentId, code.id);
  if (input.parentId !== code.parentId) assertFreeName(db, code.name, input.parentId, code.id);
  runCommand(db, coder, 'moveCode', `Move code “${code.name}”`, (c) => {
    const siblings = siblingIds(db).all(input.parentId ?? 0, code.id);
    siblings.splice(Math.max(0, Math.min(input.position, siblings.length)), 0, code.id);
    c.update('codes', code.id, { parent_id: input.parentId });
    siblings.forEach((id, position) => {
      if (codePosition(db).get(id) !== position) c.update('codes', id, { position });
    });
  });
  return codeById(db, code.id, viewer);
}

/** Deletes a code with the codes under it, their codings, memos and group memberships: one undoable step. */
export function deleteCode(
  db: Db,
  coder: number,
  input: { id: number },
  viewer: Viewer,
): { deletedCodes: number; deletedCodings: number } {
  const code = codeById(db, input.id, viewer);
  const ids = codeSubtree(db).all(code.id);
  refuseChangingUnseen(db, viewer, ids, `Deleting “${code.name}”`);
  let deletedCodings = 0;
  runCommand(db, coder, 'deleteCode', `Delete code “${code.name}”`, (c) => {
    for (const id of [...ids].reverse()) {
      deletedCodings += deleteCodingsOf(db, c, 'code_id', id);
      deleteMemoRows(db, c, 'code', id);
      for (const m of membershipIdsOfCode(db).all(id)) c.delete('code_group_members', m);
      c.delete('codes', id);
    }
  });
  return { deletedCodes: ids.length, deletedCodings };
}

/**
 * Creates a group. An exclusive group whose codes' codings already give
 * passages two of its values by the same coder is refused with the list of
 * them, unless `conflicts` is 'keep-latest'.
 */
export function createCodeGroup(
  db: Db,
  coder: number,
  input: { name: string; exclusive?: boolean; description?: string; codeIds?: number[]; conflicts?: ConflictChoice },
  viewer: Viewer,
): CodeGroup & { notes: string[] } {
  const name = input.name.trim();
  if (groupNamed(db).get(name)) throw new QuireError('invalid_input', `There is already a code group “${name}”.`);
  const { id, notes } = runCommand(db, coder, 'createCodeGroup', `Create code group “${name}”`, (c) => {
    const group = c.insert('code_groups', {
      guid: newGuid(),
      name,
      description: input.description ?? '',
      exclusive: input.exclusive ? 1 : 0,
      created_at: now(),
    });
    setMembers(db, c, group, input.codeIds ?? []);
    const found = input.exclusive ? findConflicts(db, { groupIds: [group] }) : [];
    refuseUnseenConflicts(viewer, found, `Making ‘${name}’ an exclusive group`);
    return {
      id: group,
      notes: settleConflicts(db, c, found, input.conflicts, () =>
        conflictError(`‘${name}’ cannot be an exclusive group of these codes`, found, { groupNamed: true }),
      ),
    };
  });
  return { ...groupById(db, id), notes };
}

/**
 * Changes a group: its name, description, whether it is exclusive, its codes.
 * Making it exclusive, or adding codes to an exclusive group, when passages
 * would then hold two of its values by the same coder is refused with the
 * list of them, unless `conflicts` is 'keep-latest'.
 */
export function updateCodeGroup(
  db: Db,
  coder: number,
  input: {
    id: number;
    name?: string;
    exclusive?: boolean;
    description?: string;
    codeIds?: number[];
    conflicts?: ConflictChoice;
  },
  viewer: Viewer,
): CodeGroup & { notes: string[] } {
  const group = groupById(db, input.id);
  const patch: Record<string, unknown> = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.description !== undefined) patch.description = input.description;
  if (input.exclusive !== undefined) patch.exclusive = input.exclusive ? 1 : 0;
  const exclusive = input.exclusive ?? group.exclusive;
  const added = (input.codeIds ?? []).filter((id) => !group.codeIds.includes(id));
  const notes = runCommand(db, coder, 'updateCodeGroup', `Change code group “${group.name}”`, (c) => {
    c.update('code_groups', group.id, patch);
    if (input.codeIds) setMembers(db, c, group.id, input.codeIds);
    // Only a group becoming exclusive, or an exclusive group given new codes, can make passages conflict.
    const found = exclusive && (!group.exclusive || added.length) ? findConflicts(db, { groupIds: [group.id] }) : [];
    const head = !group.exclusive
      ? `‘${group.name}’ cannot be made exclusive`
      : `${quotedNames(db, added)} cannot be added to ‘${group.name}’`;
    refuseUnseenConflicts(
      viewer,
      found,
      !group.exclusive ? `Making ‘${group.name}’ exclusive` : `Adding ${quotedNames(db, added)} to ‘${group.name}’`,
    );
    return settleConflicts(db, c, found, input.conflicts, () => conflictError(head, found, { groupNamed: true }));
  });
  return { ...groupById(db, group.id), notes };
}

/** ‘A’, ‘B’ and ‘C’: codes by name. */
function quotedNames(db: Db, codeIds: readonly number[]): string {
  const names = codeIds.map((id) => `‘${codeName(db).get(id)}’`);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]!;
}

export function deleteCodeGroup(db: Db, coder: number, input: { id: number }): void {
  const group = groupById(db, input.id);
  runCommand(db, coder, 'deleteCodeGroup', `Delete code group “${group.name}”`, (c) => {
    setMembers(db, c, group.id, []);
    c.delete('code_groups', group.id);
  });
}

function setMembers(db: Db, c: ChangeSet, groupId: number, codeIds: readonly number[]): void {
  const current = membersOfGroup(db).all(groupId);
  for (const m of current) if (!codeIds.includes(m.codeId)) c.delete('code_group_members', m.id);
  for (const codeId of new Set(codeIds)) {
    if (!codeExists(db).get(codeId)) throw new QuireError('not_found', `There is no code ${codeId}.`);
    if (!current.some((m) => m.codeId === codeId))
      c.insert('code_group_members', { group_id: groupId, code_id: codeId });
  }
}

/**
 * A coder coding blind never learns of, nor changes, another coder's passages
 * that a change to exclusive groups would put in conflict: the change is
 * refused without naming them.
 */
function refuseUnseenConflicts(viewer: Viewer, conflicts: readonly Conflict[], what: string): void {
  if (viewer.blind && conflicts.some((k) => k.coder !== viewer.name)) {
    throw new QuireError(
      'blind',
      `${what} would change other coders’ codings, which you cannot see while you code blind. Turn blind coding off to do it.`,
    );
  }
}

/**
 * A coder coding blind may not delete or move codings they cannot see: a
 * change to codes that other coders have coded with is refused, saying why.
 */
function refuseChangingUnseen(db: Db, viewer: Viewer, codeIds: readonly number[], what: string): void {
  if (!viewer.blind) return;
  const unseen = othersCodedCodes(db).get(JSON.stringify(codeIds), viewer.coderId);
  if (unseen)
    throw new QuireError(
      'blind',
      `${what} would change other coders’ codings, which you cannot see while you code blind. Turn blind coding off to do it.`,
    );
}

/**
 * Merges one code into another: its codings move (a passage the target already
 * has by the same coder is not doubled: the two codings become one, memos
 * kept), the codes under it move under the target, its memo is added to the
 * target's; then it is deleted. One step. When the moved codings would give
 * passages two values of an exclusive group the target is in, by the same
 * coder, the merge is refused with the list of them, unless `conflicts` is
 * 'keep-latest'.
 */
export function mergeCodes(
  db: Db,
  coder: number,
  input: { sourceId: number; targetId: number; conflicts?: ConflictChoice },
  viewer: Viewer,
): { moved: number; merged: number; notes: string[] } {
  if (input.sourceId === input.targetId) throw new QuireError('invalid_input', 'A code cannot be merged into itself.');
  const source = codeById(db, input.sourceId, viewer);
  const target = codeById(db, input.targetId, viewer);
  refuseChangingUnseen(db, viewer, [source.id], `Merging “${source.name}” into “${target.name}”`);
  for (let p: number | null = target.parentId; p !== null; p = codeParent(db).get(p) ?? null) {
    if (p === source.id)
      throw new QuireError('invalid_input', `“${source.name}” cannot be merged into a code under it.`);
  }
  let moved = 0;
  let merged = 0;
  const notes = runCommand(db, coder, 'mergeCodes', `Merge code “${source.name}” into “${target.name}”`, (c) => {
    const codings = codingsOfCode(db).all(source.id);
    const movedIds: number[] = [];
    for (const k of codings) {
      const twin = codingAt(db).get({
        documentId: k.documentId,
        codeId: target.id,
        coderId: k.coderId,
        start: k.start,
        end: k.end,
        except: null,
      });
      if (twin) {
        foldCoding(db, c, k.id, twin);
        merged++;
      } else {
        c.update('codings', k.id, { code_id: target.id });
        movedIds.push(k.id);
        moved++;
      }
    }
    for (const child of childCodes(db).all(source.id)) {
      assertFreeName(db, child.name, target.id, child.id);
      c.update('codes', child.id, { parent_id: target.id });
    }
    // Each coder's memo on the source joins their memo on the target (or becomes it).
    const memos = memosOnCodes(db).all(source.id, target.id);
    for (const sourceMemo of memos.filter((m) => m.targetId === source.id)) {
      const targetMemo = memos.find((m) => m.targetId === target.id && m.coderId === sourceMemo.coderId);
      if (targetMemo) {
        c.update('memos', targetMemo.id, { text: `${targetMemo.text}\n\n${sourceMemo.text}`, updated_at: now() });
        c.delete('memos', sourceMemo.id);
      } else c.update('memos', sourceMemo.id, { target_id: target.id });
    }
    for (const m of membershipIdsOfCode(db).all(source.id)) c.delete('code_group_members', m);
    c.delete('codes', source.id);
    const found = findConflicts(db, { codingIds: movedIds });
    refuseUnseenConflicts(viewer, found, `Merging ‘${source.name}’ into ‘${target.name}’`);
    return settleConflicts(db, c, found, input.conflicts, () =>
      conflictError(`‘${source.name}’ cannot be merged into ‘${target.name}’`, found, { verb: 'would hold' }),
    );
  });
  return { moved, merged, notes };
}
