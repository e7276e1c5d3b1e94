// Document sets: named groups of documents ("state-controlled outlets",
// "March coverage", "my sample"), made by hand or saved from a search or a
// filter. A saved set keeps its query and runs it again whenever it is read,
// so documents imported later that match join it; whatever its query can no
// longer mean (an attribute deleted, a value gone) is said, and the set then
// holds nothing rather than members that no longer fit. Every change is one
// undoable command. All the SQL of the two set tables lives here.
import { QuireError } from '../../../shared/errors.ts';
import { clip, plural, visible } from '../../../shared/text.ts';
import type { DocumentSet, DocumentSummary, SetQuery } from '../../../shared/api.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import type { NamedParams } from '../db/statement.ts';
import { newGuid } from '../guid.ts';
import { searchIds, type SetScopes } from '../search/search.ts';
import { viewerParam, type Viewer } from '../viewer.ts';
import { checkedValue, listAttributes } from './attributes.ts';
import {
  documentFilters,
  documentTitle,
  SUMMARY_COLUMNS,
  TITLE_ORDER,
  toSummary,
  type DocumentRow,
} from './documents.ts';

interface SetRow {
  id: number;
  guid: string;
  name: string;
  description: string;
  query: string | null;
}

/** A saved query as stored: the attribute filter keeps the attribute's name too, to name it once it is renamed or deleted. */
type StoredQuery = Omit<SetQuery, 'attribute'> & { attribute?: { id: number; name: string; value: string | null } };

/** A set's documents as they are now, and what its query met on the way. */
export interface SetMembers {
  ids: number[];
  notes: string[];
}

const ALL = 'SELECT id, guid, name, description, query FROM document_sets';
const rows = (db: Db) => db.prepare<[], SetRow>(`${ALL} ORDER BY name COLLATE NOCASE, id`).all();
const quoted = (name: string) => `“${visible(name)}”`;

function row(db: Db, id: number): SetRow {
  const found = db.prepare<[number], SetRow>(`${ALL} WHERE id = ?`).get(id);
  if (!found) throw new QuireError('not_found', `There is no document set ${id} in this project.`);
  return found;
}

/** A set by its name, in any case; null when the project has none of that name. */
export function setNamed(db: Db, name: string): { id: number; name: string } | null {
  return (
    db
      .prepare<[string], { id: number; name: string }>(
        'SELECT id, name FROM document_sets WHERE name = ? COLLATE NOCASE',
      )
      .get(name.trim()) ?? null
  );
}

/** A set made by hand that a file's set is: the one with its GUID, else the one of its name (any case); null when there is none. */
export function handSetHere(db: Db, guid: string | null, name: string): { id: number; name: string } | null {
  const hand = (where: string, value: string) =>
    db
      .prepare<[string], { id: number; name: string }>(
        `SELECT id, name FROM document_sets WHERE ${where} AND query IS NULL`,
      )
      .get(value) ?? null;
  return (guid ? hand('guid = ?', guid) : null) ?? hand('name = ? COLLATE NOCASE', name.trim());
}

/** Whether document `documentId` is in the hand set `setId`. */
export function inHandSet(db: Db, setId: number, documentId: number): boolean {
  return (
    db.prepare('SELECT 1 FROM document_set_members WHERE set_id = ? AND document_id = ?').get(setId, documentId) !==
    undefined
  );
}

/** Whether a set has this GUID (a file's set keeps its GUID unless one here has it). */
export const setGuidTaken = (db: Db, guid: string) =>
  db.prepare('SELECT 1 FROM document_sets WHERE guid = ?').get(guid) !== undefined;

/** The project's set names, quoted, for a message that says which sets there are. */
export function setNamesInWords(db: Db): string {
  const names = rows(db).map((r) => `"${r.name}"`);
  return names.length ? `the sets are ${names.join(', ')}` : 'the project has no document sets';
}

/** The id of the set called `name`, refusing a name the project has no set of, naming it (the command line's --set). */
export function setIdNamed(db: Db, name: string): number {
  const found = setNamed(db, name);
  if (!found)
    throw new QuireError(
      'not_found',
      `There is no document set called “${visible(name.trim())}” (${setNamesInWords(db)}).`,
    );
  return found.id;
}

/** Sets whose query is being read now: a set whose query names itself (set:"…") is caught instead of run forever. */
const reading = new Set<number>();

