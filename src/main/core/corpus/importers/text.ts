import { decodeText } from '../decode.ts';
import { extractMetadata } from '../metadata.ts';
import { normaliseText } from '../normalise.ts';
import { emptyMetadata, mergeMetadata, type Importer } from './types.ts';
import { requireText } from './require-text.ts';

export const textImporter: Importer = {
  description: 'Plain text',
  parse(bytes, filename) {
    const decoded = decodeText(bytes, filename);
    const text = requireText(normaliseText(decoded.text));
    return {
      text,
      metadata: mergeMetadata(emptyMetadata(), extractMetadata(text)),
      encoding: decoded.encoding,
      warnings: decoded.warnings,
    };
  },
};
