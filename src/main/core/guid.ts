import { randomBytes } from 'node:crypto';

/**
 * A new GUID: a version 7 UUID (RFC 9562), whose first 48 bits are the time
 * in milliseconds. GUIDs made one after another sort together, so inserting
 * them touches the end of the index instead of random pages; they remain
 * ordinary UUIDs to REFI-QDA and other tools.
 */
export function newGuid(now = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
