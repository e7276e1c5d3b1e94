// Reference managers' exports (Zotero, EndNote, Mendeley): RIS and BibTeX here,
// CSL-JSON through json.ts. Each item becomes a document from its attached full
// text, or its abstract (see corpus/references).
import { QuireError } from '../../../../shared/errors.ts';
import { decodeText } from '../decode.ts';
import { normaliseText } from '../normalise.ts';
import { parseBibtex, isBibtex } from '../references/bibtex.ts';
import { referenceArticles, type Reference, type ReferenceError } from '../references/model.ts';
import { isRis, parseRis } from '../references/ris.ts';
import { onlyArticle } from './articles.ts';
import type { ImportContext, Importer, ParsedArticle } from './types.ts';

/** An importer for one reference format: its files checked and read, every item a document. */
function referenceImporter(
  description: string,
  recognise: (text: string) => boolean,
  read: (
    text: string,
  ) =>
    | { references: Reference[]; errors: ReferenceError[] }
    | Promise<{ references: Reference[]; errors: ReferenceError[] }>,
): Importer {
  const parseMany = async (bytes: Uint8Array, filename: string, context: ImportContext): Promise<ParsedArticle[]> => {
    const decoded = decodeText(bytes, filename);
    const text = normaliseText(decoded.text);
    if (!recognise(text))
      throw new QuireError('invalid_input', `“${filename}” is not ${description}: no item in it could be found.`);
    const { references, errors } = await read(text);
    if (references.length === 0 && errors.length === 0)
      throw new QuireError('invalid_input', `“${filename}” holds no items.`);
    return referenceArticles(
      references,
      errors,
      description.replace(/^an? /, ''),
      decoded.encoding,
      decoded.warnings,
      context,
    );
  };
  return {
    description,
    async parse(bytes, filename) {
      return onlyArticle(
        await parseMany(bytes, filename, {
          attachment: async () => ({ error: 'attachments are read only when the file is imported' }),
        }),
        filename,
      );
    },
    parseMany,
  };
}

export const risImporter = referenceImporter('a RIS file', isRis, parseRis);
export const bibtexImporter = referenceImporter('a BibTeX file', isBibtex, parseBibtex);
