// The statements on memos: each coder's own memo on a document, code or
// coding. Writes go through the command log (commands/log.ts); these read.
import type { Memo } from '../../../../shared/api.ts';
import { visible } from '../../viewer.ts';
import { statement, values } from '../statement.ts';
import type { MemosRow, MemoTargetType } from '../types.ts';

type M = MemosRow;

/** A memo as an exchange file carries it. */
export interface MemoRow {
  guid: M['guid'];
  target: M['target_type'];
  targetId: M['target_id'];
  text: M['text'];
  coderId: M['coder_id'];
  createdAt: M['created_at'];
  updatedAt: M['updated_at'];
}

/** Every memo of the project, oldest first. */
export const allMemos = statement<[], MemoRow>(
  'SELECT guid, target_type AS target, target_id AS targetId, text, coder_id AS coderId, created_at AS createdAt, updated_at AS updatedAt FROM memos ORDER BY id',
);

/** The memos on a target that the viewer may see, with their coders' names, oldest first. */
export const memosOn = statement<{ target: MemoTargetType; id: number; viewer: number | null }, Memo>(
  `SELECT m.id, m.guid, m.target_type AS target, m.target_id AS targetId, m.text, c.name AS coder, m.created_at AS createdAt, m.updated_at AS updatedAt
   FROM memos m JOIN coders c ON c.id = m.coder_id WHERE m.target_type = @target AND m.target_id = @id AND ${visible('m')} ORDER BY m.created_at, m.id`,
);

/** A coder's own memo on a target. */
export const memoOf = statement<[target: MemoTargetType, targetId: number, coderId: number], Pick<M, 'id' | 'text'>>(
  'SELECT id, text FROM memos WHERE target_type = ? AND target_id = ? AND coder_id = ?',
);

/** Every coder's memo on a target. */
export const memoIdsOn = values<[target: MemoTargetType, targetId: number], M['id']>(
  'SELECT id FROM memos WHERE target_type = ? AND target_id = ?',
);

/** Every coder's memo on a coding, with its coder. */
export const memosOnCoding = statement<[number], Pick<M, 'id' | 'text'> & { coderId: M['coder_id'] }>(
  "SELECT id, coder_id AS coderId, text FROM memos WHERE target_type = 'coding' AND target_id = ?",
);

/** Every coder's memo on either of two codes (a merge of codes joins them). */
export const memosOnCodes = statement<
  [number, number],
  Pick<M, 'id' | 'text'> & { targetId: M['target_id']; coderId: M['coder_id'] }
>(
  "SELECT id, target_id AS targetId, coder_id AS coderId, text FROM memos WHERE target_type = 'code' AND target_id IN (?, ?)",
);

/** How many memos on codes the viewer may see. */
export const visibleCodeMemoCount = values<{ viewer: number | null }, number>(
  `SELECT count(*) FROM memos m WHERE target_type = 'code' AND ${visible('m')}`,
);
