import { createHash } from 'node:crypto';

/** The SHA-256 of some bytes in hex: how a document's text and original file are identified (content_hash, original_hash). */
export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
