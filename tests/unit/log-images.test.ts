import { describe, expect, it } from 'vitest';
import { decodeImages, encodeImages } from '../../src/main/core/commands/log.ts';

describe('row images in the command log', () => {
  it('keep BLOB values as base64 and give them back as Buffers', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0xe9, 0x41]);
    const image = { id: 3, document_id: 7, bytes, note: null };
    const json = encodeImages([{ table: 'document_originals', id: 3, before: null, after: image }]);
    expect(json).toContain('"bytes":{"$base64":"//4A6UE="}');
    const [change] = decodeImages<{ after: typeof image }[]>(json);
    expect(Buffer.isBuffer(change!.after.bytes)).toBe(true);
    expect(change!.after).toEqual(image);
    // A view into a larger buffer is encoded as just its own bytes.
    const view = Buffer.from([1, 2, 3, 4]).subarray(1, 3);
    expect(decodeImages<{ b: Buffer }>(encodeImages({ b: view })).b).toEqual(Buffer.from([2, 3]));
  });

  it('read entries logged before, where a Buffer was written as its own JSON', () => {
    const legacy = JSON.stringify({ id: 1, bytes: Buffer.from('café', 'latin1') });
    expect(legacy).toContain('"type":"Buffer"');
    expect(decodeImages<{ bytes: Buffer }>(legacy).bytes).toEqual(Buffer.from('café', 'latin1'));
  });
});
