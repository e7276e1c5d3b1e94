// Importing a REFI-QDA file (.qdpx project, .qdc codebook, or a bare .qde)
// into the open project as one command: one entry in the log, one undo.
// The file is read whole first (a broken one changes nothing), then written:
// users → coders, codes, sets → code groups, sources → documents (a text
// already in the project is reused), selections → codings, notes → memos.
import type { Statement } from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { countCodePoints } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { PALETTE } from '../coding/codebook.ts';
import { anchorFields, wholeCharacters } from '../coding/codings.ts';
import { runCommand, type ChangeSet } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { newGuid } from '../guid.ts';
import { plural, type RefiCode, type RefiDocument, type RefiInput, type RefiNote } from './model.ts';
import { readCodebook } from './qdc-read.ts';
import { decodeXml, NO_FILES, readProject, readQdpx } from './qdpx-read.ts';
import { parseXml } from './xml.ts';

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
 * Imports a REFI-QDA file into the project as one undoable command by
 * `coderId`, who is also credited with work the file names nobody for.
 * Throws QuireError('invalid_input') for a file that cannot be read; the
 * project is then unchanged.
 */
/** Imports a REFI-QDA file given by path (desktop, CLI) or as uploaded bytes (browser), refusing files over the size limit before reading them. */
export function importRefiFile(db: Db, coderId: number, input: { path?: string; upload?: { name: string; base64: string } }): RefiImportReport {
  if (input.upload) return importRefiQda(db, coderId, { name: input.upload.name, bytes: Buffer.from(input.upload.base64, 'base64') });
  const path = input.path!;
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new QuireError('not_found', `There is no file ${path}.`);
  }
  if (size > MAX_EXCHANGE_BYTES) throw new QuireError('invalid_input', `${basename(path)} is too large: Quire reads REFI-QDA files up to ${MAX_EXCHANGE_BYTES / 1024 / 1024} MB.`);
  return importRefiQda(db, coderId, { name: basename(path), bytes: readFileSync(path) });
}

/** A project exchange file holds every text, so it may be larger than one document (50 MB). */
const MAX_EXCHANGE_BYTES = 500 * 1024 * 1024;

export function importRefiQda(db: Db, coderId: number, file: { name: string; bytes: Uint8Array }): RefiImportReport {
  const input = readRefiFile(file);
  return runCommand(db, coderId, 'importRefiQda', `Import “${file.name}” (REFI-QDA)`, (c) => new Writer(db, c, coderId, input).write());
}

/** Reads a file by what it holds, whatever its name says: a zip is a .qdpx, XML a codebook or a bare project. */
export function readRefiFile(file: { name: string; bytes: Uint8Array }): RefiInput {
  const [a, b] = file.bytes;
  if (a === 0x50 && b === 0x4b) return readQdpx(file.bytes, file.name);
  if (/\.qdpx$/i.test(file.name)) throw new QuireError('invalid_input', `“${file.name}” is not a .qdpx file: a .qdpx file is a zip archive, and this one is not.`);
  const label = `“${file.name}”`;
  const { name, element } = parseXml(decodeXml(file.bytes, label), label);
  if (name === 'CodeBook') return readCodebook(element);
  if (name === 'Project') return readProject(element, NO_FILES);
  throw new QuireError('invalid_input', `${label} is neither a REFI-QDA codebook nor a project: its root element is <${name}>.`);
}

type MemoTarget = 'document' | 'code' | 'coding';

/** A memo's text from one place in the file, waiting for its target. */
interface MemoPart {
  text: string;
  note: RefiNote | null;
  user: string | null;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const now = () => new Date().toISOString();

class Writer {
  private readonly report: RefiImportReport = { documents: 0, codes: 0, groups: 0, codings: 0, memos: 0, users: 0, skipped: [], notes: [] };
  private readonly coders = new Map<string, number>();
  private readonly codes = new Map<string, number>();
  private readonly documents = new Map<string, number>();
  /** Passages and codings by GUID, for notes that point at them: a passage's notes go to its first coding. */
  private readonly codings = new Map<string, number>();
  private readonly memos = new Map<string, MemoPart[]>();
  private readonly usedNotes = new Set<string>();
  private unknownUsers = 0;
  private readonly statements = new Map<string, Statement>();
  private readonly db: Db;
  private readonly c: ChangeSet;
  private readonly coderId: number;
  private readonly input: RefiInput;

