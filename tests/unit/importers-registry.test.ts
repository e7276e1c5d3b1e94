import { describe, expect, it } from 'vitest';
import { importerFor, importers, supportedExtensions } from '../../src/main/core/corpus/importers/index.ts';

// The registry names each format and its extensions without loading its importer (so commands that import
// nothing load no parser): it is the one place that says them.
describe('the registry of importers', () => {
  it('loads an importer for every format it names', async () => {
    for (const entry of importers) expect(typeof (await entry.load()).parse, entry.format).toBe('function');
  });

  it('finds an importer by extension in any case, and each extension belongs to one format', () => {
    expect(importerFor('/news/Report.PDF')?.format).toBe('pdf');
    expect(importerFor('notes.bibtex')?.format).toBe('bibtex');
    expect(importerFor('archive.zip')).toBeUndefined();
    const extensions = supportedExtensions();
    expect(new Set(extensions).size).toBe(extensions.length);
  });
});
