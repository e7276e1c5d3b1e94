// Replacing a document's text (a corrected or re-downloaded version, or the
// same text with its boilerplate lines removed): its codings are found again
// in the new text; what cannot be placed becomes an orphan for the user to
// place or discard, never moved silently or dropped.
import { createHash } from 'node:crypto';
import { QuireError } from '../../../shared/errors.ts';
import { countCodePoints } from '../../../shared/codepoints.ts';
import { clip, plural } from '../../../shared/text.ts';
import { runCommand, type ChangeSet } from '../commands/log.ts';
import { cleanText, cleanupRules, type RemovedLine } from '../corpus/cleanup.ts';
import { MAX_FILE_BYTES } from '../corpus/files.ts';
import { createParser } from '../corpus/parsers.ts';
import type { Db } from '../db/open.ts';
import { codersOfPlacedCodings, codingsToAnchor, twinPlaced } from '../db/queries/codings.ts';
import { documentToReplace, documentWithText, originalIdsOf } from '../db/queries/documents.ts';
import { documentTitle } from '../documents/documents.ts';
import { maySee, type Viewer } from '../viewer.ts';
import { anchor, anchorFields } from './anchor.ts';
import { rivalsOf } from './exclusive.ts';

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

/** Gives a document a new version of its text; the report counts the codings the viewer may see. */
export async function replaceDocument(
  db: Db,
  coder: number,
  input: ReplaceInput,
  viewer: Viewer,
): Promise<ReplaceReport> {
  const doc = documentToReplace(db).get(input.id);
  if (!doc) throw new QuireError('not_found', `There is no document ${input.id}.`);
  const name = input.path ?? input.upload?.name;
  if (!name) throw new QuireError('invalid_input', 'Give the new version as a file path or an upload.');
  // Read like an import: rich formats in a worker, under a time limit.
  const parser = createParser([name], { maxBytes: MAX_FILE_BYTES });
  const parsed = await (
    input.path ? parser.parse(input.path) : parser.parseBytes(name, Buffer.from(input.upload!.base64, 'base64'))
  ).finally(() => parser.close());
  if (!parsed.ok) throw new QuireError('invalid_input', parsed.message);
  if (parsed.contentHash === doc.hash)
    return { unchanged: true, kept: codingCount(db, doc.id, viewer), moved: 0, orphaned: 0 };
  const twin = documentWithText(db).get(parsed.contentHash, null);
  if (twin) throw new QuireError('invalid_input', `That text is already in the project as “${twin}”.`);
  return runCommand(
    db,
    coder,
    'replaceDocument',
    `Replace the text of “${clip(doc.name ?? documentTitle(db, doc.id))}”`,
    (c) => {
      const original = originalIdsOf(db).get(doc.id);
      if (original) c.delete('document_originals', original);
      if (parsed.original) c.insert('document_originals', { document_id: doc.id, bytes: parsed.original });
      return replaceText(db, c, doc.id, viewer, parsed.text, {
        content_hash: parsed.contentHash,
        original_hash: parsed.originalHash,
        original_size: parsed.originalSize,
        encoding: parsed.encoding,
        format: parsed.format,
        import_notes: parsed.warnings.length ? JSON.stringify(parsed.warnings) : null,
      });
    },
  );
}

const codingCount = (db: Db, documentId: number, viewer: Viewer) =>
  codersOfPlacedCodings(db)
    .all(documentId)
    .filter((coder) => maySee(viewer, coder)).length;

/**
 * Inside a command: gives a document new text (with `fields` that describe
 * it), then finds each of its codings again in the new text; those that
 * cannot be placed become orphans. So does one whose new place would
 * overlap another value of an exclusive group by the same coder (placed
 * before it): the user chooses its passage, as for the other orphans.
 */
function replaceText(
  db: Db,
  c: ChangeSet,
  documentId: number,
  viewer: Viewer,
  text: string,
  fields: Record<string, unknown>,
): ReplaceReport {
  const codings = codingsToAnchor(db).all(documentId);
  // The report counts what the viewer may see (a blind coder's own codings); every coding is re-placed alike.
  const report: ReplaceReport = { unchanged: false, kept: 0, moved: 0, orphaned: 0 };
  const count = (k: { coderId: number }, what: 'kept' | 'moved' | 'orphaned') => {
    if (maySee(viewer, k.coderId)) report[what]++;
  };
  c.update('documents', documentId, { ...fields, body: text, char_count: countCodePoints(text) });
  // Orphans first make room, so a placed passage never collides with one being re-placed.
  for (const k of codings) c.update('codings', k.id, { orphaned: 1 });
  for (const k of codings) {
    const found = anchor(text, k);
    const taken =
      found &&
      (twinPlaced(db).get(k.id, found.start, found.end) ||
        rivalsOf(db, { documentId, codeId: k.codeId, coderId: k.coderId, ...found }, k.id).length > 0);
    if (!found || taken) {
      count(k, 'orphaned');
      continue;
    }
    c.update('codings', k.id, { ...anchorFields(text, found.start, found.end), orphaned: 0 });
    count(k, found.start === k.start && found.end === k.end ? 'kept' : 'moved');
  }
  return report;
}

