// The statements on coders. A coder is added the first time they change
// anything and is never undone away, and blind coding is a setting of theirs,
// not a change to the record: both write here directly, outside the command log.
import { statement, values } from '../statement.ts';
import type { CodersRow } from '../types.ts';

type U = CodersRow;

export const coderNamed = statement<[string], Pick<U, 'id' | 'name'>>('SELECT id, name FROM coders WHERE name = ?');
export const coderIdNamed = values<[string], U['id']>('SELECT id FROM coders WHERE name = ?');
export const coderIdByGuid = values<[string], U['id']>('SELECT id FROM coders WHERE guid = ?');
export const coderName = values<[number], U['name']>('SELECT name FROM coders WHERE id = ?');
/** Who a coder is and whether they code blind. */
export const coderSeeing = statement<[string], Pick<U, 'id' | 'blind'>>('SELECT id, blind FROM coders WHERE name = ?');

export const allCoders = statement<[], Pick<U, 'id' | 'guid' | 'name'>>(
  'SELECT id, guid, name FROM coders ORDER BY id',
);
/** The coders listed (a JSON array of ids). */
export const codersListed = statement<[string], Pick<U, 'id' | 'guid' | 'name'>>(
  'SELECT id, guid, name FROM coders WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
);

/** The coders the viewer may see (all when @viewer is null) with their number of placed codings, by name. */
export const codersWithCounts = statement<{ viewer: number | null }, { name: U['name']; codings: number }>(
  `SELECT c.name, count(k.id) AS codings FROM coders c LEFT JOIN codings k ON k.coder_id = c.id AND k.orphaned = 0
   WHERE @viewer IS NULL OR c.id = @viewer GROUP BY c.id ORDER BY c.name COLLATE NOCASE, c.id`,
);

export const insertCoder = statement<[guid: string, name: string, createdAt: string]>(
  'INSERT INTO coders (guid, name, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
);
export const setCoderBlind = statement<[blind: U['blind'], id: number]>('UPDATE coders SET blind = ? WHERE id = ?');