/**
 * The documents of set `id` as they are now, in the project's order: a hand
 * set's members, or what a saved set's query finds, read as `viewer` reads.
 * This is the one way every scope (analyses, auto-coding, agreement, export,
 * the library, search's set:) turns a set into documents.
 */
export function setMembers(db: Db, id: number, viewer: Viewer): SetMembers {
  return membersOf(db, row(db, id), viewer);
}

function membersOf(db: Db, set: SetRow, viewer: Viewer): SetMembers {
  if (set.query === null)
    return {
      ids: db
        .prepare<[number], number>('SELECT document_id FROM document_set_members WHERE set_id = ? ORDER BY document_id')
        .pluck()
        .all(set.id),
      notes: [],
    };
  if (reading.has(set.id))
    return { ids: [], notes: [`The set ${quoted(set.name)} is part of its own query, so it holds nothing there.`] };
  reading.add(set.id);
  try {
    return runQuery(db, set, JSON.parse(set.query) as StoredQuery, viewer);
  } finally {
    reading.delete(set.id);
  }
}

function runQuery(db: Db, set: SetRow, q: StoredQuery, viewer: Viewer): SetMembers {
  const notes: string[] = [];
  const attribute = q.attribute ? listAttributes(db).find((a) => a.id === q.attribute!.id) : undefined;
  if (q.attribute) {
    const was = quoted(q.attribute.name);
    if (!attribute)
      return {
        ids: [],
        notes: [
          `The attribute ${was} that ${quoted(set.name)} was saved with has been deleted, so the set holds nothing now. Change its query or delete it.`,
        ],
      };
    if (attribute.name !== q.attribute.name)
      notes.push(
        `The attribute ${was} that ${quoted(set.name)} was saved with is now called ${quoted(attribute.name)}; the set follows it.`,
      );
    const value = q.attribute.value;
    if (value !== null) {
      const checked = checkedValue(attribute, value);
      if ('error' in checked || checked.value !== value) {
        return {
          ids: [],
          notes: [
            ...notes,
            `${quoted(attribute.name)} no longer has the value “${visible(value)}” that ${quoted(set.name)} was saved with, so the set holds nothing now. Change its query or delete it.`,
          ],
        };
      }
    }
  }
  const filter = {
    text: q.text,
    source: q.source,
    dateFrom: q.dateFrom,
    dateTo: q.dateTo,
    attribute: q.attribute && { id: q.attribute.id, value: q.attribute.value },
  };
  if (q.query?.trim()) {
    const found = searchIds(
      db,
      {
        query: q.query,
        variants: q.variants ?? false,
        source: q.source,
        attribute: filter.attribute,
        dateFrom: q.dateFrom,
        dateTo: q.dateTo,
      },
      viewer,
      setScopes,
    );
    notes.push(...found.warnings);
    const ids = q.text?.trim() ? filtered(db, { text: q.text }, found.ids) : found.ids;
    return { ids: ids.sort((a, b) => a - b), notes };
  }
  return { ids: filtered(db, filter), notes };
}

/** Documents meeting the library's filters (among `within`, when given), by id. */
function filtered(db: Db, filter: Parameters<typeof documentFilters>[0], within?: readonly number[]): number[] {
  const { where, params } = documentFilters({ ...filter, within: within ? [within] : undefined });
  return db
    .prepare<NamedParams, number>(
      `SELECT d.id FROM documents d ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id`,
    )
    .pluck()
    .all(params);
}

/** The ids among `ids` that are in set `setId` (all of them when no set is chosen), keeping their order. */
export function withinSet<T extends number | { id: number }>(
  db: Db,
  items: readonly T[],
  setId: number | undefined,
  viewer: Viewer,
): T[] {
  if (setId === undefined) return [...items];
  const members = new Set(setMembers(db, setId, viewer).ids);
  return items.filter((item) => members.has(typeof item === 'number' ? item : item.id));
}

