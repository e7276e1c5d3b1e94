// Replacing a document's text (a corrected or re-downloaded version): its
// codings are found again in the new text; what cannot be placed becomes an
// orphan for the user to place or discard, never moved silently or dropped.
import { QuireError } from '../../../shared/errors.ts';
import { runCommand } from '../commands/log.ts';
import { MAX_FILE_BYTES } from '../corpus/files.ts';
import { createParser } from '../corpus/parsers.ts';
import type { Db } from '../db/open.ts';
import { anchor } from './anchor.ts';
import { anchorFields, clip } from './codings.ts';

export interface ReplaceInput {
  id: number;
  path?: string;
  upload?: { name: string; base64: string };
}

export interface ReplaceReport {
  unchanged: boolean;
  kept: number;
  moved: number;
  orphaned: number;
}

export async function replaceDocument(db: Db, coder: number, input: ReplaceInput): Promise<ReplaceReport> {
  const doc = db.prepare('SELECT id, coalesce(title, filename) AS name, content_hash AS hash FROM documents WHERE id = ?').get(input.id) as
    | { id: number; name: string; hash: string }
    | undefined;
  if (!doc) throw new QuireError('not_found', `There is no document ${input.id}.`);
  const name = input.path ?? input.upload?.name;
  if (!name) throw new QuireError('invalid_input', 'Give the new version as a file path or an upload.');
  // Read like an import: rich formats in a worker, under a time limit.
  const parser = createParser([name], { maxBytes: MAX_FILE_BYTES });
  const parsed = await (input.path ? parser.parse(input.path) : parser.parseBytes(name, Buffer.from(input.upload!.base64, 'base64'))).finally(() => parser.close());
  if (!parsed.ok) throw new QuireError('invalid_input', parsed.message);
  const codings = db.prepare('SELECT id, start, "end", quote, prefix, suffix FROM codings WHERE document_id = ? ORDER BY id').all(doc.id) as {
    id: number;
    start: number;
    end: number;
    quote: string;
    prefix: string;
    suffix: string;
  }[];
  if (parsed.contentHash === doc.hash) return { unchanged: true, kept: codings.length, moved: 0, orphaned: 0 };
  const twin = db.prepare('SELECT coalesce(title, filename) FROM documents WHERE content_hash = ?').pluck().get(parsed.contentHash) as string | undefined;
  if (twin) throw new QuireError('invalid_input', `That text is already in the project as “${twin}”.`);
  const report: ReplaceReport = { unchanged: false, kept: 0, moved: 0, orphaned: 0 };
  runCommand(db, coder, 'replaceDocument', `Replace the text of “${clip(doc.name)}”`, (c) => {
    c.update('documents', doc.id, {
      body: parsed.text,
      content_hash: parsed.contentHash,
      original_hash: parsed.originalHash,
      original_size: parsed.originalSize,
      char_count: parsed.charCount,
      encoding: parsed.encoding,
      format: parsed.format,
      import_notes: parsed.warnings.length ? JSON.stringify(parsed.warnings) : null,
    });
    const original = db.prepare('SELECT id FROM document_originals WHERE document_id = ?').pluck().get(doc.id) as number | undefined;
    if (original) c.delete('document_originals', original);
    if (parsed.original) c.insert('document_originals', { document_id: doc.id, bytes: parsed.original });
    // Orphans first make room, so a placed passage never collides with one being re-placed.
    for (const k of codings) c.update('codings', k.id, { orphaned: 1 });
    for (const k of codings) {
      const found = anchor(parsed.text, k);
      const taken =
        found &&
        db
          .prepare('SELECT 1 FROM codings a JOIN codings b ON b.id = ? WHERE a.document_id = b.document_id AND a.code_id = b.code_id AND a.coder_id = b.coder_id AND a.start = ? AND a."end" = ? AND a.orphaned = 0')
          .get(k.id, found.start, found.end);
      if (!found || taken) {
        report.orphaned++;
        continue;
      }
      c.update('codings', k.id, { ...anchorFields(parsed.text, found.start, found.end), orphaned: 0 });
      if (found.start === k.start && found.end === k.end) report.kept++;
      else report.moved++;
    }
  });
  return report;
}
