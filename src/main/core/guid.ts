import { createHash, randomBytes, randomFillSync } from 'node:crypto';

/**
 * A new GUID: a version 7 UUID (RFC 9562), whose first 48 bits are the time
 * in milliseconds. GUIDs made one after another sort together, so inserting
 * them touches the end of the index instead of random pages; they remain
 * ordinary UUIDs to REFI-QDA and other tools.
 */
export function newGuid(now = Date.now()): string {
  const b = Buffer.allocUnsafe(16);
  randomPool.copy(b, 6, randomUsed, randomUsed + 10);
  b.writeUIntBE(now, 0, 6);
  randomUsed += 10;
  if (randomUsed + 10 > randomPool.length) {
    randomFillSync(randomPool);
    randomUsed = 0;
  }
  return uuid(b, 0x70);
}

/**
 * The random bytes GUIDs take ten at a time, drawn from the system 4 KB at once: an import makes one GUID per
 * document, and asking the system for ten bytes each time took longer than the rest of the GUID.
 */
const randomPool = randomBytes(4096);
let randomUsed = 0;

/** A GUID (UUID version 5 layout) derived from names, so an entity without a stored GUID keeps one across exports. */
export function derivedGuid(...parts: string[]): string {
  return uuid(createHash('sha1').update(parts.join('\u0000')).digest().subarray(0, 16), 0x50);
}

/** 16 bytes as a UUID of `version` (its high nibble), with the RFC 9562 variant. */
function uuid(b: Buffer, version: number): string {
  b[6] = (b[6]! & 0x0f) | version;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