/** A saved query in words, as the sets list shows it. */
function queryInWords(db: Db, q: StoredQuery): string {
  const parts: string[] = [];
  if (q.query?.trim()) parts.push(`search “${q.query.trim()}”${q.variants ? ' with spelling variants' : ''}`);
  if (q.text?.trim()) parts.push(`title, file, source or author contains “${q.text.trim()}”`);
  if (q.source) parts.push(`source is “${q.source}”`);
  if (q.attribute) {
    const name = listAttributes(db).find((a) => a.id === q.attribute!.id)?.name ?? q.attribute.name;
    parts.push(q.attribute.value === null ? `no value of “${name}”` : `“${name}” is “${q.attribute.value}”`);
  }
  if (q.dateFrom && q.dateTo) parts.push(`published ${q.dateFrom} to ${q.dateTo}`);
  else if (q.dateFrom) parts.push(`published from ${q.dateFrom}`);
  else if (q.dateTo) parts.push(`published until ${q.dateTo}`);
  return parts.join(' · ');
}

function toSet(db: Db, set: SetRow, viewer: Viewer): DocumentSet {
  const q = set.query === null ? null : (JSON.parse(set.query) as StoredQuery);
  const members = membersOf(db, set, viewer);
  return {
    id: set.id,
    guid: set.guid,
    name: set.name,
    description: set.description,
    kind: q ? 'query' : 'hand',
    query: q && { ...q, attribute: q.attribute && { id: q.attribute.id, value: q.attribute.value } },
    queryText: q && queryInWords(db, q),
    count: members.ids.length,
    notes: members.notes,
  };
}

export function listSets(db: Db, viewer: Viewer): DocumentSet[] {
  return rows(db).map((r) => toSet(db, r, viewer));
}