  constructor(db: Db, c: ChangeSet, coderId: number, input: RefiInput) {
    this.db = db;
    this.c = c;
    this.coderId = coderId;
    this.input = input;
  }

  /** A prepared statement, prepared once per import (an import runs thousands). */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  write(): RefiImportReport {
    // Documents first: codings and memos point into them.
    for (const d of this.input.documents) this.writeDocument(d);
    this.adoptDocuments();
    for (const u of this.input.users) this.writeUser(u.guid, u.name);
    this.writeCodes(this.input.codes, null);
    const folders = (codes: readonly RefiCode[]): number => codes.reduce((n, c) => n + (c.codable ? 0 : 1) + folders(c.children), 0);
    const n = folders(this.input.codes);
    if (n) this.report.notes.push(`${plural(n, 'code was a folder', 'codes were folders')} that could not be applied in the other tool; in Quire every code can be applied.`);
    this.writeSets();
    const unknownCodes = new Set<string>();
    let present = 0;
    for (const d of this.input.documents) present += this.writeCodings(d, unknownCodes);
    if (present) this.report.notes.push(`${plural(present, 'coding was', 'codings were')} already in the project and ${present === 1 ? 'was' : 'were'} not added again.`);
    if (unknownCodes.size) this.report.skipped.push(`${plural(unknownCodes.size, 'code', 'codes')} that codings refer to ${unknownCodes.size === 1 ? 'is' : 'are'} not in the file's codebook; those codings were not imported.`);
    this.attachLinkedNotes();
    this.writeMemos();
    const unused = [...this.input.notes.values()].filter((n) => !this.usedNotes.has(n.guid) && n.text.trim());
    if (unused.length) {
      const names = unused.slice(0, 5).map((n) => `“${n.name}”`).join(', ') + (unused.length > 5 ? ', …' : '');
      this.report.skipped.push(`${plural(unused.length, 'note', 'notes')} (${names}) ${unused.length === 1 ? 'was' : 'were'} not imported: Quire keeps memos on documents, codes and coded passages, and ${unused.length === 1 ? 'it is' : 'they are'} attached to none of them.`);
    }
    if (this.unknownUsers) this.report.notes.push(`${plural(this.unknownUsers, 'coding or memo names', 'codings and memos name')} no known user; ${this.unknownUsers === 1 ? 'it is' : 'they are'} credited to you.`);
    this.report.skipped.unshift(...this.input.skipped);
    this.report.notes.unshift(...this.input.info);
    return this.report;
  }

  // -- Documents -------------------------------------------------------------

  private readonly added: { documents: number[]; originals: number[] } = { documents: [], originals: [] };
  private readonly reused: string[] = [];

