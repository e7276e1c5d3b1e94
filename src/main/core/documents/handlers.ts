// Documents and their attributes: the library, one document, corrections,
// deletion, new versions and clean-up of texts; attribute definitions and values;
// document sets.
import type { attributesContract } from '../../../shared/api/attributes.ts';
import type { documentsContract } from '../../../shared/api/documents.ts';
import type { setsContract } from '../../../shared/api/sets.ts';
import { coder, viewer, type Handlers } from '../calls.ts';
import { deleteDocuments } from '../coding/delete-documents.ts';
import { cleanupDocuments, previewCleanup, replaceDocument } from '../coding/replace.ts';
import { CLEANUP_RULES } from '../corpus/cleanup.ts';
import {
  attributeTable,
  createAttribute,
  deleteAttribute,
  fillAttributesFromImport,
  listAttributes,
  setAttributeValues,
  updateAttribute,
} from './attributes.ts';
import { getDocument, listDocuments, updateDocument } from './documents.ts';
import {
  addToSet,
  createSet,
  deleteSet,
  freezeSet,
  getSet,
  listSets,
  removeFromSet,
  setMembers,
  updateSet,
} from './sets.ts';

export const documentsHandlers: Handlers<typeof documentsContract> = {
  listDocuments: (p, input) =>
    listDocuments(
      p.db,
      input,
      viewer(p),
      input.setId === undefined ? undefined : setMembers(p.db, input.setId, viewer(p)).ids,
    ),
  getDocument: (p, input) => getDocument(p.db, input.id, viewer(p)),
  updateDocument: (p, input) => updateDocument(p.db, coder(p), input, viewer(p)),
  deleteDocuments: (p, input) => deleteDocuments(p.db, coder(p), input, viewer(p)),
  replaceDocument: (p, input) => replaceDocument(p.db, coder(p), input, viewer(p)),
  cleanupRules: () => CLEANUP_RULES.map(({ id, label }) => ({ id, label })),
  previewCleanup: (p, input) => previewCleanup(p.db, input),
  cleanupDocuments: (p, input) => cleanupDocuments(p.db, coder(p), input, viewer(p)),
};

export const attributesHandlers: Handlers<typeof attributesContract> = {
  listAttributes: (p) => ({ attributes: listAttributes(p.db) }),
  createAttribute: (p, input) => createAttribute(p.db, coder(p), input),
  updateAttribute: (p, input) => updateAttribute(p.db, coder(p), input),
  deleteAttribute: (p, input) => deleteAttribute(p.db, coder(p), input),
  setAttributeValues: (p, input) => setAttributeValues(p.db, coder(p), input.values),
  attributeTable: (p, input) => attributeTable(p.db, input),
  fillAttribute: (p, input) => fillAttributesFromImport(p.db, coder(p), input),
  // Reading a CSV loads the CSV parser and the encoding detection: only when one is read, not to list or show.
  importAttributes: async (p, input) => {
    const by = coder(p);
    return (await import('./attributes-csv.ts')).importAttributesFrom(p.db, by, input);
  },
};

// Sets are documents, not codings: everyone sees the same sets; a saved search runs as the viewer reads (their coding counts).
export const setsHandlers: Handlers<typeof setsContract> = {
  listSets: (p) => ({ sets: listSets(p.db, viewer(p)) }),
  getSet: (p, input) => getSet(p.db, input.id, viewer(p)),
  createSet: (p, input) => createSet(p.db, coder(p), input, viewer(p)),
  updateSet: (p, input) => updateSet(p.db, coder(p), input, viewer(p)),
  deleteSet: (p, input) => deleteSet(p.db, coder(p), input, viewer(p)),
  addToSet: (p, input) => addToSet(p.db, coder(p), input, viewer(p)),
  removeFromSet: (p, input) => removeFromSet(p.db, coder(p), input, viewer(p)),
  freezeSet: (p, input) => freezeSet(p.db, coder(p), input, viewer(p)),
};
