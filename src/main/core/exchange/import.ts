// Importing or merging a file into the open project as one command: one
// entry in the log, one undo. The file (a REFI-QDA .qdpx project, .qdc
// codebook or bare .qde, or another Quire project) is read whole first (a
// broken one changes nothing), the merge is planned (merge-plan.ts: what is
// already here, what is added and under which name), then the plan is
// written: documents, coders, codes, code groups, codings, memos.
import type { Statement } from 'better-sqlite3';
import { countCodePoints } from '../../../shared/codepoints.ts';
import type { MergeSummary } from '../../../shared/api.ts';
import { mergeNotes } from '../../../shared/merge-summary.ts';
import { PALETTE } from '../coding/codebook.ts';
import { anchorFields } from '../coding/codings.ts';
import { runCommand, type ChangeSet } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { newGuid } from '../guid.ts';
import { planMerge, sha256, summarise, type Importer, type MergePlan } from './merge-plan.ts';
import { readExchangeBytes, readExchangeFile, type ExchangeSource } from './read.ts';

export { readRefiFile } from './read.ts';

export interface RefiImportReport {
  /** Rows added: documents (texts already in the project are reused, not counted), codes, code groups, codings, memos, coders. */
  documents: number;
  codes: number;
  groups: number;
  codings: number;
  memos: number;
  users: number;
  /** What could not be carried over, in plain words. */
  skipped: string[];
  /** What was carried over in its own way (reused, renamed, converted), in plain words. */
  notes: string[];
}

/**
 * Imports a file given by path (desktop, CLI) or as uploaded bytes (browser)
 * into the project at `intoPath` as one undoable command by `coderId`, who is
 * also credited with work the file names nobody for. Throws
 * QuireError('invalid_input') for a file that cannot be read; the project is
 * then unchanged.
 */
export function importRefiFile(db: Db, coderId: number, source: ExchangeSource, intoPath = ':memory:'): RefiImportReport {
  const { name, input } = readExchangeFile(source, intoPath);
  // The desktop's Import menu takes another Quire project too.
  const description = /\.quire$/i.test(name) ? `Merge “${name}” into this project` : `Import “${name}” (REFI-QDA)`;
  return counts(write(db, coderId, () => planMerge(db, importer(db, coderId), name, input), 'importRefiQda', description));
}

export function importRefiQda(db: Db, coderId: number, file: { name: string; bytes: Uint8Array }): RefiImportReport {
  const input = readExchangeBytes(file);
  return counts(write(db, coderId, () => planMerge(db, importer(db, coderId), file.name, input), 'importRefiQda', `Import “${file.name}” (REFI-QDA)`));
}

/** What merging the file would do, worked out without changing anything (not even adding `coder`, who would merge, to the project). */
export function previewMerge(db: Db, coder: string, source: ExchangeSource, intoPath = ':memory:'): MergeSummary {
  const { name, input } = readExchangeFile(source, intoPath);
  const id = db.prepare('SELECT id FROM coders WHERE name = ?').pluck().get(coder) as number | undefined;
  return summarise(planMerge(db, { id: id ?? null, name: coder }, name, input));
}

/** Merges another project (Quire or REFI-QDA) into this one as one undoable command; returns what it did. */
export function mergeProject(db: Db, coderId: number, source: ExchangeSource, intoPath = ':memory:'): MergeSummary {
  const { name, input } = readExchangeFile(source, intoPath);
  return write(db, coderId, () => planMerge(db, importer(db, coderId), name, input), 'mergeProject', `Merge “${name}” into this project`);
}

const importer = (db: Db, id: number): Importer => ({ id, name: db.prepare('SELECT name FROM coders WHERE id = ?').pluck().get(id) as string });

/** Plans and writes a merge as one command, in one transaction. The plan is summarised before it is written (writing gives its steps their ids). */
function write(db: Db, coderId: number, planned: () => MergePlan, command: string, description: string): MergeSummary {
  return runCommand(db, coderId, command, description, (c) => {
    const plan = planned();
    const summary = summarise(plan);
    new Writer(db, c, plan).write();
    return summary;
  });
}

/** A merge in the counts the REFI-QDA import has always reported. */
function counts(s: MergeSummary): RefiImportReport {
  return {
    documents: s.documents.added.length,
    codes: s.codes.added.length + s.codes.renamed.length,
    groups: s.groups.added.length + s.groups.renamed.length,
    codings: s.codings.added,
    memos: s.memos.added,
    users: s.coders.added.length,
    skipped: s.skipped,
    notes: mergeNotes(s),
  };
}

const now = () => new Date().toISOString();

/** Carries out a merge plan inside a command; each step added gets its id here. */
class Writer {
  private readonly statements = new Map<string, Statement>();
  private readonly db: Db;
  private readonly c: ChangeSet;
  private readonly plan: MergePlan;

  constructor(db: Db, c: ChangeSet, plan: MergePlan) {
    this.db = db;
    this.c = c;
    this.plan = plan;
  }