export interface CleanupPreview {
  documentId: number;
  title: string;
  removed: RemovedLine[];
}

/** A document the rules would change: its text before and after, and its import notes. */
interface PlannedCleanup extends CleanupPreview {
  body: string;
  cleaned: string;
  notes: string | null;
}

/** Each document the rules would change (all documents when none are named); an unknown rule is refused. */
function planCleanup(db: Db, input: { documentIds?: number[]; rules?: string[] }): PlannedCleanup[] {
  cleanupRules(input.rules);
  const rows = db
    .prepare<{ ids: string | null }, { id: number; title: string; body: string; notes: string | null }>(
      `SELECT id, coalesce(title, filename, guid) AS title, body, import_notes AS notes FROM documents WHERE @ids IS NULL OR id IN (SELECT value FROM json_each(@ids)) ORDER BY id`,
    )
    .iterate({ ids: input.documentIds ? JSON.stringify(input.documentIds) : null });
  // One at a time: only the texts the rules change are kept.
  const plan: PlannedCleanup[] = [];
  for (const r of rows) {
    const { text, removed } = cleanText(r.body, input.rules);
    if (removed.length)
      plan.push({ documentId: r.id, title: r.title, removed, body: r.body, cleaned: text, notes: r.notes });
  }
  return plan;
}

/** The lines the cleanup rules would remove from each document (all documents when none are named); documents with none are left out. */
export function previewCleanup(db: Db, input: { documentIds?: number[]; rules?: string[] }): CleanupPreview[] {
  return planCleanup(db, input).map(({ documentId, title, removed }) => ({ documentId, title, removed }));
}

/**
 * Removes the lines the rules match from the documents, as one undoable step.
 * Codings are found again in the cleaned text (one on a removed line becomes
 * an orphan); the text before cleanup is kept as the document's original
 * when no original file is kept already.
 */
export function cleanupDocuments(
  db: Db,
  coder: number,
  input: { documentIds: number[]; rules?: string[] },
  viewer: Viewer,
): { documents: number; lines: number } & Omit<ReplaceReport, 'unchanged'> {
  const plan = planCleanup(db, input);
  const total = { documents: plan.length, lines: 0, kept: 0, moved: 0, orphaned: 0 };
  if (!plan.length) return total;
  const lines = plan.reduce((n, p) => n + p.removed.length, 0);
  const hasOriginal = db.prepare('SELECT 1 FROM document_originals WHERE document_id = ?');
  runCommand(
    db,
    coder,
    'cleanupDocuments',
    `Remove ${plural(lines, 'boilerplate line')} from ${plan.length === 1 ? `“${clip(plan[0]!.title)}”` : `${plan.length} documents`}`,
    (c) => {
      for (const p of plan) {
        const hash = createHash('sha256').update(p.cleaned).digest('hex');
        const twin = documentWithText(db).get(hash, p.documentId);
        if (twin)
          throw new QuireError(
            'invalid_input',
            `Cleaned up, “${clip(p.title)}” would be the same text as “${clip(twin)}”: leave it out, or delete one of them first.`,
          );
        if (!hasOriginal.get(p.documentId))
          c.insert('document_originals', { document_id: p.documentId, bytes: Buffer.from(p.body, 'utf8') });
        const notes = JSON.parse(p.notes ?? '[]') as string[];
        const r = replaceText(db, c, p.documentId, viewer, p.cleaned, {
          content_hash: hash,
          import_notes: JSON.stringify([
            ...notes,
            `Cleaned up: removed ${plural(p.removed.length, 'line')} (${[...new Set(p.removed.map((x) => x.rule))].join(', ')}).`,
          ]),
        });
        total.lines += p.removed.length;
        total.kept += r.kept;
        total.moved += r.moved;
        total.orphaned += r.orphaned;
      }
    },
  );
  return total;
}
