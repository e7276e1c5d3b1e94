// The one helper every engine test builds its project with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { importFiles } from '../../src/main/core/corpus/import.ts';
import { openProject } from '../../src/main/core/db/open.ts';
import { call } from '../../src/main/core/engine.ts';
import { EventHub } from '../../src/main/core/events.ts';
import type { Environment } from '../../src/main/core/environment.ts';
import type { ProjectHandle } from '../../src/main/core/project.ts';
import { chromiumPrinter } from '../../src/main/printers/chromium.ts';
import { countCodePoints, toCodePointOffset } from '../../src/shared/codepoints.ts';
import { TABLES } from '../../src/main/core/commands/log.ts';

export const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * A fresh in-memory project, with the five seed articles unless `seeds: false`. Closed when the test ends. Without an
 * `environment` it remembers nothing (no preferences, no notes of open projects) and its coder is "coder". PDFs print
 * with headless Chromium, as the command line prints them.
 */
export async function createTestProject(
  options: { seeds?: boolean; environment?: Environment } = {},
): Promise<ProjectHandle> {
  const db = openProject(':memory:');
  onTestFinished(() => {
    db.close();
  });
  if (options.seeds ?? true) {
    const report = await importFiles(db, [SEEDS_DIR]);
    if (report.imported !== 5) throw new Error(`seeds did not import: ${JSON.stringify(report)}`);
  }
  return { db, path: ':memory:', environment: options.environment, printer: chromiumPrinter, events: new EventHub() };
}

/** The starter codebook of a new project with the sample articles, in codebook order. */
export const STARTER_CODES = [
  'Belarus neutral',
  'Belarus complicit',
  'Belarus co-belligerent',
  'Russian troops in Belarus',
  'Public opinion in Belarus',
  'Sanctions',
  'Lukashenko and Putin',
];

/** Names as the coding popover prints them, numbered from 1: "1 Belarus neutral". */
export const numbered = (names: readonly string[]) => names.map((name, i) => `${i + 1} ${name}`);

/** A temporary folder removed when the test ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quire-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The seed file whose name starts with `prefix` ('000' … '004'). */
export function seedPath(prefix: string): string {
  const names: Record<string, string> = {
    '000': '000_7711b91fd1944c02.txt',
    '001': '001_b5026d01219ff992.txt',
    '002': '002_c202183df8046a46.txt',
    '003': '003_29810c2c97c00281.txt',
    '004': '004_39d982df22f1a969.txt',
  };
  return join(SEEDS_DIR, names[prefix]!);
}

/** Codes the first occurrence of `quote` in document `documentId` with a code, as the project's current coder. */
export async function codeQuote(p: ProjectHandle, documentId: number, codeId: number, quote: string) {
  const body = (await call(p, 'getDocument', { id: documentId })).body;
  const at = body.indexOf(quote);
  if (at < 0) throw new Error(`“${quote}” is not in document ${documentId}`);
  const start = toCodePointOffset(body, at);
  return (await call(p, 'applyCode', { documentId, codeId, start, end: start + countCodePoints(quote) })).coding;
}

/**
 * Every row a command may change (each table of the command log, by id) and the documents in the search index:
 * the state undo must give back exactly and redo must make again.
 */
export const recordState = (p: ProjectHandle): Record<string, unknown[]> => ({
  ...Object.fromEntries(TABLES.map((t) => [t, p.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()])),
  indexed: p.db.prepare('SELECT id FROM documents_fts_docsize ORDER BY id').pluck().all(),
});