  private writeDocument(d: RefiDocument): void {
    const body = Buffer.from(d.text, 'utf8');
    const contentHash = sha256(body);
    const existing = this.sql('SELECT id, coalesce(title, filename, guid) AS title FROM documents WHERE content_hash = ?').get(contentHash) as
      | { id: number; title: string }
      | undefined;
    let id: number;
    if (existing) {
      id = existing.id;
      this.reused.push(d.name === existing.title ? `“${d.name}”` : `“${d.name}” (as “${existing.title}”)`);
    } else {
      // A name such as "interview.txt" is a file name; a document's title is what the file does not say.
      const isFileName = /\.(?:txt|text|md|html?|docx?|rtf|pdf|odt)$/i.test(d.name);
      id = Number(
        this.db
          .prepare(
            `INSERT INTO documents (guid, title, body, source, author, published, url, language, filename, path, format,
               encoding, content_hash, original_hash, original_size, char_count, imported_at, import_notes)
             VALUES (@guid, @title, @body, @source, @author, @published, @url, @language, @filename, NULL, 'qdpx',
               @encoding, @contentHash, @originalHash, @originalSize, @charCount, @importedAt, @importNotes)`,
          )
          .run({
            guid: this.freeGuid('documents', d.guids[0] ?? null),
            title: d.metadata.title ?? (isFileName ? null : d.name),
            body: d.text,
            source: d.metadata.source ?? null,
            author: d.metadata.author ?? null,
            published: d.metadata.published ?? null,
            url: d.metadata.url ?? null,
            language: d.metadata.language ?? null,
            filename: d.name,
            encoding: d.encoding,
            contentHash,
            originalHash: d.original ? sha256(d.original) : contentHash,
            originalSize: d.original ? d.original.length : body.length,
            charCount: countCodePoints(d.text),
            importedAt: now(),
            importNotes: d.warnings.length ? JSON.stringify(d.warnings) : null,
          }).lastInsertRowid,
      );
      this.added.documents.push(id);
      if (d.original) {
        this.added.originals.push(Number(this.sql('INSERT INTO document_originals (document_id, bytes) VALUES (?, ?)').run(id, d.original).lastInsertRowid));
      }
      this.report.documents++;
    }
    for (const guid of d.guids) this.documents.set(guid, id);
    const memo = [d.description, ...this.notesFor(d.noteRefs)];
    this.addMemo('document', id, memo);
  }

  /** Documents are logged as id ranges, never copied into the log (their text can be large). */
  private adoptDocuments(): void {
    this.c.adopt('documents', this.added.documents);
    this.c.adopt('document_originals', this.added.originals);
    const n = this.reused.length;
    if (n) {
      const names = this.reused.slice(0, 3).join(', ') + (n > 3 ? `, and ${n - 3} more` : '');
      this.report.notes.push(`${plural(n, 'text was', 'texts were')} already in the project (${names}): ${n === 1 ? 'it was' : 'they were'} not added again; ${n === 1 ? 'its' : 'their'} codings and memos went to the document already there.`);
    }
  }

  // -- Coders, codes and groups ------------------------------------------------

  private writeUser(guid: string, name: string | null): void {
    const label = name?.trim() || `Coder ${guid.slice(0, 8)}`;
    const existing = (this.sql('SELECT id FROM coders WHERE guid = ?').pluck().get(guid) ??
      this.sql('SELECT id FROM coders WHERE name = ?').pluck().get(label)) as number | undefined;
    if (existing) {
      this.coders.set(guid, existing);
      return;
    }
    this.coders.set(guid, this.c.insert('coders', { guid, name: label, created_at: now() }));
    this.report.users++;
  }

  /** The coder a user GUID names; the importing coder when the file names none or an unknown one. */
  private coderOf(guid: string | null): number {
    const id = guid ? this.coders.get(guid) : undefined;
    if (id === undefined) this.unknownUsers++;
    return id ?? this.coderId;
  }

  private writeCodes(codes: readonly RefiCode[], parentId: number | null): void {
    for (const code of codes) {
      // A code the project already has (same GUID) is reused as it is.
      const existing = code.guid ? (this.sql('SELECT id FROM codes WHERE guid = ?').pluck().get(code.guid) as number | undefined) : undefined;
      let id = existing;
      if (id === undefined) {
        const wanted = code.name || 'Unnamed code';
        const name = this.freeName(wanted, (n) => !!this.sql('SELECT 1 FROM codes WHERE coalesce(parent_id, 0) = ? AND name = ? COLLATE NOCASE').get(parentId ?? 0, n));
        if (name !== wanted) {
          const where = parentId === null ? 'at the top level' : `under “${this.sql('SELECT name FROM codes WHERE id = ?').pluck().get(parentId) as string}”`;
          this.report.notes.push(`The code “${wanted}” was imported as “${name}”: the project already has a different code “${wanted}” ${where}.`);
        }
        const count = this.sql('SELECT count(*) FROM codes').pluck().get() as number;
        id = this.c.insert('codes', {
          guid: this.freeGuid('codes', code.guid),
          parent_id: parentId,
          name,
          colour: code.colour ?? PALETTE[count % PALETTE.length]!,
          description: code.description,
          position: this.sql('SELECT coalesce(max(position) + 1, 0) FROM codes WHERE coalesce(parent_id, 0) = ?').pluck().get(parentId ?? 0) as number,
          created_at: now(),
        });
        this.report.codes++;
      }
      if (code.guid && !this.codes.has(code.guid)) this.codes.set(code.guid, id);
      this.addMemo('code', id, this.notesFor(code.noteRefs));
      this.writeCodes(code.children, id);
    }
  }

