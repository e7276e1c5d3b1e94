// Removing a coding or memo inside a command, with what hangs on it: the
// one way every command deletes them, so undo always brings a memo back
// with its coding.
import type { ChangeSet } from '../commands/log.ts';
import type { Db } from '../db/open.ts';

/** Deletes every coding of a code or of a document, with their memos, inside a command; returns how many. */
export function deleteCodingsOf(db: Db, c: ChangeSet, column: 'code_id' | 'document_id', id: number): number {
  const ids = db.prepare(`SELECT id FROM codings WHERE ${column} = ?`).pluck().all(id) as number[];
  for (const coding of ids) deleteCodingRows(db, c, coding);
  return ids.length;
}

/** Deletes a coding with its memo, inside a command. */
export function deleteCodingRows(db: Db, c: ChangeSet, codingId: number): void {
  deleteMemoRows(db, c, 'coding', codingId);
  c.delete('codings', codingId);
}

export function deleteMemoRows(db: Db, c: ChangeSet, targetType: 'document' | 'code' | 'coding', targetId: number): void {
  const memo = db.prepare('SELECT id FROM memos WHERE target_type = ? AND target_id = ?').pluck().get(targetType, targetId) as number | undefined;
  if (memo) c.delete('memos', memo);
}

/**
 * Deletes a coding that another of the same coder, code and passage stands
 * for (a merge, or a coding cut back onto one already there): its memo goes
 * to that coding, below the memo it has, so no text is lost.
 */
export function foldCoding(db: Db, c: ChangeSet, codingId: number, intoId: number): void {
  const memo = (id: number) => db.prepare("SELECT id, text FROM memos WHERE target_type = 'coding' AND target_id = ?").get(id) as { id: number; text: string } | undefined;
  const from = memo(codingId);
  const into = memo(intoId);
  if (from && into) {
    if (!into.text.includes(from.text)) c.update('memos', into.id, { text: `${into.text}\n\n${from.text}`, updated_at: new Date().toISOString() });
  } else if (from) c.update('memos', from.id, { target_id: intoId });
  deleteCodingRows(db, c, codingId);
}