  /** A prepared statement, prepared once per import (an import runs thousands). */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  write(): void {
    // Documents first: codings and memos point into them.
    this.writeDocuments();
    for (const coder of this.plan.coders) {
      if (coder.id === null) coder.id = this.c.insert('coders', { guid: this.freeGuid('coders', coder.guid), name: coder.name, created_at: now() });
    }
    this.writeCodes();
    this.writeGroups();
    for (const k of this.plan.codings) {
      if (k.id !== null) continue;
      k.id = this.c.insert('codings', {
        guid: this.freeGuid('codings', k.guid),
        document_id: k.document.id,
        code_id: k.code.id,
        coder_id: k.coder.id,
        ...anchorFields(k.document.doc.text, k.start, k.end),
        created_at: k.created ?? now(),
      });
    }
    this.writeMemos();
  }

  /** Documents are logged as id ranges, never copied into the log (their text can be large). */
  private writeDocuments(): void {
    const documents: number[] = [];
    const originals: number[] = [];
    for (const step of this.plan.documents) {
      if (step.id !== null) continue;
      const d = step.doc;
      const body = Buffer.from(d.text, 'utf8');
      // A name such as "interview.txt" is a file name; a document's title is what the file does not say.
      const isFileName = /\.(?:txt|text|md|html?|docx?|rtf|pdf|odt)$/i.test(d.name);
      step.id = Number(
        this.sql(
          `INSERT INTO documents (guid, title, body, source, author, published, url, language, filename, path, format,
             encoding, content_hash, original_hash, original_size, char_count, imported_at, import_notes)
           VALUES (@guid, @title, @body, @source, @author, @published, @url, @language, @filename, @path, @format,
             @encoding, @contentHash, @originalHash, @originalSize, @charCount, @importedAt, @importNotes)`,
        ).run({
          guid: this.freeGuid('documents', d.guids[0] ?? null),
          title: d.quire ? (d.metadata.title ?? null) : (d.metadata.title ?? (isFileName ? null : d.name)),
          body: d.text,
          source: d.metadata.source ?? null,
          author: d.metadata.author ?? null,
          published: d.metadata.published ?? null,
          url: d.metadata.url ?? null,
          language: d.metadata.language ?? null,
          filename: d.quire ? d.quire.filename : d.name,
          path: d.quire?.path ?? null,
          format: d.quire?.format ?? 'qdpx',
          encoding: d.encoding,
          contentHash: step.hash,
          originalHash: d.original ? sha256(d.original) : step.hash,
          originalSize: d.original ? d.original.length : body.length,
          charCount: countCodePoints(d.text),
          importedAt: now(),
          importNotes: d.warnings.length ? JSON.stringify(d.warnings) : null,
        }).lastInsertRowid,
      );
      documents.push(step.id);
      if (d.original) originals.push(Number(this.sql('INSERT INTO document_originals (document_id, bytes) VALUES (?, ?)').run(step.id, d.original).lastInsertRowid));
    }
    this.c.adopt('documents', documents);
    this.c.adopt('document_originals', originals);
  }

  /** Codes in tree order, so a parent is written before its children. */
  private writeCodes(): void {
    for (const step of this.plan.codes) {
      if (step.id !== null) continue;
      const parentId = step.parent?.id ?? null;
      const count = this.sql('SELECT count(*) FROM codes').pluck().get() as number;
      step.id = this.c.insert('codes', {
        guid: this.freeGuid('codes', step.code.guid),
        parent_id: parentId,
        name: step.name,
        colour: step.code.colour ?? PALETTE[count % PALETTE.length]!,
        description: step.code.description,
        position: this.sql('SELECT coalesce(max(position) + 1, 0) FROM codes WHERE coalesce(parent_id, 0) = ?').pluck().get(parentId ?? 0) as number,
        created_at: now(),
      });
    }
  }

  /** New groups, and the file's codes added to groups here (a group here loses none of its codes). */
  private writeGroups(): void {
    for (const step of this.plan.groups) {
      if (step.id === null) {
        const { set } = step;
        step.id = this.c.insert('code_groups', { guid: this.freeGuid('code_groups', set.guid), name: step.name, description: set.description, exclusive: set.exclusive ? 1 : 0, created_at: now() });
      }
      for (const code of new Set(step.members.map((m) => m.id!))) {
        if (!this.sql('SELECT 1 FROM code_group_members WHERE group_id = ? AND code_id = ?').get(step.id, code)) this.c.insert('code_group_members', { group_id: step.id, code_id: code });
      }
    }
  }

  /** New memos; a memo here keeps its text, and the file's is added below it under a line saying whose it is and where it came from. */
  private writeMemos(): void {
    for (const m of this.plan.memos) {
      if (m.existing) {
        const whose = m.authors.length ? `${m.authors.join(', ')}, from ${this.plan.file}` : `From ${this.plan.file}`;
        this.c.update('memos', m.existing.id, { text: [m.existing.text, `— ${whose}:\n${m.texts.join('\n\n')}`].join('\n\n'), updated_at: now() });
        continue;
      }
      const created = m.created ?? now();
      this.c.insert('memos', {
        guid: this.freeGuid('memos', m.guid),
        target_type: m.target,
        target_id: m.of.id,
        text: m.texts.join('\n\n'),
        coder_id: m.coder.id,
        created_at: created,
        updated_at: m.modified ?? created,
      });
    }
  }

  /** The file's GUID when no row of `table` has it yet (keeping identities across tools), else a new one. */
  private freeGuid(table: 'documents' | 'coders' | 'codes' | 'code_groups' | 'codings' | 'memos', guid: string | null): string {
    if (guid && !this.sql(`SELECT 1 FROM ${table} WHERE guid = ?`).get(guid)) return guid;
    return newGuid();
  }
}
