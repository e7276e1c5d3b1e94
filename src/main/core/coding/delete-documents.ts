// Deleting documents reaches into the coding layer: their codings and memos go with them.
import { clip } from '../../../shared/text.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { valueIdsOfDocument } from '../db/queries/attributes.ts';
import { othersCodedDocuments } from '../db/queries/codings.ts';
import { originalIdsOf } from '../db/queries/documents.ts';
import { getDocumentSummary } from '../documents/documents.ts';
import { membershipRows } from '../documents/sets.ts';
import { QuireError } from '../../../shared/errors.ts';
import type { Viewer } from '../viewer.ts';
import { deleteCodingsOf, deleteMemoRows } from './rows.ts';

/**
 * Deletes documents with everything attached to them (codings and their
 * memos, the document's memo, its original file, its attribute values, its
 * places in sets made by hand), as one undoable step.
 */
export function deleteDocuments(
  db: Db,
  coder: number,
  input: { ids: number[] },
  viewer: Viewer,
): { documents: number; codings: number } {
  const ids = [...new Set(input.ids)];
  const titles = ids.map((id) => getDocumentSummary(db, id, viewer).displayTitle);
  // A coder coding blind never deletes work they cannot see.
  if (viewer.blind && othersCodedDocuments(db).get(JSON.stringify(ids), viewer.coderId)) {
    throw new QuireError(
      'blind',
      `Deleting ${ids.length === 1 ? 'this document' : 'these documents'} would delete other coders’ codings, which you cannot see while you code blind. Turn blind coding off to do it.`,
    );
  }
  let codings = 0;
  const what = ids.length === 1 ? `“${clip(titles[0]!)}”` : `${ids.length} documents`;
  runCommand(db, coder, 'deleteDocuments', `Delete ${what}`, (c) => {
    for (const id of ids) {
      // Its attribute values and set memberships go with it, logged, so undo brings them back too.
      for (const v of valueIdsOfDocument(db).all(id)) c.delete('document_attributes', v);
      for (const m of membershipRows(db, id)) c.delete('document_set_members', m);
      codings += deleteCodingsOf(db, c, 'document_id', id);
      deleteMemoRows(db, c, 'document', id);
      for (const o of originalIdsOf(db).all(id)) c.delete('document_originals', o);
      c.delete('documents', id);
    }
  });
  return { documents: ids.length, codings };
}
