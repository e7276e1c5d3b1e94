// Zip archives written byte by byte, as zip-bomb makers write them: one
// deflated stream stored under many names (so a 2 MB file holds gigabytes),
// sizes in the directory that say what the maker wants, real CRCs.
import { crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The bytes as stored (deflated unless `stored`). */
  packed: Uint8Array;
  /** What the directory and local header say it unpacks to. */
  size: number;
  crc: number;
  stored?: boolean;
}

/** A text deflated once, to store under as many names as wanted. */
export function deflated(data: Uint8Array): Omit<RawEntry, 'name'> {
  return { packed: deflateRawSync(data, { level: 9 }), size: data.length, crc: crc32(data) };
}

/** A stored (uncompressed) entry: small files such as project.qde. */
export const stored = (name: string, text: string): RawEntry => {
  const data = Buffer.from(text, 'utf8');
  return { name, packed: data, size: data.length, crc: crc32(data), stored: true };
};

/** A zip archive of the entries, in order: local headers and data, then the central directory and its end record. */
export function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(e.stored ? 0 : 8, 8);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.packed.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    local.copy(dir, 8, 6, 28); // flags, method, time, date, CRC, sizes, name length
    dir.writeUInt32LE(offset, 42);
    parts.push(local, name, Buffer.from(e.packed));
    central.push(dir, name);
    offset += local.length + name.length + e.packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** A project.qde naming one text source for each text file. */
export function projectNaming(files: readonly string[]): string {
  const guid = (i: number) => `b0b0b0b0-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const sources = files.map(
    (f, i) =>
      `    <TextSource guid="${guid(i + 1)}" name="Article ${i + 1}" plainTextPath="internal://${f.replace(/^sources\//, '')}"/>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="Articles">\n  <Sources>\n${sources.join('\n')}\n  </Sources>\n</Project>\n`;
}
