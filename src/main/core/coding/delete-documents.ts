// Deleting documents reaches into the coding layer: their codings and memos go with them.
import { clip } from '../../../shared/text.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { getDocumentSummary } from '../documents/documents.ts';
import { deleteCodingsOf, deleteMemoRows } from './rows.ts';

/**
 * Deletes documents with everything attached to them (codings and their
 * memos, the document's memo, its original file), as one undoable step.
 */
export function deleteDocuments(db: Db, coder: number, input: { ids: number[] }): { documents: number; codings: number } {
  const ids = [...new Set(input.ids)];
  const titles = ids.map((id) => getDocumentSummary(db, id).displayTitle);
  let codings = 0;
  const what = ids.length === 1 ? `“${clip(titles[0]!)}”` : `${ids.length} documents`;
  runCommand(db, coder, 'deleteDocuments', `Delete ${what}`, (c) => {
    const originals = db.prepare('SELECT id FROM document_originals WHERE document_id = ?').pluck();
    for (const id of ids) {
      codings += deleteCodingsOf(db, c, 'document_id', id);
      deleteMemoRows(db, c, 'document', id);
      for (const o of originals.all(id) as number[]) c.delete('document_originals', o);
      c.delete('documents', id);
    }
  });
  return { documents: ids.length, codings };
}
