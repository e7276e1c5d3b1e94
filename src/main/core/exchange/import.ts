// Importing or merging a file into the open project as one command: one
// entry in the log, one undo. The file (a REFI-QDA .qdpx project, .qdc
// codebook or bare .qde, or another Quire project) is read whole first (a
// broken one changes nothing), the merge is planned (merge-plan.ts: what is
// already here, what is added and under which name), then the plan is
// written: documents, coders, codes, code groups, codings, memos.
import type { MergeSummary, RefiImportReport } from '../../../shared/api.ts';
import { countCodePoints } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { importReport } from '../../../shared/merge-summary.ts';
import { newCodePlace } from '../coding/codebook.ts';
import { coderId } from '../coding/coders.ts';
import { anchorFields } from '../coding/anchor.ts';
import { runCommand, type ChangeSet } from '../commands/log.ts';
import { INSERT_DOCUMENT, INSERT_ORIGINAL } from '../corpus/import.ts';
import { makeBackup } from '../db/backups.ts';
import { translateSqliteError } from '../db/errors.ts';
import type { Db } from '../db/open.ts';
import { attributeGuidTaken, nextAttributePosition } from '../db/queries/attributes.ts';
import { coderIdNamed, coderName } from '../db/queries/coders.ts';
import { isMember } from '../db/queries/codes.ts';
import { newGuid } from '../guid.ts';
import { inHandSet, setGuidTaken } from '../documents/sets.ts';
import { sha256 } from '../hash.ts';
import { codeGuid, codingGuidSeen, documentGuid } from '../db/queries/notes.ts';
import { planMerge, statementCache, summarise, type Importer, type MergePlan } from './merge-plan.ts';
import type { RefiInput } from './model.ts';
import { readExchangeBytes, readExchangeFile, type ExchangeSource } from './read.ts';

// The tests read REFI-QDA files through this module.
export { readRefiFile } from './read.ts';
export type { RefiImportReport };

/**
 * Imports a file given by path (desktop, CLI) or as uploaded bytes (browser)
 * into the project at `intoPath` as one undoable command by the coder named
 * `coder`, who is also credited with work the file names nobody for. Throws
 * QuireError('invalid_input') for a file that cannot be read; the project is
 * then unchanged.
 */
export async function importRefiFile(
  db: Db,
  coder: string,
  source: ExchangeSource,
  intoPath = ':memory:',
): Promise<RefiImportReport> {
  const { name, input } = await readExchangeFile(source, intoPath);
  backupBeforeMerge(db, intoPath);
  // The desktop's Import menu takes another Quire project too.
  const description = /\.quire$/i.test(name) ? `Merge “${name}” into this project` : `Import “${name}” (REFI-QDA)`;
  return importReport(merge(db, importer(db, coder), name, input, 'importRefiQda', description));
}

/** Imports a file's bytes as the coder with id `coder` (the tests' way in; the engine's is importRefiFile). */
export async function importRefiQda(
  db: Db,
  coder: number,
  file: { name: string; bytes: Uint8Array },
): Promise<RefiImportReport> {
  const input = await readExchangeBytes(file);
  const name = coderName(db).get(coder)!;
  return importReport(
    merge(db, { id: coder, name }, file.name, input, 'importRefiQda', `Import “${file.name}” (REFI-QDA)`),
  );
}

/** What merging the file would do, worked out without changing anything (not even adding `coder`, who would merge, to the project). */
export async function previewMerge(
  db: Db,
  coder: string,
  source: ExchangeSource,
  intoPath = ':memory:',
): Promise<MergeSummary> {
  const { name, input } = await readExchangeFile(source, intoPath);
  const id = coderIdNamed(db).get(coder);
  return summarise(planMerge(db, { id: id ?? null, name: coder }, name, input));
}

