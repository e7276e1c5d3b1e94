// Full-text search of the corpus, and finding words in one document.
import type { searchContract } from '../../../shared/api/search.ts';
import { viewer, type Handlers } from '../calls.ts';
import { setScopes } from '../documents/sets.ts';
import { findInDocument, search } from './search.ts';

export const searchHandlers: Handlers<typeof searchContract> = {
  search: (p, input) => search(p.db, input, viewer(p), setScopes, p.searchLimits),
  findInDocument: (p, input) => findInDocument(p.db, input),
};
