// What of a project an exchange file holds: the chosen codes (with the parents
// they need to keep their place in the tree), the groups among them, and the
// rows of documents and memos. Shared by the codebook (.qdc) and project
// (.qdpx) exports, and by reading another Quire project to merge it.
import type { Db } from '../db/open.ts';
import { codesInOrder, groupMembers, groupsByName } from '../db/queries/codes.ts';
import { allMemos, type MemoRow } from '../db/queries/memos.ts';
import type { DocumentsRow } from '../db/types.ts';
import { plural } from '../../../shared/text.ts';

export interface ExportOptions {
  /** Only these documents (default: all). */
  documentIds?: number[];
  /** Only these codes (default: all); the codes above them come along to keep the tree. */
  codeIds?: number[];
}

export interface ScopeCode {
  id: number;
  guid: string;
  parentId: number | null;
  name: string;
  colour: string;
  description: string;
  /** Exported only to hold chosen codes under it: its codings are not part of the export. */
  ancestorOnly: boolean;
}

export interface ScopeGroup {
  guid: string;
  name: string;
  description: string;
  exclusive: boolean;
  codeGuids: string[];
}

export interface CodeScope {
  /** Parents before children, siblings in their order. */
  codes: ScopeCode[];
  groups: ScopeGroup[];
  /** Codes put at the top level because their parent is missing or is below them (a damaged project). */
  misplaced: number;
  /** Plain-language lines about what the export adds or leaves out. */
  notes: string[];
}

/**
 * REFI-QDA has no exclusive groups; Quire writes this sentence at the end of
 * a set's description, where other tools show it to the user and Quire reads
 * it back as the flag.
 */
export const EXCLUSIVE_NOTE = 'Exclusive: a passage holds at most one of these codes.';

export function codeScope(db: Db, options: ExportOptions): CodeScope {
  const rows = codesInOrder(db).all();
  const ids = new Set(rows.map((c) => c.id));
  // A code whose parent is missing (a damaged file) is kept at the top level rather than lost.
  const all = rows.map((c) => (c.parentId === null || ids.has(c.parentId) ? c : { ...c, parentId: null }));
  const byId = new Map(all.map((c) => [c.id, c]));
  const chosen = new Set(options.codeIds ? options.codeIds.filter((id) => byId.has(id)) : all.map((c) => c.id));
  const keep = new Set(chosen);
  for (const id of chosen) {
    for (let p = byId.get(id)!.parentId; p !== null && !keep.has(p); p = byId.get(p)!.parentId) keep.add(p);
  }
  // Depth first from the top level, so every parent precedes its children.
  const kids = new Map<number | null, typeof all>();
  for (const c of all) if (keep.has(c.id)) kids.set(c.parentId, [...(kids.get(c.parentId) ?? []), c]);
  const codes: ScopeCode[] = [];
  const placed = new Set<number>();
  const place = (c: (typeof all)[number], parentId: number | null) => {
    placed.add(c.id);
    codes.push({ ...c, parentId, ancestorOnly: !chosen.has(c.id) });
    for (const kid of kids.get(c.id) ?? []) if (!placed.has(kid.id)) place(kid, c.id);
  };
  for (const c of kids.get(null) ?? []) place(c, null);
  // Codes the top level does not lead to sit below a loop of parents (a damaged file): the loop is cut above one of its codes, which goes to the top level.
  for (const c of all) {
    if (!keep.has(c.id) || placed.has(c.id)) continue;
    const seen = new Set<number>();
    let top = c;
    while (!seen.has(top.id)) {
      seen.add(top.id);
      top = byId.get(top.parentId!)!;
    }
    place(top, null);
  }
  const stored = new Map(rows.map((c) => [c.id, c.parentId]));
  const misplaced = codes.filter((c) => c.parentId === null && stored.get(c.id) !== null).length;

  const guidOf = new Map(codes.map((c) => [c.id, c.guid]));
  const members = groupMembers(db).all();
  const groups = groupsByName(db)
    .all()
    .map((g) => ({
      guid: g.guid,
      name: g.name,
      description: g.description,
      exclusive: g.exclusive === 1,
      codeGuids: members.filter((m) => m.groupId === g.id && guidOf.has(m.codeId)).map((m) => guidOf.get(m.codeId)!),
    }))
    // A subset of codes keeps the groups that have members in it.
    .filter((g) => !options.codeIds || g.codeGuids.length > 0);

  const notes: string[] = [];
  const added = codes.filter((c) => c.ancestorOnly).length;
  if (added)
    notes.push(
      `${added} parent ${added === 1 ? 'code was' : 'codes were'} added to keep the chosen codes in their place in the tree; their own codings are not included.`,
    );
  if (misplaced)
    notes.push(
      `${plural(misplaced, 'code has', 'codes have')} lost ${misplaced === 1 ? 'its' : 'their'} place in the code tree (the project is damaged) and ${misplaced === 1 ? 'is' : 'are'} at the top level of the file.`,
    );
  if (groups.some((g) => g.exclusive)) {
    notes.push(
      'REFI-QDA has no exclusive groups: the sets of exclusive groups say so at the end of their description, which Quire reads back.',
    );
  }
  return { codes, groups, misplaced, notes };
}

/** A set's description, with the exclusive sentence when the group is exclusive. */
export function setDescription(group: ScopeGroup): string {
  if (!group.exclusive) return group.description;
  return group.description ? `${group.description}\n\n${EXCLUSIVE_NOTE}` : EXCLUSIVE_NOTE;
}

/** Reads a set's description back: the exclusive sentence, when it ends it, is the flag. */
export function readSetDescription(description: string): { description: string; exclusive: boolean } {
  const trimmed = description.trimEnd();
  if (!trimmed.endsWith(EXCLUSIVE_NOTE)) return { description, exclusive: false };
  const rest = trimmed.slice(0, -EXCLUSIVE_NOTE.length);
  // What Quire wrote is exact; another tool may have reflowed the space before the sentence.
  return { description: rest.endsWith('\n\n') ? rest.slice(0, -2) : rest.trimEnd(), exclusive: true };
}

/**
 * Code groups as REFI-QDA Sets. The codebook schema names a member by `guid`,
 * the project schema by `targetGUID`.
 */
export function setsNode(groups: ScopeGroup[], memberAttribute: '@_guid' | '@_targetGUID') {
  return {
    Set: groups.map((g) => ({
      '@_guid': g.guid,
      '@_name': g.name,
      Description: setDescription(g) || undefined,
      MemberCode: g.codeGuids.map((guid) => ({ [memberAttribute]: guid })),
    })),
  };
}

/** A document as an exchange file carries it (DOCUMENT_COLUMNS selects it from `documents d`). */
export type DocumentRow = Pick<
  DocumentsRow,
  | 'id'
  | 'guid'
  | 'title'
  | 'body'
  | 'source'
  | 'author'
  | 'published'
  | 'url'
  | 'language'
  | 'filename'
  | 'path'
  | 'format'
  | 'encoding'
  | 'details'
> & { importedAt: DocumentsRow['imported_at']; importNotes: DocumentsRow['import_notes'] };

export const DOCUMENT_COLUMNS = `d.id, d.guid, d.title, d.body, d.source, d.author, d.published, d.url, d.language, d.filename, d.path, d.format,
  d.encoding, d.imported_at AS importedAt, d.import_notes AS importNotes, d.details`;

export type { MemoRow };

/** Every memo of the project, oldest first. */
export const memoRows = (db: Db): MemoRow[] => allMemos(db).all();
