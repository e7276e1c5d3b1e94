import { QuireError } from '../../../../shared/errors.ts';

/** The text of a document must hold something to read. */
export function requireText(text: string): string {
  if (!/[\p{L}\p{N}]/u.test(text)) throw new QuireError('invalid_input', 'The file contains no text.');
  return text;
}