  private writeSets(): void {
    for (const set of this.input.sets) {
      const members = set.codeGuids.map((g) => this.codeId(g)).filter((id): id is number => id !== undefined);
      const wanted = set.name || 'Unnamed group';
      if (!set.codeGuids.length && set.otherMembers) {
        this.report.skipped.push(`The set “${wanted}” was not imported: it groups documents or notes, and Quire groups only codes.`);
        continue;
      }
      if (set.otherMembers) this.report.skipped.push(`The set “${wanted}” also holds documents or notes; Quire groups only codes, so only its codes are in the group.`);
      let id = set.guid ? (this.sql('SELECT id FROM code_groups WHERE guid = ?').pluck().get(set.guid) as number | undefined) : undefined;
      if (id === undefined) {
        const name = this.freeName(wanted, (n) => !!this.sql('SELECT 1 FROM code_groups WHERE name = ? COLLATE NOCASE').get(n));
        if (name !== wanted) this.report.notes.push(`The set “${wanted}” was imported as the code group “${name}”: the project already has a different group of that name.`);
        id = this.c.insert('code_groups', { guid: this.freeGuid('code_groups', set.guid), name, description: set.description, exclusive: set.exclusive ? 1 : 0, created_at: now() });
        this.report.groups++;
      }
      for (const code of new Set(members)) {
        if (!this.sql('SELECT 1 FROM code_group_members WHERE group_id = ? AND code_id = ?').get(id, code)) this.c.insert('code_group_members', { group_id: id, code_id: code });
      }
    }
  }

  /** A code by GUID: one the file brought, or one the project already had. */
  private codeId(guid: string | null): number | undefined {
    if (!guid) return undefined;
    return this.codes.get(guid) ?? (this.sql('SELECT id FROM codes WHERE guid = ?').pluck().get(guid) as number | undefined);
  }

  // -- Codings and memos -------------------------------------------------------

  /** Writes a document's codings; returns how many were already in the project. */
  private writeCodings(d: RefiDocument, unknownCodes: Set<string>): number {
    const documentId = this.documents.get(d.guids[0]!);
    if (documentId === undefined) return 0;
    let present = 0;
    for (const p of d.passages) {
      const span = wholeCharacters(d.text, p.start, p.end);
      let first: number | undefined;
      for (const k of p.codings) {
        const codeId = this.codeId(k.codeGuid);
        if (codeId === undefined) {
          unknownCodes.add(k.codeGuid ?? '');
          continue;
        }
        const coder = this.coderOf(k.user ?? p.user);
        // The same coding again (a file imported twice, or a text already coded): kept once.
        const sameGuid = k.guid
          ? (this.sql('SELECT id FROM codings WHERE guid = ? AND document_id = ? AND code_id = ?').pluck().get(k.guid, documentId, codeId) as number | undefined)
          : undefined;
        const same =
          sameGuid ??
          (this.sql('SELECT id FROM codings WHERE document_id = ? AND code_id = ? AND coder_id = ? AND start = ? AND "end" = ? AND orphaned = 0')
            .pluck()
            .get(documentId, codeId, coder, span.start, span.end) as number | undefined);
        let id = same;
        if (id === undefined) {
          id = this.c.insert('codings', {
            guid: this.freeGuid('codings', k.guid),
            document_id: documentId,
            code_id: codeId,
            coder_id: coder,
            ...anchorFields(d.text, span.start, span.end),
            created_at: k.created ?? p.created ?? now(),
          });
          this.report.codings++;
        } else present++;
        first ??= id;
        if (k.guid) this.codings.set(k.guid, id);
        this.addMemo('coding', id, this.notesFor(k.noteRefs));
      }
      if (first === undefined) continue;
      if (p.guid) this.codings.set(p.guid, first);
      // Quire has no passages apart from codings: what is written about a passage goes to its first coding.
      this.addMemo('coding', first, [p.description, ...this.notesFor(p.noteRefs)], p.user);
    }
    return present;
  }

