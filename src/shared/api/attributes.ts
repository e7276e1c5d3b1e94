// Document attributes (NVivo's classification attributes, MAXQDA's
// document variables): their definitions, values, table, and a spreadsheet's import.
import { z } from 'zod';
import { type ContractSlice, Empty, Id, MergeSource, Name, method } from './common.ts';

/** A document attribute (NVivo's classification attribute, MAXQDA's document variable): a name, a type and, for a choice, its list. */
export const AttributeType = z.enum(['text', 'number', 'date', 'choice']);
export type AttributeType = z.infer<typeof AttributeType>;
export const Attribute = z.object({
  id: Id,
  guid: z.string(),
  name: z.string(),
  type: AttributeType,
  choices: z.array(z.string()),
  /** How many documents have a value. */
  filled: z.number().int(),
});
export type Attribute = z.infer<typeof Attribute>;
/** A value to set; null or '' clears it. */
export const AttributeValueInput = z.object({
  documentId: Id,
  attributeId: Id,
  value: z.string().max(10_000).nullable(),
});
export type AttributeValueInput = z.infer<typeof AttributeValueInput>;
export const SetAttributeValuesResult = z.object({
  changed: z.number().int(),
  /** Of those changed, the values cleared (an empty value over one the document had). */
  cleared: z.number().int(),
  /** Each value its attribute refused, with the reason in words. */
  refused: z.array(z.object({ documentId: Id, attributeId: Id, value: z.string(), reason: z.string() })),
});
export const AttributeTableRow = z.object({
  id: Id,
  displayTitle: z.string(),
  source: z.string().nullable(),
  published: z.string().nullable(),
  values: z.record(z.string(), z.string()),
});
export const AttributeTable = z.object({
  attributes: z.array(Attribute),
  total: z.number().int(),
  rows: z.array(AttributeTableRow),
});
export type AttributeTable = z.infer<typeof AttributeTable>;
export const AttributeImportReport = z.object({
  attributes: z.number().int(),
  rows: z.number().int(),
  changed: z.number().int(),
  refused: z.array(z.string()),
  /** Rows naming no document, or more than one: "row 4 (“x.txt”): no document has this File". */
  unmatched: z.array(z.string()),
  /** What Quire decided for columns new to the project (the type it took, and why). */
  notes: z.array(z.string()),
});
export type AttributeImportReport = z.infer<typeof AttributeImportReport>;

/** The attributes methods. */
export const attributesContract = {
  listAttributes: method(Empty, z.object({ attributes: z.array(Attribute) })),
  createAttribute: method(
    z.object({ name: Name, type: AttributeType, choices: z.array(z.string().max(200)).max(500).optional() }),
    Attribute,
    { changes: ['attributes'] },
  ),
  /** Renames, retypes or changes the choices; refused, with the values in the way listed, when a value would no longer fit. */
  updateAttribute: method(
    z.object({
      id: Id,
      name: Name.optional(),
      type: AttributeType.optional(),
      choices: z.array(z.string().max(200)).max(500).optional(),
      rename: z.array(z.object({ from: z.string(), to: z.string() })).optional(),
    }),
    Attribute,
    { changes: ['attributes'] },
  ),
  deleteAttribute: method(z.object({ id: Id }), z.object({ values: z.number().int() }), { changes: ['attributes'] }),
  setAttributeValues: method(
    z.object({ values: z.array(AttributeValueInput).min(1).max(200_000) }),
    SetAttributeValuesResult,
    { changes: ['attributes'] },
  ),
  /** Documents with their values, a page at a time, sorted by title or an attribute's value, optionally only those with one value. */
  attributeTable: method(
    z.object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
      sortBy: z.union([z.literal('title'), Id]).default('title'),
      descending: z.boolean().default(false),
      where: z.object({ attributeId: Id, value: z.string().nullable() }).optional(),
    }),
    AttributeTable,
  ),
  /** Fills an attribute's empty values from what imports found (a news database's "Section", the language, the outlet). */
  fillAttribute: method(z.object({ attributeId: Id }), SetAttributeValuesResult.extend({ empty: z.number().int() }), {
    changes: ['attributes'],
  }),
  importAttributes: method(MergeSource, AttributeImportReport, { changes: ['attributes'] }),
} as const satisfies ContractSlice;
