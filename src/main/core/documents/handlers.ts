// Documents and their attributes: the library, one document, corrections,
// deletion, new versions and clean-up of texts; attribute definitions and values.
import type { attributesContract } from '../../../shared/api/attributes.ts';
import type { documentsContract } from '../../../shared/api/documents.ts';
import { coder, viewer, type Handlers } from '../calls.ts';
import { deleteDocuments } from '../coding/delete-documents.ts';
import { cleanupDocuments, previewCleanup, replaceDocument } from '../coding/replace.ts';
import { CLEANUP_RULES } from '../corpus/cleanup.ts';
import { attributeTable, createAttribute, deleteAttribute, fillAttributesFromImport, listAttributes, setAttributeValues, updateAttribute } from './attributes.ts';
import { importAttributesFrom } from './attributes-csv.ts';
import { getDocument, listDocuments, updateDocument } from './documents.ts';

export const documentsHandlers: Handlers<typeof documentsContract> = {
  listDocuments: (p, input) => listDocuments(p.db, input, viewer(p)),
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
  importAttributes: (p, input) => importAttributesFrom(p.db, coder(p), input),
};
