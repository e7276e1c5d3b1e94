import PostalMime from 'postal-mime';
import { QuireError } from '../../../../shared/errors.ts';
import { htmlImporter } from './html.ts';
import type { Importer } from './types.ts';

/**
 * Web pages saved whole by Chrome, Edge or Opera ("Save as: Webpage, Single
 * File"): a MIME message whose first HTML part is the page, with its pictures
 * and styles as further parts. The page is read as any saved page is; the
 * other parts are not imported. postal-mime reads the MIME structure and the
 * transfer encodings (quoted-printable, base64) and charsets.
 */
export const mhtmlImporter: Importer = {
  description: 'Web page saved as a single file (MHTML)',
  async parse(bytes, filename, options) {
    let message: Awaited<ReturnType<typeof PostalMime.parse>>;
    try {
      message = await PostalMime.parse(bytes);
    } catch {
      throw new QuireError(
        'invalid_input',
        `“${filename}” is not a readable saved web page: its MIME structure is broken.`,
      );
    }
    const html = message.html ?? htmlAttachment(message.attachments);
    if (!html)
      throw new QuireError(
        'invalid_input',
        `“${filename}” holds no web page: a saved page (.mhtml) has an HTML part, and this file has none.`,
      );
    const page = await htmlImporter.parse(new TextEncoder().encode(html), filename, options);
    const address = message.headers.find((h) => h.key === 'snapshot-content-location')?.value ?? null;
    return {
      ...page,
      metadata: {
        ...page.metadata,
        url: page.metadata.url ?? (address && /^https?:\/\//.test(address) ? address : null),
      },
    };
  },
};

/** Some savers mark the page itself as an attachment (inline, with a Content-Location). */
function htmlAttachment(
  attachments: { mimeType: string; content: ArrayBuffer | Uint8Array | string }[],
): string | null {
  const part = attachments.find((a) => a.mimeType === 'text/html');
  if (!part) return null;
  return typeof part.content === 'string' ? part.content : new TextDecoder().decode(part.content);
}