  /** Notes attached through Links (NVivo's way) rather than NoteRefs. */
  private attachLinkedNotes(): void {
    for (const [a, b] of this.input.links) {
      for (const [note, other] of [
        [a, b],
        [b, a],
      ] as const) {
        if (!this.input.notes.has(note) || this.usedNotes.has(note)) continue;
        const target: [MemoTarget, number | undefined][] = [
          ['coding', this.codings.get(other)],
          ['document', this.documents.get(other)],
          ['code', this.codes.get(other)],
        ];
        const found = target.find(([, id]) => id !== undefined);
        if (found) this.addMemo(found[0], found[1]!, this.notesFor([note]));
      }
    }
  }

  /** The notes with these GUIDs, as memo parts; a note is used once. */
  private notesFor(guids: readonly string[]): MemoPart[] {
    return guids.flatMap((g) => {
      const note = this.input.notes.get(g);
      if (!note || this.usedNotes.has(g)) return [];
      this.usedNotes.add(g);
      return [{ text: note.text, note, user: note.user }];
    });
  }

  private addMemo(target: MemoTarget, id: number, parts: readonly (MemoPart | string)[], user: string | null = null): void {
    const list = parts.map((p) => (typeof p === 'string' ? { text: p, note: null, user } : p)).filter((p) => p.text.trim());
    if (!list.length) return;
    const key = `${target}:${id}`;
    this.memos.set(key, [...(this.memos.get(key) ?? []), ...list]);
  }

  /** One memo per target: the file's texts joined; added to a memo the target already has, unless it holds them. */
  private writeMemos(): void {
    for (const [key, parts] of this.memos) {
      const [target, idText] = key.split(':') as [MemoTarget, string];
      const id = Number(idText);
      const texts = [...new Set(parts.map((p) => p.text.replace(/\r\n?/g, '\n')))];
      const existing = this.sql('SELECT id, text FROM memos WHERE target_type = ? AND target_id = ?').get(target, id) as { id: number; text: string } | undefined;
      if (existing) {
        const missing = texts.filter((t) => !existing.text.includes(t));
        if (missing.length) this.c.update('memos', existing.id, { text: [existing.text, ...missing].join('\n\n'), updated_at: now() });
        continue;
      }
      const created = parts.map((p) => p.note?.created).find(Boolean) ?? now();
      this.c.insert('memos', {
        guid: this.freeGuid('memos', parts.length === 1 ? (parts[0]!.note?.guid ?? null) : null),
        target_type: target,
        target_id: id,
        text: texts.join('\n\n'),
        coder_id: this.coderOf(parts.find((p) => p.user)?.user ?? null),
        created_at: created,
        updated_at: parts.map((p) => p.note?.modified).find(Boolean) ?? created,
      });
      this.report.memos++;
    }
  }

  // -- Names and GUIDs ----------------------------------------------------------

  /** `wanted`, or "wanted (2)", "(3)"… : the first name `taken` says is free. */
  private freeName(wanted: string, taken: (name: string) => boolean): string {
    if (!taken(wanted)) return wanted;
    for (let n = 2; ; n++) if (!taken(`${wanted} (${n})`)) return `${wanted} (${n})`;
  }

  /** The file's GUID when no row of `table` has it yet (keeping identities across tools), else a new one. */
  private freeGuid(table: 'documents' | 'codes' | 'code_groups' | 'codings' | 'memos', guid: string | null): string {
    if (guid && !this.sql(`SELECT 1 FROM ${table} WHERE guid = ?`).get(guid)) return guid;
    return newGuid();
  }
}