/** Merges another project (Quire or REFI-QDA) into this one as one undoable command by the coder named `coder`; returns what it did. */
export async function mergeProject(
  db: Db,
  coder: string,
  source: ExchangeSource,
  intoPath = ':memory:',
): Promise<MergeSummary> {
  const { name, input } = await readExchangeFile(source, intoPath);
  backupBeforeMerge(db, intoPath);
  return merge(db, importer(db, coder), name, input, 'mergeProject', `Merge “${name}” into this project`);
}

/**
 * Backs the project up once the other file has been read and before anything
 * of it is written (see db/backups.ts); when the backup cannot be made, the
 * merge does not start.
 */
function backupBeforeMerge(db: Db, project: string): void {
  if (project === ':memory:') return;
  try {
    makeBackup(db, project, 'merge');
  } catch (e) {
    const reason = translateSqliteError(e, project);
    const code = reason instanceof QuireError ? reason.code : 'internal';
    throw new QuireError(
      code,
      `Nothing was merged: the backup before the merge could not be made. ${(reason as Error).message ?? String(reason)}`,
      { cause: e },
    );
  }
}

/** The coder who merges, added to the project the first time (as any change of theirs does). */
const importer = (db: Db, name: string) => ({ id: coderId(db, name), name });

/** Plans and writes a merge as one command, in one transaction. The plan is summarised before it is written (writing gives its steps their ids). */
function merge(
  db: Db,
  importer: Importer & { id: number },
  file: string,
  input: RefiInput,
  command: string,
  description: string,
): MergeSummary {
  return runCommand(db, importer.id, command, description, (c) => {
    const plan = planMerge(db, importer, file, input);
    const summary = summarise(plan);
    new Writer(db, c, plan).write();
    return summary;
  });
}

const now = () => new Date().toISOString();

/** Carries out a merge plan inside a command; each step added gets its id here. */
class Writer {
  /** Prepared once per import (an import runs thousands). */
  private readonly sql: ReturnType<typeof statementCache>;
  private readonly db: Db;
  private readonly c: ChangeSet;
  private readonly plan: MergePlan;

  constructor(db: Db, c: ChangeSet, plan: MergePlan) {
    this.db = db;
    this.c = c;
    this.plan = plan;
    this.sql = statementCache(db);
  }