export function getSet(db: Db, id: number, viewer: Viewer): { set: DocumentSet; documents: DocumentSummary[] } {
  const set = row(db, id);
  const members = membersOf(db, set, viewer);
  const documents = db
    .prepare<NamedParams, DocumentRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM documents d WHERE d.id IN (SELECT value FROM json_each(@ids)) ORDER BY ${TITLE_ORDER}, d.id`,
    )
    .all({ ids: JSON.stringify(members.ids), viewer: viewerParam(viewer) })
    .map(toSummary);
  return { set: toSet(db, set, viewer), documents };
}

function refuseTaken(db: Db, name: string, except: number | null): void {
  const other = setNamed(db, name);
  if (other && other.id !== except)
    throw new QuireError('invalid_input', `There is already a document set called ${quoted(other.name)}.`);
}

/** A query as kept: something to search or filter by, the attribute's name beside its id; a query of nothing is refused. */
function storedQuery(db: Db, q: SetQuery): StoredQuery {
  const attribute = q.attribute ? listAttributes(db).find((a) => a.id === q.attribute!.id) : undefined;
  if (q.attribute && !attribute)
    throw new QuireError('not_found', `There is no attribute ${q.attribute.id} in this project.`);
  const kept: StoredQuery = {
    ...q,
    attribute: attribute && { id: attribute.id, name: attribute.name, value: q.attribute!.value },
  };
  for (const key of Object.keys(kept) as (keyof StoredQuery)[])
    if (kept[key] === undefined || kept[key] === '') delete kept[key];
  if (!kept.query?.trim() && !kept.text?.trim() && !kept.source && !kept.attribute && !kept.dateFrom && !kept.dateTo) {
    throw new QuireError(
      'invalid_input',
      'A set saved from a search needs something to search or filter by: with neither, it would simply hold every document.',
    );
  }
  return kept;
}

/** Refuses ids the project does not hold, naming how many. */
function refuseMissing(db: Db, ids: readonly number[]): void {
  const have = new Set(
    db
      .prepare<[string], number>('SELECT id FROM documents WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(ids)),
  );
  const missing = [...new Set(ids.filter((id) => !have.has(id)))];
  if (missing.length) throw new QuireError('not_found', `There is no document ${missing.join(', ')} in this project.`);
}

export function createSet(
  db: Db,
  coder: number,
  input: { name: string; description?: string; documentIds?: number[]; query?: SetQuery },
  viewer: Viewer,
): DocumentSet {
  if (input.query && input.documentIds?.length)
    throw new QuireError(
      'invalid_input',
      'A set is either made by hand or saved from a search, not both: give its documents or its query.',
    );
  refuseTaken(db, input.name, null);
  const query = input.query ? storedQuery(db, input.query) : null;
  const ids = [...new Set(input.documentIds ?? [])];
  refuseMissing(db, ids);
  const id = runCommand(db, coder, 'createSet', `New document set “${clip(input.name)}”`, (c) => {
    const set = c.insert('document_sets', {
      guid: newGuid(),
      name: input.name.trim(),
      description: input.description?.trim() ?? '',
      query: query && JSON.stringify(query),
    });
    for (const documentId of ids) c.insert('document_set_members', { set_id: set, document_id: documentId });
    return set;
  });
  return toSet(db, row(db, id), viewer);
}

export function updateSet(
  db: Db,
  coder: number,
  input: { id: number; name?: string; description?: string; query?: SetQuery },
  viewer: Viewer,
): DocumentSet {
  const set = row(db, input.id);
  if (input.name !== undefined) refuseTaken(db, input.name, set.id);
  if (input.query && set.query === null)
    throw new QuireError(
      'invalid_input',
      `${quoted(set.name)} is a set made by hand: add or remove its documents instead of giving it a query.`,
    );
  const values: Record<string, unknown> = {};
  if (input.name !== undefined) values.name = input.name.trim();
  if (input.description !== undefined) values.description = input.description.trim();
  if (input.query) values.query = JSON.stringify(storedQuery(db, input.query));
  const what =
    input.name !== undefined && input.name.trim() !== set.name
      ? `Rename document set “${clip(set.name)}” to “${clip(input.name.trim())}”`
      : `Change document set “${clip(set.name)}”`;
  runCommand(db, coder, 'updateSet', what, (c) => c.update('document_sets', set.id, values));
  return toSet(db, row(db, set.id), viewer);
}

export function deleteSet(db: Db, coder: number, input: { id: number }, viewer: Viewer): { members: number } {
  const set = row(db, input.id);
  const count = membersOf(db, set, viewer).ids.length;
  const memberRows = db
    .prepare<[number], number>('SELECT id FROM document_set_members WHERE set_id = ?')
    .pluck()
    .all(set.id);
  runCommand(db, coder, 'deleteSet', `Delete document set “${clip(set.name)}”`, (c) => {
    for (const m of memberRows) c.delete('document_set_members', m);
    c.delete('document_sets', set.id);
  });
  return { members: count };
}

function refuseSaved(set: SetRow, doing: string): void {
  if (set.query !== null) {
    throw new QuireError(
      'invalid_input',
      `${quoted(set.name)} is saved from a search, so its documents are what the search finds: to ${doing} by hand, first make it a set by hand (freeze it).`,
    );
  }
}

/** How a message names the documents: the title of one, else how many. */
const named = (db: Db, ids: readonly number[]) =>
  ids.length === 1 ? `“${clip(documentTitle(db, ids[0]!), 60)}”` : plural(ids.length, 'document');

export function addToSet(db: Db, coder: number, input: { id: number; documentIds: number[] }, viewer: Viewer) {
  const set = row(db, input.id);
  refuseSaved(set, 'add documents');
  const ids = [...new Set(input.documentIds)];
  refuseMissing(db, ids);
  const inSet = new Set(
    db.prepare<[number], number>('SELECT document_id FROM document_set_members WHERE set_id = ?').pluck().all(set.id),
  );
  const adding = ids.filter((id) => !inSet.has(id));
  const already = ids.length - adding.length;
  if (adding.length)
    runCommand(db, coder, 'addToSet', `Add ${named(db, adding)} to “${clip(set.name)}”`, (c) =>
      adding.forEach((id) => c.insert('document_set_members', { set_id: set.id, document_id: id })),
    );
  const message = [
    adding.length ? `Added ${named(db, adding)} to ${quoted(set.name)}.` : `Nothing was added to ${quoted(set.name)}.`,
    already
      ? `${already === ids.length && ids.length === 1 ? 'It was' : `${plural(already, 'document')} ${already === 1 ? 'was' : 'were'}`} already in it.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { set: toSet(db, row(db, set.id), viewer), changed: adding.length, unchanged: already, message };
}

