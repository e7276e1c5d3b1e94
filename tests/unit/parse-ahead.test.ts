// What an import parses ahead of writing is bounded by what the files become, not by their size on disk: a small
// file that becomes a large text (a news export of many articles, a compressed Word file) must stop the queue.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseAhead } from '../../src/main/core/corpus/parse-ahead.ts';
import { parsedSize, type ParsedFile } from '../../src/main/core/corpus/parse.ts';
import { documentIndex } from '../../src/main/core/db/search-index.ts';
import { tempDir } from '../helpers/project.ts';

const MB = 1024 * 1024;

/** A parsed text of `chars` characters, as the parser gives it. */
function parsedText(chars: number, original: Uint8Array | null = null): ParsedFile {
  const text = 'word '.repeat(Math.ceil(chars / 5)).slice(0, chars);
  return {
    ok: true,
    format: 'txt',
    text,
    metadata: { title: null, author: null, published: null, source: null, url: null, language: null },
    encoding: 'utf-8',
    warnings: [],
    details: [],
    contentHash: 'h',
    originalHash: 'h',
    originalSize: chars,
    charCount: chars,
    original,
    ocr: null,
    index: documentIndex({ title: null, body: text, source: null, author: null }),
  };
}

/** `n` files of 10 bytes each on disk. */
function smallFiles(n: number): string[] {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const path = join(dir, `${i}.txt`);
    writeFileSync(path, 'ten bytes!');
    return path;
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('parsing ahead of an import', () => {
  it('counts a file at what it became once read, and stops asking for more past the bound', async () => {
    const files = smallFiles(100);
    const asked: string[] = [];
    const half = parsedText(MB / 2);
    const ahead = new ParseAhead(
      files,
      async (path) => {
        asked.push(path);
        return half;
      },
      { files: 50, bytes: 4 * MB },
    );
    const first = await ahead.take(0);
    // Not read yet, they are asked for by their size on disk: as many as the bound in files allows.
    expect(ahead.requestedFiles).toBe(50);
    await settle();
    // Each 10-byte file became more than 1 MB (its text, index text and word map): the bound is in those bytes.
    expect(parsedSize(first)).toBeGreaterThan(MB);
    expect(ahead.heldBytes).toBeGreaterThan(49 * MB);
    // Taking files does not ask for more while those still held hold more than the bound.
    for (let i = 1; i <= 45; i++) await ahead.take(i);
    await settle();
    expect(ahead.requestedFiles).toBe(50);
    expect(ahead.heldBytes).toBeGreaterThan(4 * MB);
    // Below it, more are asked for; the import goes on to the end.
    for (let i = 46; i < 100; i++) await ahead.take(i);
    expect(asked).toHaveLength(100);
    expect(ahead.heldBytes).toBe(0);
  });

  it('asks for files by their size on disk until they are read', async () => {
    const files = smallFiles(30);
    const ahead = new ParseAhead(files, () => new Promise<ParsedFile>(() => {}), { files: 20, bytes: 1000 });
    ahead.request(0);
    // Not read yet, 10 bytes each: twenty fit.
    expect(ahead.requestedFiles).toBe(20);
    expect(ahead.heldBytes).toBe(200);
  });

  it('counts a file’s original bytes, its index rows and the articles of a file that holds many', () => {
    const text = parsedText(1000);
    const withOriginal = parsedText(1000, new Uint8Array(5 * MB));
    expect(parsedSize(withOriginal) - parsedSize(text)).toBe(5 * MB);
    // The text, its index text (about as long) and its word map, at two bytes a character.
    expect(parsedSize(text)).toBeGreaterThan(4000);
    const many: ParsedFile = {
      ok: false,
      message: 'holds 3 articles',
      parts: [
        { label: 'a', ...(text as Extract<ParsedFile, { ok: true }>) },
        { label: 'b', ok: false, message: 'x' },
        { label: 'c', ...(text as Extract<ParsedFile, { ok: true }>) },
      ],
    };
    expect(parsedSize(many)).toBeGreaterThan(2 * parsedSize(text));
  });
});
