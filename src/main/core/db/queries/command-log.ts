// The statements on the command log and its trash (commands/log.ts keeps
// them; what a command changed in other tables it writes by table name there).
import { statement, values } from '../statement.ts';
import type { CommandLogRow, CommandTrashRow } from '../types.ts';

type L = CommandLogRow;

/** The newest entry, done or undone. */
export const latestEntry = statement<[], Pick<L, 'id' | 'at' | 'changes' | 'undone'>>(
  'SELECT id, at, changes, undone FROM command_log ORDER BY id DESC LIMIT 1',
);

/** An entry as undo and redo take it. */
export type LoggedEntry = Pick<L, 'id' | 'description' | 'changes'> & { coderId: L['coder_id'] };
/** What undo takes back: the newest step done. */
export const lastDone = statement<[], LoggedEntry>(
  'SELECT id, coder_id AS coderId, description, changes FROM command_log WHERE undone = 0 ORDER BY id DESC LIMIT 1',
);
/** What redo does again: the oldest step undone. */
export const firstUndone = statement<[], LoggedEntry>(
  'SELECT id, coder_id AS coderId, description, changes FROM command_log WHERE undone = 1 ORDER BY id ASC LIMIT 1',
);

/** An entry as the history shows it, with its coder's name. */
export type HistoryRow = Pick<L, 'id' | 'at' | 'command' | 'description' | 'undone'> & { coder: string | null };
const HISTORY = `SELECT l.id, l.at, l.command, l.description, c.name AS coder, l.undone FROM command_log l LEFT JOIN coders c ON c.id = l.coder_id`;
/** The newest entries the viewer may see (all when @viewer is null). */
export const historyPage = statement<{ limit: number; viewer: number | null }, HistoryRow>(
  `${HISTORY} WHERE @viewer IS NULL OR l.coder_id = @viewer ORDER BY l.id DESC LIMIT @limit`,
);
export const historyRow = statement<[number], HistoryRow>(`${HISTORY} WHERE l.id = ?`);

/** The images of rows an undone import moved to the trash, in id order. */
export const trashImages = values<
  [commandId: number, table: string, from: number, to: number],
  CommandTrashRow['image']
>('SELECT image FROM command_trash WHERE command_id = ? AND table_name = ? AND row_id BETWEEN ? AND ? ORDER BY row_id');