export function removeFromSet(db: Db, coder: number, input: { id: number; documentIds: number[] }, viewer: Viewer) {
  const set = row(db, input.id);
  refuseSaved(set, 'remove documents');
  const ids = [...new Set(input.documentIds)];
  const member = db
    .prepare<[setId: number, documentId: number], number>(
      'SELECT id FROM document_set_members WHERE set_id = ? AND document_id = ?',
    )
    .pluck();
  const rowsOut = ids.map((id) => ({ id, row: member.get(set.id, id) })).filter((m) => m.row !== undefined);
  const notIn = ids.length - rowsOut.length;
  const removedIds = rowsOut.map((m) => m.id);
  if (rowsOut.length)
    runCommand(db, coder, 'removeFromSet', `Remove ${named(db, removedIds)} from “${clip(set.name)}”`, (c) =>
      rowsOut.forEach((m) => c.delete('document_set_members', m.row!)),
    );
  const message = [
    rowsOut.length
      ? `Removed ${named(db, removedIds)} from ${quoted(set.name)}.`
      : `Nothing was removed from ${quoted(set.name)}.`,
    notIn ? `${plural(notIn, 'document')} ${notIn === 1 ? 'was' : 'were'} not in it.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return { set: toSet(db, row(db, set.id), viewer), changed: rowsOut.length, unchanged: notIn, message };
}

/** Makes a saved set a hand set of the documents its query finds now: later imports no longer join it. */
export function freezeSet(db: Db, coder: number, input: { id: number }, viewer: Viewer): DocumentSet {
  const set = row(db, input.id);
  if (set.query === null) return toSet(db, set, viewer);
  const { ids } = membersOf(db, set, viewer);
  runCommand(
    db,
    coder,
    'freezeSet',
    `Keep “${clip(set.name)}” as the ${plural(ids.length, 'document')} it holds`,
    (c) => {
      c.update('document_sets', set.id, { query: null });
      for (const id of ids) c.insert('document_set_members', { set_id: set.id, document_id: id });
    },
  );
  return toSet(db, row(db, set.id), viewer);
}

/** A set as an exchange file carries it: its members' GUIDs now, a saved search said in its description. */
export interface ExchangeSet {
  guid: string;
  name: string;
  description: string;
  memberGuids: string[];
}

/** The words before a saved search's query in an exchange file's description: other programs have no saved sets, so it travels as its members. */
export const SAVED_SEARCH_NOTE = 'Saved in Quire from a search, here with the documents it found when exported:';

/**
 * The project's sets for an exchange file, members limited to `documentIds` when given (a set with none of them is
 * left out); a saved search's members are those it finds now, as `viewer` reads, its query recorded in the description.
 */
export function exchangeSets(db: Db, viewer: Viewer, documentIds?: readonly number[]): ExchangeSet[] {
  const chosen = documentIds ? new Set(documentIds) : null;
  const guids = new Map(
    db
      .prepare<[], { id: number; guid: string }>('SELECT id, guid FROM documents')
      .all()
      .map((d) => [d.id, d.guid]),
  );
  return rows(db).flatMap((set) => {
    const members = membersOf(db, set, viewer).ids.filter((id) => !chosen || chosen.has(id));
    if (chosen && !members.length) return [];
    const saved =
      set.query === null ? '' : `${SAVED_SEARCH_NOTE} ${queryInWords(db, JSON.parse(set.query) as StoredQuery)}.`;
    return [
      {
        guid: set.guid,
        name: set.name,
        description: [set.description, saved].filter(Boolean).join('\n\n'),
        memberGuids: members.map((id) => guids.get(id)!),
      },
    ];
  });
}

/** The rows of the hand-set memberships of documents, for their deletion to take them along (logged, so undo restores them). */
export function membershipRows(db: Db, documentId: number): number[] {
  return db
    .prepare<[number], number>('SELECT id FROM document_set_members WHERE document_id = ?')
    .pluck()
    .all(documentId);
}

/**
 * A query's set: filters and the set chosen beside it, as their members now (read as the viewer reads); a set the
 * project does not have matches nothing and is said, as is what a saved set's own query met.
 */
export const setScopes: SetScopes = (db, conditions, chosen, viewer) => {
  const within: number[][] = [];
  const warnings: string[] = [];
  let none = false;
  const add = (id: number) => {
    const members = setMembers(db, id, viewer);
    within.push(members.ids);
    warnings.push(...members.notes);
  };
  if (chosen !== undefined) add(chosen);
  for (const c of conditions) {
    const set = setNamed(db, c.name);
    if (set) add(set.id);
    else {
      warnings.push(
        `Nothing matches "${c.raw}": there is no document set called "${c.name}" (${setNamesInWords(db)}).`,
      );
      none = true;
    }
  }
  return { within, warnings, none };
};
