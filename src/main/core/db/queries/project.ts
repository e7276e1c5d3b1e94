// The project's own keys and values (its GUID, when it was made, how many backups it keeps).
import { statement, values } from '../statement.ts';
import type { ProjectRow } from '../types.ts';

export const projectValue = values<[key: string], ProjectRow['value']>('SELECT value FROM project WHERE key = ?');
export const setProjectValue = statement<[key: string, value: string]>(
  'INSERT INTO project (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
);