  write(): void {
    // Documents first: codings and memos point into them.
    this.writeDocuments();
    for (const coder of this.plan.coders) {
      if (coder.id === null)
        coder.id = this.c.insert('coders', {
          guid: this.freeGuid('coders', coder.guid),
          name: coder.name,
          created_at: now(),
        });
    }
    this.writeAttributes();
    this.writeCodes();
    this.writeGroups();
    this.writeDocumentSets();
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
    this.writeFreeNotes();
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
        this.sql(INSERT_DOCUMENT).run({
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
          details: d.details?.length ? JSON.stringify(d.details) : null,
          // How another project's OCR read a text is not carried over; its notes are.
          ocr: null,
        }).lastInsertRowid,
      );
      documents.push(step.id);
      if (d.original) originals.push(Number(this.sql(INSERT_ORIGINAL).run(step.id, d.original).lastInsertRowid));
    }
    this.c.adopt('documents', documents);
    this.c.adopt('document_originals', originals);
  }

  /** The file's variables as attributes (ours where they match), then each document's values. */
  private writeAttributes(): void {
    let position = nextAttributePosition(this.db).get() ?? 0;
    for (const a of this.plan.attributes) {
      if (a.id !== null) continue;
      const guidTaken = attributeGuidTaken(this.db).get(a.variable.guid);
      a.id = this.c.insert('attributes', {
        guid: guidTaken ? newGuid() : a.variable.guid,
        name: a.as.name,
        type: a.as.type,
        choices: JSON.stringify(a.as.choices),
        position: position++,
      });
    }
    for (const v of this.plan.attributeValues)
      this.c.insert('document_attributes', {
        document_id: v.document.id,
        attribute_id: v.attribute.id,
        value: v.value,
      });
  }

  /** Codes in tree order, so a parent is written before its children. */
  private writeCodes(): void {
    for (const step of this.plan.codes) {
      if (step.id !== null) continue;
      const parentId = step.parent?.id ?? null;
      const place = newCodePlace(this.db, parentId);
      step.id = this.c.insert('codes', {
        guid: this.freeGuid('codes', step.code.guid),
        parent_id: parentId,
        name: step.name,
        colour: step.code.colour ?? place.colour,
        description: step.code.description,
        position: place.position,
        created_at: now(),
      });
    }
  }

  /** New groups, and the file's codes added to groups here (a group here loses none of its codes). */
  private writeGroups(): void {
    for (const step of this.plan.groups) {
      if (step.id === null) {
        const { set } = step;
        step.id = this.c.insert('code_groups', {
          guid: this.freeGuid('code_groups', set.guid),
          name: step.name,
          description: set.description,
          exclusive: step.exclusive ? 1 : 0,
          created_at: now(),
        });
      }
      for (const code of new Set(step.members.map((m) => m.id!))) {
        if (!isMember(this.db).get(step.id, code))
          this.c.insert('code_group_members', { group_id: step.id, code_id: code });
      }
    }
  }

  /** New document sets (made by hand), and the file's documents added to sets here (a set here loses none of its documents). */
  private writeDocumentSets(): void {
    for (const step of this.plan.documentSets) {
      const { set } = step;
      step.id ??= this.c.insert('document_sets', {
        guid: set.guid && !setGuidTaken(this.db, set.guid) ? set.guid : newGuid(),
        name: step.name,
        description: set.description,
        query: null,
      });
      for (const member of new Set(step.members.map((m) => m.id!))) {
        if (!inHandSet(this.db, step.id, member))
          this.c.insert('document_set_members', { set_id: step.id, document_id: member });
      }
    }
  }

  /** New memos; a memo here keeps its text, and the file's is added below it under a line saying whose it is and where it came from. */
  private writeMemos(): void {
    for (const m of this.plan.memos) {
      if (m.existing) {
        const whose = m.authors.length ? `${m.authors.join(', ')}, from ${this.plan.file}` : `From ${this.plan.file}`;
        this.c.update('memos', m.existing.id, {
          text: [m.existing.text, `— ${whose}:\n${m.texts.join('\n\n')}`].join('\n\n'),
          updated_at: now(),
        });
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

  /** Journal entries and free memos, linked (by GUID, as Quire links them) to what they refer to that is in the project now. */
  private writeFreeNotes(): void {
    for (const step of this.plan.freeNotes) {
      const { note } = step;
      const created = note.created ?? now();
      const id = this.c.insert('notes', {
        guid: this.freeGuid('notes', note.guid),
        kind: step.kind,
        title: note.name,
        text: note.text.replace(/\r\n?/g, '\n'),
        coder_id: step.coder.id,
        created_at: created,
        updated_at: note.modified ?? created,
      });
      const targets = new Set<string>();
      for (const link of step.links) {
        if (link.of.id === null) continue;
        const target = { id: link.of.id };
        const guid =
          link.type === 'document'
            ? documentGuid(this.db).get(target)
            : link.type === 'code'
              ? codeGuid(this.db).get(target)
              : codingGuidSeen(this.db).get({ ...target, viewer: null });
        if (!guid || targets.has(`${link.type}:${guid}`)) continue;
        targets.add(`${link.type}:${guid}`);
        this.c.insert('note_links', { note_id: id, target_type: link.type, target_guid: guid });
      }
    }
  }

  /** The file's GUID when no row of `table` has it yet (keeping identities across tools), else a new one. */
  private freeGuid(
    table: 'documents' | 'coders' | 'codes' | 'code_groups' | 'codings' | 'memos' | 'notes',
    guid: string | null,
  ): string {
    if (guid && !this.sql(`SELECT 1 FROM ${table} WHERE guid = ?`).get(guid)) return guid;
    return newGuid();
  }
}
