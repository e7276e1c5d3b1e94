import { describe, expect, it } from 'vitest';
import { importerFor, importers, supportedExtensions } from '../../src/main/core/corpus/importers/index.ts';

// The registry names each format without loading its importer (so commands that import nothing load no
// parser); what it says of a format must be what the importer, once loaded, says of itself.
describe('the registry of importers', () => {
  it('says of every format what its importer says: the same format, extensions, and whether it is parsed apart', async () => {
    for (const entry of importers) {
      const importer = await entry.load();
      expect({
        format: importer.format,
        extensions: importer.extensions,
        isolated: importer.isolated ?? false,
      }).toEqual({
        format: entry.format,
        extensions: entry.extensions,
        isolated: entry.isolated ?? false,
      });
    }
  });

  it('finds an importer by extension in any case, and each extension belongs to one format', () => {
    expect(importerFor('/news/Report.PDF')?.format).toBe('pdf');
    expect(importerFor('notes.bibtex')?.format).toBe('bibtex');
    expect(importerFor('archive.zip')).toBeUndefined();
    const extensions = supportedExtensions();
    expect(new Set(extensions).size).toBe(extensions.length);
  });
});
