// The statements on the codebook's tables: codes, code_groups and
// code_group_members. Writes go through the command log (commands/log.ts);
// these read. The exclusive rule's own joins stay in db/exclusive-rule.ts and
// coding/exclusive.ts, a merge plan's view of the groups in exchange/merge-plan.ts.
import type { Code } from '../../../../shared/api.ts';
import { statement, values } from '../statement.ts';
import type { CodeGroupMembersRow, CodeGroupsRow, CodesRow } from '../types.ts';
import { visibleCodingCount } from './codings.ts';

type C = CodesRow;
type G = CodeGroupsRow;
/** A code's place in the tree as the sibling-name index keys it: its parent's id, 0 at the top level. */
type ParentKey = number;

/** Every code in codebook order, with the viewer's count of its placed codings. */
export const codebookCodes = statement<{ viewer: number | null }, Omit<Code, 'groupIds' | 'totalCount'>>(
  `SELECT c.id, c.guid, c.parent_id AS parentId, c.name, c.colour, c.description, c.position,
     ${visibleCodingCount('code_id', 'c.id')} AS codingCount
   FROM codes c ORDER BY coalesce(c.parent_id, 0), c.position, c.id`,
);

/** Every code in codebook order, as an exchange file carries it. */
export const codesInOrder = statement<
  [],
  Pick<C, 'id' | 'guid' | 'name' | 'colour' | 'description'> & { parentId: C['parent_id'] }
>(
  'SELECT id, guid, parent_id AS parentId, name, colour, description FROM codes ORDER BY coalesce(parent_id, 0), position, id',
);

/** The codes listed (a JSON array of ids; all when null) in codebook order, as an analysis names and colours them. */
export const codesListed = statement<{ codes: string | null }, Pick<C, 'id' | 'name' | 'colour'>>(
  'SELECT id, name, colour FROM codes WHERE @codes IS NULL OR id IN (SELECT value FROM json_each(@codes)) ORDER BY coalesce(parent_id, 0), position, id',
);

export const codeColoured = statement<[number], Pick<C, 'id' | 'name' | 'colour'>>(
  'SELECT id, name, colour FROM codes WHERE id = ?',
);
export const allCodesColoured = statement<[], Pick<C, 'id' | 'name' | 'colour'>>('SELECT id, name, colour FROM codes');
export const codeIdAndName = statement<[number], Pick<C, 'id' | 'name'>>('SELECT id, name FROM codes WHERE id = ?');
export const codeName = values<[number], C['name']>('SELECT name FROM codes WHERE id = ?');
export const codeNameAndParent = statement<[number], { name: C['name']; parentId: C['parent_id'] }>(
  'SELECT name, parent_id AS parentId FROM codes WHERE id = ?',
);
export const codeExists = values<[number], 1>('SELECT 1 FROM codes WHERE id = ?');
export const codeParent = values<[number], C['parent_id']>('SELECT parent_id FROM codes WHERE id = ?');
export const codePosition = values<[number], C['position']>('SELECT position FROM codes WHERE id = ?');
export const codeCount = values<[], number>('SELECT count(*) FROM codes');
export const codeByGuid = values<[string], C['id']>('SELECT id FROM codes WHERE guid = ?');

/** The code of this name (in any case) among the children of a parent. */
export const codeNamedUnder = values<[parent: ParentKey, name: string], C['id']>(
  'SELECT id FROM codes WHERE coalesce(parent_id, 0) = ? AND name = ? COLLATE NOCASE',
);

/** Another code of this name among a parent's children than `except` (null: any). */
export const siblingNamed = values<[parent: ParentKey, name: string, except: number | null], C['id']>(
  'SELECT id FROM codes WHERE coalesce(parent_id, 0) = ? AND name = ? COLLATE NOCASE AND id IS NOT ?',
);

/** A parent's children but one, in their order. */
export const siblingIds = values<[parent: ParentKey, except: number], C['id']>(
  'SELECT id FROM codes WHERE coalesce(parent_id, 0) = ? AND id != ? ORDER BY position, id',
);

/** Where a new child of a parent goes: after its last. */
export const nextPosition = values<[parent: ParentKey], number>(
  'SELECT coalesce(max(position) + 1, 0) FROM codes WHERE coalesce(parent_id, 0) = ?',
);

export const childCodes = statement<[number], Pick<C, 'id' | 'name'>>('SELECT id, name FROM codes WHERE parent_id = ?');

/** A code and every code under it, the code first, each before its children. */
export const codeSubtree = values<[number], C['id']>(
  'WITH RECURSIVE tree(id) AS (SELECT ? UNION ALL SELECT c.id FROM codes c JOIN tree t ON c.parent_id = t.id) SELECT id FROM tree',
);

// -- Groups ----------------------------------------------------------------------------

/** Every membership, oldest first. */
export const groupMembers = statement<
  [],
  { groupId: CodeGroupMembersRow['group_id']; codeId: CodeGroupMembersRow['code_id'] }
>('SELECT group_id AS groupId, code_id AS codeId FROM code_group_members ORDER BY id');

export const membersOfGroup = statement<
  [number],
  { id: CodeGroupMembersRow['id']; codeId: CodeGroupMembersRow['code_id'] }
>('SELECT id, code_id AS codeId FROM code_group_members WHERE group_id = ?');
export const membershipIdsOfCode = values<[number], CodeGroupMembersRow['id']>(
  'SELECT id FROM code_group_members WHERE code_id = ?',
);
export const isMember = values<[groupId: number, codeId: number], 1>(
  'SELECT 1 FROM code_group_members WHERE group_id = ? AND code_id = ?',
);

/** A group's codes in the order they joined it. */
export const codesOfGroup = statement<[number], Pick<C, 'id' | 'name' | 'colour'>>(
  'SELECT c.id, c.name, c.colour FROM code_group_members m JOIN codes c ON c.id = m.code_id WHERE m.group_id = ? ORDER BY m.id',
);

/** Every group by name. */
export const groupsByName = statement<[], Pick<G, 'id' | 'guid' | 'name' | 'description' | 'exclusive'>>(
  'SELECT id, guid, name, description, exclusive FROM code_groups ORDER BY name COLLATE NOCASE',
);
export const groupRow = statement<[number], Pick<G, 'id' | 'name' | 'exclusive'>>(
  'SELECT id, name, exclusive FROM code_groups WHERE id = ?',
);
export const groupByGuid = statement<[string], Pick<G, 'id' | 'name' | 'exclusive'>>(
  'SELECT id, name, exclusive FROM code_groups WHERE guid = ?',
);
export const groupNamed = statement<[string], Pick<G, 'id' | 'name' | 'guid' | 'exclusive'>>(
  'SELECT id, name, guid, exclusive FROM code_groups WHERE name = ? COLLATE NOCASE',
);
export const groupIds = values<[], G['id']>('SELECT id FROM code_groups');
export const exclusiveGroupIds = values<[], G['id']>('SELECT id FROM code_groups WHERE exclusive = 1 ORDER BY id');
