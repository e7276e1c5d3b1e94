// JSON exports of news databases: an array of article objects, or an object
// that holds one ({ "articles": [...] }).
import { QuireError } from '../../../../shared/errors.ts';
import { decodeText } from '../decode.ts';
import { matchFields, onlyArticle, TEXT_NAMES, toArticle, type Field } from './articles.ts';
import { cslReference, isCslJson } from '../references/csl.ts';
import { referenceArticles } from '../references/model.ts';
import type { ImportContext, Importer, ParsedArticle } from './types.ts';

/** Where exports put their list of articles, when it is not the whole file. */
const LISTS = ['articles', 'documents', 'items', 'results', 'data'];

export const jsonImporter: Importer = {
  description: 'Articles in a JSON file',
  async parse(bytes, filename) {
    return onlyArticle(
      await parseJsonArticles(bytes, filename, { attachment: async () => ({ error: 'not an import' }) }),
      filename,
    );
  },
  parseMany: parseJsonArticles,
};

async function parseJsonArticles(
  bytes: Uint8Array,
  filename: string,
  context: ImportContext,
): Promise<ParsedArticle[]> {
  const decoded = decodeText(bytes, filename);
  let data: unknown;
  try {
    data = JSON.parse(decoded.text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new QuireError('invalid_input', `“${filename}” is not valid JSON (${(e as Error).message}).`);
  }
  // A reference manager's CSL-JSON (Zotero's "CSL JSON" export): items with their abstracts.
  if (isCslJson(data))
    return referenceArticles(
      data.map((item, i) => cslReference(item, i + 1)),
      [],
      'CSL-JSON',
      decoded.encoding,
      decoded.warnings,
      context,
    );
  const list = articleList(data);
  if (!list) {
    throw new QuireError(
      'invalid_input',
      `“${filename}” holds no list of articles: Quire reads an array of objects, or an object with an “articles” array.`,
    );
  }
  if (list.length === 0) throw new QuireError('invalid_input', `“${filename}” holds an empty list of articles.`);
  return list.map((item, i) => {
    const label = `article ${i + 1}`;
    if (!item || typeof item !== 'object' || Array.isArray(item))
      return { label, error: `Article ${i + 1} is not an object with fields.` };
    const keys = Object.keys(item);
    const fields = matchFields(keys);
    const values: Partial<Record<Field, unknown>> = {};
    for (const [field, k] of Object.entries(fields) as [Field, number][])
      values[field] = (item as Record<string, unknown>)[keys[k]!];
    const noText =
      fields.text === undefined ? `it has no ${TEXT_NAMES} field` : `its “${keys[fields.text]}” field is empty`;
    return toArticle(values, label, noText, decoded);
  });
}

function articleList(data: unknown): unknown[] | null {
  if (Array.isArray(data)) return data;
  if (!data || typeof data !== 'object') return null;
  const record = data as Record<string, unknown>;
  for (const key of LISTS) if (Array.isArray(record[key])) return record[key] as unknown[];
  // One article on its own.
  return matchFields(Object.keys(record)).text !== undefined ? [record] : null;
}
