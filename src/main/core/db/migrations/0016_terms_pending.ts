// Schema 16: the vocabulary (search/terms.ts) takes the terms of a document
// whose index text is written again, not only of new documents: its title,
// source, author or text edited, an undo, or an id given again. A trigger
// puts each in search_terms_pending, which the next update of the vocabulary
// reads; the terms of documents edited before this version are taken now.
import type { Db } from '../db.ts';
import { rebuildSearchTerms, SEARCH_TERMS_PENDING_SQL } from '../../search/terms.ts';

export const sql = SEARCH_TERMS_PENDING_SQL;

export function run(db: Db): void {
  rebuildSearchTerms(db);
}
