// Removing a coding or memo inside a command, with what hangs on it: the
// one way every command deletes them, so undo always brings a memo back
// with its coding.
import type { ChangeSet } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { codingIdsOfCode, codingIdsOfDocument } from '../db/queries/codings.ts';
import { memoIdsOn, memosOnCoding } from '../db/queries/memos.ts';

/** Deletes every coding of a code or of a document, with their memos, inside a command; returns how many. */
export function deleteCodingsOf(db: Db, c: ChangeSet, column: 'code_id' | 'document_id', id: number): number {
  const ids = (column === 'code_id' ? codingIdsOfCode : codingIdsOfDocument)(db).all(id);
  for (const coding of ids) deleteCodingRows(db, c, coding);
  return ids.length;
}

/** Deletes a coding with its memo, inside a command. */
export function deleteCodingRows(db: Db, c: ChangeSet, codingId: number): void {
  deleteMemoRows(db, c, 'coding', codingId);
  c.delete('codings', codingId);
}

/** Deletes every coder's memo on a document, code or coding, inside a command. */
export function deleteMemoRows(
  db: Db,
  c: ChangeSet,
  targetType: 'document' | 'code' | 'coding',
  targetId: number,
): void {
  for (const memo of memoIdsOn(db).all(targetType, targetId)) c.delete('memos', memo);
}

/**
 * Deletes a coding that another of the same coder, code and passage stands
 * for (a merge, or a coding cut back onto one already there): each coder's
 * memo on it goes to that coding, below their memo there, so no text is lost.
 */
export function foldCoding(db: Db, c: ChangeSet, codingId: number, intoId: number): void {
  const memos = (id: number) => memosOnCoding(db).all(id);
  const into = memos(intoId);
  for (const from of memos(codingId)) {
    const theirs = into.find((m) => m.coderId === from.coderId);
    if (!theirs) c.update('memos', from.id, { target_id: intoId });
    else if (!theirs.text.includes(from.text))
      c.update('memos', theirs.id, { text: `${theirs.text}\n\n${from.text}`, updated_at: new Date().toISOString() });
  }
  deleteCodingRows(db, c, codingId);
}
