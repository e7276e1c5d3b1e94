// The plan for merging a file (another Quire project, or a REFI-QDA project or
// codebook) into the open project, worked out before anything is written:
// what is already here, what is added, under which name, by whom. The
// preview shows it; the writer (import.ts) carries it out as one command.
//
// Matching: documents by the SHA-256 of their text; coders by GUID, then
// name; codes by GUID, then by name (any case) under the code their parent
// became; groups by GUID, then name. A code of ours already matched by GUID
// to another code of the file is not matched again by name: a code of the
// file with its name is added as "Name (2)".
import { planAttributes, type AttributeStep, type AttributeValueStep } from './attributes-plan.ts';
import { planDocumentSets, type DocumentSetStep } from './sets-plan.ts';
import type { Statement } from 'better-sqlite3';
import type { MemoTarget, MergeSummary } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import { quoted } from '../../../shared/merge-summary.ts';
import { clip, freeName, plural } from '../../../shared/text.ts';
import { findCoding, wholeCharacters } from '../coding/codings.ts';
import {
  conflictsIfExclusive,
  describeConflicts,
  PlannedValues,
  type PlannedGroup,
  type PlannedValue,
} from '../coding/exclusive.ts';
import type { Db } from '../db/open.ts';
import {
  codeByGuid,
  codeName,
  codeNameAndParent,
  codeNamedUnder,
  groupByGuid,
  groupNamed,
} from '../db/queries/codes.ts';
import { codingByGuid } from '../db/queries/codings.ts';
import { coderIdByGuid, coderIdNamed, coderName } from '../db/queries/coders.ts';
import { memoOf } from '../db/queries/memos.ts';
import { noteExists } from '../db/queries/notes.ts';
import { documentByHash, documentNameByGuid } from '../db/queries/documents.ts';
import { sha256 } from '../hash.ts';
import type { RefiCode, RefiDocument, RefiInput, RefiNote, RefiSet } from './model.ts';

/** Something the plan refers to: `id` is the row here, null until the writer adds it. */
interface Step {
  id: number | null;
}

export interface DocumentStep extends Step {
  doc: RefiDocument;
  hash: string;
  /** The title of the document here with the same text. */
  here: string | null;
}

export interface CoderStep extends Step {
  guid: string | null;
  name: string;
}

export interface CodeStep extends Step {
  code: RefiCode;
  parent: CodeStep | null;
  /** The name it has (matched) or will have (added) here. */
  name: string;
  /** Its path in the file ("Stance › Neutral"). */
  path: string;
  by: 'guid' | 'name' | null;
  differs: string | null;
  renamed: { from: string; why: string } | null;
}

export interface GroupStep extends Step {
  set: RefiSet;
  name: string;
  /** Whether a group added is exclusive: as in the file, unless the codings there already break the rule. */
  exclusive: boolean;
  by: 'guid' | 'name' | null;
  differs: string | null;
  renamed: { from: string; why: string } | null;
  members: Step[];
}

export interface CodingStep extends Step {
  document: DocumentStep;
  code: Step;
  coder: CoderStep;
  start: number;
  end: number;
  guid: string | null;
  created: string | null;
}

export interface MemoStep {
  target: MemoTarget;
  of: DocumentStep | CodeStep | CodingStep;
  /** The texts to write: all of them for a new memo, those the memo here lacks for one appended to. */
  texts: string[];
  existing: { id: number; text: string } | null;
  coder: CoderStep;
  /** Whose texts they are, named in the line above them when they are appended. */
  authors: string[];
  guid: string | null;
  created: string | null;
  modified: string | null;
  label: string;
}

export interface MergePlan {
  file: string;
  documents: DocumentStep[];
  coders: CoderStep[];
  codes: CodeStep[];
  groups: GroupStep[];
  /** Codings to add (id null) and those already here (id set). */
  codings: CodingStep[];
  memos: MemoStep[];
  /** Journal entries and free memos to add, with what each is linked to. */
  freeNotes: FreeNoteStep[];
  notes: string[];
  skipped: string[];
  /** Codings whose place depends on how the other program counted, which the file does not show clearly (positions.ts), with their code's name. */
  uncertain: { step: CodingStep; code: string }[];
  /** The file's variables as document attributes, and the values to set (attributes-plan.ts). */
  attributes: AttributeStep[];
  attributeValues: AttributeValueStep[];
  /** The file's sets of sources as document sets made by hand (sets-plan.ts). */
  documentSets: DocumentSetStep[];
}

/** A note of the file that stands on its own, to add to the journal and memos. */
export interface FreeNoteStep {
  note: RefiNote;
  kind: 'journal' | 'memo';
  coder: CoderStep;
  links: { type: MemoTarget; of: DocumentStep | CodeStep | CodingStep }[];
}

/** A memo's text from one place in the file, waiting for its target. */
interface MemoPart {
  text: string;
  note: RefiNote | null;
  user: string | null;
}

/** Who merges: credited with what the file names nobody for. A preview may name a coder the project does not have yet (id null). */
export interface Importer {
  id: number | null;
  name: string;
}

/** Prepares each statement once: a merge runs the same few thousands of times. */
export function statementCache(db: Db): (sql: string) => Statement {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
}

/** Works out how `input`, read from `file`, merges into the project. */
export function planMerge(db: Db, importer: Importer, file: string, input: RefiInput): MergePlan {
  return new Planner(db, importer, file, input).plan();
}

class Planner {
  private readonly result: MergePlan;
  private readonly documentByGuid = new Map<string, DocumentStep>();
  private readonly documentByHash = new Map<string, DocumentStep>();
  private readonly coderByGuid = new Map<string, CoderStep>();
  private readonly importer: CoderStep;
  private readonly codeByGuid = new Map<string, CodeStep>();
  /** Codes and groups here that a step of the file already stands for. */
  private readonly claimedCodes = new Map<number, CodeStep>();
  /** Codes here that a code of the file has the GUID of, wherever they are in its tree. */
  private readonly guidClaims = new Map<number, { code: RefiCode; path: string }>();
  private readonly claimedGroups = new Map<number, GroupStep>();
  /** Codings by GUID (codings and passages), for notes that point at them. */
  private readonly codingByGuid = new Map<string, CodingStep>();
  private readonly codingByKey = new Map<string, CodingStep>();
  private readonly codingHere = new Map<number, CodingStep>();
  private readonly tokens = new Map<Step, string>();
  private readonly memoParts = new Map<
    DocumentStep | CodeStep | CodingStep,
    { target: MemoTarget; parts: MemoPart[] }
  >();
  private readonly usedNotes = new Set<string>();
  /** What each journal entry or free memo of the file refers to (its NoteRefs and Links). */
  private readonly freeNoteLinks = new Map<string, { type: MemoTarget; of: DocumentStep | CodeStep | CodingStep }[]>();
  private unknownUsers = 0;
  /** Codings of the file not added because they would break the rule of exclusive groups, with what they would conflict with. */
  private readonly heldBack = new Map<CodingStep, { other: string; group: string; here: boolean }>();
  private heldBackMemos = 0;
  private readonly db: Db;
  private readonly input: RefiInput;

  constructor(db: Db, importer: Importer, file: string, input: RefiInput) {
    this.db = db;
    this.input = input;
    this.importer = { ...importer, guid: null };
    this.result = {
      file,
      documents: [],
      coders: [],
      codes: [],
      groups: [],
      codings: [],
      memos: [],
      freeNotes: [],
      notes: [],
      skipped: [],
      uncertain: [],
      attributes: [],
      attributeValues: [],
      documentSets: [],
    };
  }

  plan(): MergePlan {
    const { input, result } = this;
    for (const d of input.documents) this.planDocument(d);
    this.planCodes();
    this.planGroups();
    const unknownCodes = new Set<string>();
    for (const d of input.documents) this.planCodings(d, unknownCodes);
    if (unknownCodes.size)
      result.skipped.push(
        `${plural(unknownCodes.size, 'code')} that codings refer to ${unknownCodes.size === 1 ? 'is' : 'are'} not in the file's codebook; those codings were not imported.`,
      );
    this.keepExclusive();
    this.attachLinkedNotes();
    this.planMemos();
    this.planFreeNotes();
    this.describe();
    planAttributes(result, input, this.db);
    planDocumentSets(result, input, this.db);
    return result;
  }

  // -- Documents ---------------------------------------------------------------

  private planDocument(d: RefiDocument): void {
    const hash = sha256(Buffer.from(d.text, 'utf8'));
    let step = this.documentByHash.get(hash);
    if (!step) {
      const here = documentByHash(this.db).get(hash);
      step = { doc: d, hash, id: here?.id ?? null, here: here?.title ?? null };
      this.documentByHash.set(hash, step);
      this.result.documents.push(step);
      const guid = d.guids[0];
      if (!here && guid) {
        const other = documentNameByGuid(this.db).get(guid);
        if (other)
          this.result.notes.push(
            `“${d.name}” is here as “${other}” with another text (a newer or older version): it is added as a document of its own.`,
          );
      }
    }
    for (const guid of d.guids) this.documentByGuid.set(guid, step);
    this.addMemo('document', step, [d.description, ...this.notesFor(d.noteRefs, 'document', step)]);
  }

  // -- Coders -------------------------------------------------------------------

  /** The coder a user GUID names (matched here by GUID, then name, or added); the importer when the file names none or an unknown one. */
  private coderOf(guid: string | null): CoderStep {
    if (!guid) return this.unknown();
    const known = this.coderByGuid.get(guid);
    if (known) return known;
    const user = this.input.users.find((u) => u.guid === guid);
    if (!user) return this.unknown();
    const name = user.name?.trim() || `Coder ${guid.slice(0, 8)}`;
    const id = coderIdByGuid(this.db).get(guid) ?? coderIdNamed(this.db).get(name);
    const here = id === undefined ? null : coderName(this.db).get(id)!;
    // Two users of the file may be one coder here: one step per coder.
    const step = this.result.coders.find(
      (c) => (id !== undefined && c.id === id) || (id === undefined && c.id === null && c.name === name),
    ) ?? { id: id ?? null, guid, name: here ?? name };
    if (!this.result.coders.includes(step)) this.result.coders.push(step);
    this.coderByGuid.set(guid, step);
    return step;
  }

  private unknown(): CoderStep {
    this.unknownUsers++;
    return this.importer;
  }

  // -- Codes --------------------------------------------------------------------

  private planCodes(): void {
    // GUIDs first, over the whole tree: a code of ours that the file knows by GUID is that code, wherever it is.
    const visit = (codes: readonly RefiCode[], path: string) => {
      for (const code of codes) {
        const at = path ? `${path} › ${code.name || 'Unnamed code'}` : code.name || 'Unnamed code';
        const id = code.guid ? codeByGuid(this.db).get(code.guid) : undefined;
        if (id !== undefined && !this.guidClaims.has(id)) this.guidClaims.set(id, { code, path: at });
        visit(code.children, at);
      }
    };
    visit(this.input.codes, '');
    const byGuid = new Map([...this.guidClaims].map(([id, { code }]) => [code, id]));
    const planned = (codes: readonly RefiCode[], parent: CodeStep | null) => {
      for (const code of codes) planned(code.children, this.planCode(code, parent, byGuid.get(code)));
    };
    planned(this.input.codes, null);
    const folders = (codes: readonly RefiCode[]): number =>
      codes.reduce((n, c) => n + (c.codable ? 0 : 1) + folders(c.children), 0);
    const n = folders(this.input.codes);
    if (n)
      this.result.notes.push(
        `${plural(n, 'code was a folder', 'codes were folders')} that could not be applied in the other tool; in Quire every code can be applied.`,
      );
  }

  private planCode(code: RefiCode, parent: CodeStep | null, guidMatch: number | undefined): CodeStep {
    const wanted = code.name || 'Unnamed code';
    const path = parent ? `${parent.path} › ${wanted}` : wanted;
    // The parent's row here; null at the top level, and for a parent being added (which has no codes here to match).
    const parentId = parent ? parent.id : null;
    const canMatch = parent === null || parentId !== null;
    const step: CodeStep = { code, parent, id: null, name: wanted, path, by: null, differs: null, renamed: null };
    const here = (id: number) => codeNameAndParent(this.db).get(id)!;
    const sibling = (name: string) => (canMatch ? codeNamedUnder(this.db).get(parentId ?? 0, name) : undefined);
    if (guidMatch !== undefined) {
      const ours = here(guidMatch);
      Object.assign(step, { id: guidMatch, name: ours.name, by: 'guid' });
      const renamed = ours.name !== wanted;
      const moved = parent?.id === null || ours.parentId !== (parent?.id ?? null);
      if (renamed || moved) {
        const place = ours.parentId === null ? 'at the top level' : `under “${this.codePath(ours.parentId)}”`;
        step.differs = renamed
          ? `“${path}” is called “${ours.name}” here${moved ? `, ${place}` : ''}`
          : `“${path}” is ${place} here`;
      }
    } else {
      const same = sibling(wanted);
      // A code here that another code of the file already is (by GUID, or by name before this one) is a different code.
      const other = same === undefined ? undefined : (this.claimedCodes.get(same) ?? this.guidClaims.get(same));
      if (same !== undefined && !other) {
        Object.assign(step, { id: same, name: here(same).name, by: 'name' });
      } else {
        const planned = this.result.codes
          .filter((s) => s.parent === parent && s.id === null)
          .map((s) => s.name.toLowerCase());
        step.name = freeName(wanted, (n) => planned.includes(n.toLowerCase()) || sibling(n) !== undefined);
        if (step.name !== wanted) {
          const where = parent === null ? 'at the top level' : `under “${parent.name}”`;
          step.renamed = {
            from: wanted,
            why: other
              ? `“${wanted}” ${where} here is their “${other.path}”`
              : `the project already has a different code “${wanted}” ${where}`,
          };
        }
      }
    }
    if (step.id !== null) this.claimedCodes.set(step.id, step);
    if (code.guid && !this.codeByGuid.has(code.guid)) this.codeByGuid.set(code.guid, step);
    this.result.codes.push(step);
    this.addMemo('code', step, this.notesFor(code.noteRefs, 'code', step));
    return step;
  }

  private codePath(id: number): string {
    const names: string[] = [];
    for (let c: number | null = id; c !== null && names.length < 100;) {
      const row: { name: string; parentId: number | null } = codeNameAndParent(this.db).get(c)!;
      names.unshift(row.name);
      c = row.parentId;
    }
    return names.join(' › ');
  }

  /** A code by GUID: one of the file, or one here the file refers to without having it in its codebook. */
  private codeStep(guid: string | null): Step | undefined {
    if (!guid) return undefined;
    const step = this.codeByGuid.get(guid);
    if (step) return step;
    const id = codeByGuid(this.db).get(guid);
    return id === undefined ? undefined : { id };
  }

  // -- Groups -------------------------------------------------------------------

  private planGroups(): void {
    const claimedByGuid = new Set(this.input.sets.flatMap((s) => (s.guid ? [s.guid] : [])));
    for (const set of this.input.sets) {
      const wanted = set.name || 'Unnamed group';
      const notes = set.noteMembers
        ? `${plural(set.noteMembers, 'note')}, which ${set.noteMembers === 1 ? 'was' : 'were'} left out: Quire's sets hold codes or documents`
        : '';
      // A set of sources is a document set (sets-plan.ts); only codes make a code group.
      if (!set.codeGuids.length && (set.sourceGuids.length || set.noteMembers)) {
        if (notes)
          this.result.skipped.push(
            `The set “${wanted}” holds ${notes}${set.sourceGuids.length ? '' : ', so it was not imported'}.`,
          );
        continue;
      }
      if (notes) this.result.skipped.push(`The set “${wanted}” also holds ${notes}.`);
      const members = [...new Set(set.codeGuids)]
        .map((g) => this.codeStep(g))
        .filter((s): s is Step => s !== undefined);
      const step: GroupStep = {
        set,
        id: null,
        name: wanted,
        exclusive: set.exclusive,
        by: null,
        differs: null,
        renamed: null,
        members,
      };
      const byGuid = set.guid ? groupByGuid(this.db).get(set.guid) : undefined;
      const byName = groupNamed(this.db).get(wanted);
      const ours =
        byGuid && !this.claimedGroups.has(byGuid.id)
          ? byGuid
          : byName && !this.claimedGroups.has(byName.id) && !claimedByGuid.has(byName.guid)
            ? byName
            : undefined;
      if (ours) {
        Object.assign(step, { id: ours.id, name: ours.name, by: ours === byGuid ? 'guid' : 'name' });
        const differences = [
          ours.name !== wanted ? `is called “${ours.name}” here` : '',
          (ours.exclusive === 1) !== set.exclusive
            ? ours.exclusive === 1
              ? 'is exclusive here, not there'
              : 'is exclusive there, not here'
            : '',
        ].filter(Boolean);
        if (differences.length) step.differs = `The group “${wanted}” ${differences.join(' and ')}`;
        this.claimedGroups.set(ours.id, step);
      } else {
        const planned = this.result.groups.filter((g) => g.id === null).map((g) => g.name.toLowerCase());
        step.name = freeName(wanted, (n) => planned.includes(n.toLowerCase()) || !!groupNamed(this.db).get(n));
        if (step.name !== wanted) {
          const other = byName ? this.input.sets.find((s) => s.guid === byName.guid && s !== set) : undefined;
          step.renamed = {
            from: wanted,
            why: other
              ? `the group “${byName!.name}” here is their “${other.name}”`
              : 'the project already has a different group of that name',
          };
        }
      }
      this.result.groups.push(step);
    }
  }

  // -- Codings ------------------------------------------------------------------

  private planCodings(d: RefiDocument, unknownCodes: Set<string>): void {
    const document = this.documentByGuid.get(d.guids[0]!);
    if (!document) return;
    const uncertain = new Set<CodingStep>();
    for (const p of d.passages) {
      const span = wholeCharacters(d.text, p.start, p.end);
      let first: CodingStep | undefined;
      for (const k of p.codings) {
        const code = this.codeStep(k.codeGuid);
        if (!code) {
          unknownCodes.add(k.codeGuid ?? '');
          continue;
        }
        const coder = this.coderOf(k.user ?? p.user);
        const step = this.codingStep(document, code, coder, span, k.guid, k.created ?? p.created);
        // A coding already here at that place needs no checking: that place is where someone put it.
        if (p.uncertain && step.id === null && !uncertain.has(step)) {
          uncertain.add(step);
          this.result.uncertain.push({ step, code: this.codeName(code) });
        }
        first ??= step;
        if (k.guid) this.codingByGuid.set(k.guid, step);
        this.addMemo('coding', step, this.notesFor(k.noteRefs, 'coding', step));
      }
      if (!first) continue;
      if (p.guid) this.codingByGuid.set(p.guid, first);
      // Quire has no passages apart from codings: what is written about a passage goes to its first coding.
      this.addMemo('coding', first, [p.description, ...this.notesFor(p.noteRefs, 'coding', first)], p.user);
    }
    const n = uncertain.size;
    if (n && d.positionsDoubt) {
      this.result.notes.push(
        `“${document.here ?? d.name}”: ${plural(n, 'coding')} may sit a few characters off ${n === 1 ? 'its' : 'their'} passage: ${d.positionsDoubt}. Check ${n === 1 ? 'it' : 'them'} (listed under “Codings to check”).`,
      );
    }
  }

  /** A code's name here, or as it will be added. */
  private codeName(step: Step): string {
    return 'name' in step ? (step as CodeStep).name : codeName(this.db).get(step.id!)!;
  }

  /** The coding as planned: one already here (the same GUID, or the same coder, code and span), one planned before, or a new one. */
  private codingStep(
    document: DocumentStep,
    code: Step,
    coder: CoderStep,
    span: { start: number; end: number },
    guid: string | null,
    created: string | null,
  ): CodingStep {
    const key = [document.hash, this.token(code), this.token(coder), span.start, span.end].join('|');
    const planned = this.codingByKey.get(key);
    if (planned) return planned;
    let id: number | undefined;
    if (document.id !== null && code.id !== null) {
      if (guid) id = codingByGuid(this.db).get(guid, document.id, code.id);
      if (id === undefined && coder.id !== null) id = findCoding(this.db, document.id, code.id, coder.id, span);
    }
    const same = id === undefined ? undefined : this.codingHere.get(id);
    if (same) return same;
    const step: CodingStep = { id: id ?? null, document, code, coder, ...span, guid, created };
    this.codingByKey.set(key, step);
    if (id !== undefined) this.codingHere.set(id, step);
    this.result.codings.push(step);
    return step;
  }

  /** A key for a step: its row here, or (not yet written) the step itself. */
  private token(step: Step): string {
    if (step.id !== null) return String(step.id);
    let t = this.tokens.get(step);
    if (!t) this.tokens.set(step, (t = `new ${this.tokens.size}`));
    return t;
  }

  // -- Exclusive groups -----------------------------------------------------------

  /**
   * Nothing here is overwritten, and no passage ends up holding two values of
   * an exclusive group by one coder: a new exclusive group whose codings
   * (ours and the file's) already break that comes in as an ordinary group;
   * a code here is not added to an exclusive group here when its codings
   * would conflict with the group's; a coding of the file that would conflict
   * with one here, or with one of the file's before it, is not added. Each
   * is said, in the notes or in what is not carried over.
   */
  private keepExclusive(): void {
    const held = new PlannedValues<PlannedValue & { step: CodingStep | null }>(this.plannedGroups());
    // Ours first, in the documents the file codes: what is here stays.
    const documents = this.result.documents.filter((d) => d.id !== null);
    const ours = this.db.prepare<
      [documentIds: string],
      { documentId: number; coderId: number; codeId: number; start: number; end: number }
    >(
      `SELECT document_id AS documentId, coder_id AS coderId, code_id AS codeId, start, "end" FROM codings
       WHERE orphaned = 0 AND document_id IN (SELECT value FROM json_each(?)) ORDER BY created_at, id`,
    );
    for (const k of ours.all(JSON.stringify(documents.map((d) => d.id)))) {
      held.add({
        document: String(k.documentId),
        coder: String(k.coderId),
        code: String(k.codeId),
        start: k.start,
        end: k.end,
        step: null,
      });
    }
    const kept: CodingStep[] = [];
    for (const k of this.result.codings) {
      if (k.id !== null) {
        kept.push(k);
        continue;
      }
      const value = {
        document: this.token(k.document),
        coder: this.token(k.coder),
        code: this.token(k.code),
        start: k.start,
        end: k.end,
        step: k,
      };
      const clash = held.clashes(value)[0];
      if (!clash) {
        held.add(value);
        kept.push(k);
        continue;
      }
      this.heldBack.set(k, {
        other: this.codeNameByToken(clash.with.code),
        group: clash.group,
        here: clash.with.step === null,
      });
      if (this.memoParts.delete(k)) this.heldBackMemos++;
    }
    this.result.codings = kept;
  }

  /**
   * The groups as the merge would leave them, codes by token: ours with the
   * codes the file adds to them, and the file's new ones. Decides, first,
   * which of the file's codes join an exclusive group here and which new
   * groups stay exclusive.
   */
  private plannedGroups(): PlannedGroup[] {
    const members = this.db
      .prepare<[], { groupId: number; codeId: number }>(
        'SELECT group_id AS groupId, code_id AS codeId FROM code_group_members',
      )
      .all();
    const ours = new Map(
      this.db
        .prepare<[], { id: number; name: string; exclusive: number }>('SELECT id, name, exclusive FROM code_groups')
        .all()
        .map((g) => [
          g.id,
          {
            name: g.name,
            exclusive: g.exclusive === 1,
            members: new Set(members.filter((m) => m.groupId === g.id).map((m) => String(m.codeId))),
          },
        ]),
    );
    const added: PlannedGroup[] = [];
    for (const step of this.result.groups) {
      const here = step.id === null ? undefined : ours.get(step.id);
      if (here) this.joinGroupHere(step, here);
      else {
        if (step.exclusive) this.checkNewExclusive(step);
        added.push({
          name: step.name,
          exclusive: step.exclusive,
          members: new Set(step.members.map((m) => this.token(m))),
        });
      }
    }
    return [...ours.values(), ...added];
  }

  /** The file's codes join a group here; a code here joins an exclusive one only when its codings here do not conflict with the group's. */
  private joinGroupHere(step: GroupStep, here: { name: string; exclusive: boolean; members: Set<string> }): void {
    for (const member of [...step.members]) {
      const token = this.token(member);
      if (here.members.has(token)) continue;
      // Codes the file adds have no codings here yet: the file's codings of them are checked one by one (keepExclusive).
      const codesHere = [...here.members, token].filter((t) => /^\d+$/.test(t)).map(Number);
      const found =
        here.exclusive && member.id !== null ? conflictsIfExclusive(this.db, codesHere, here.name, member.id) : [];
      if (found.length) {
        step.members = step.members.filter((m) => m !== member);
        this.result.skipped.push(
          `“${this.codeNameByToken(token)}” was not added to the group “${here.name}”: it is exclusive here, and ${describeConflicts(found, 'would hold', true)}.`,
        );
      } else here.members.add(token);
    }
  }

  /** A new exclusive group stays exclusive only when no passage holds two of its values by one coder, here or in the file. */
  private checkNewExclusive(step: GroupStep): void {
    const tokens = step.members.map((m) => this.token(m));
    const codesHere = step.members.flatMap((m) => (m.id === null ? [] : [m.id]));
    const here = codesHere.length > 1 ? conflictsIfExclusive(this.db, codesHere, step.name) : [];
    const values = new PlannedValues([{ name: step.name, exclusive: true, members: tokens }]);
    let there = 0;
    for (const k of this.result.codings) {
      const value = {
        document: this.token(k.document),
        coder: this.token(k.coder),
        code: this.token(k.code),
        start: k.start,
        end: k.end,
      };
      if (!tokens.includes(value.code)) continue;
      if (values.clashes(value).length) there++;
      values.add(value);
    }
    if (!here.length && !there) return;
    step.exclusive = false;
    const why = here.length
      ? describeConflicts(here, 'hold', true)
      : `${plural(there, 'passage')} in the file ${there === 1 ? 'holds' : 'hold'} two of its values by the same coder`;
    this.result.notes.push(
      `The group “${step.name}” is exclusive in the file, but ${why}: it comes in as an ordinary group. Make it exclusive in the codes panel to choose which value each passage keeps.`,
    );
  }

  /** A code's name, by token: a code of the file, or one here. */
  private codeNameByToken(token: string): string {
    const step = [...this.tokens].find(([, t]) => t === token)?.[0] as CodeStep | undefined;
    if (step) return step.name;
    return codeName(this.db).get(Number(token)) ?? token;
  }

  /** What was not added for the rule of exclusive groups, in one sentence that names the first passages. */
  private heldBackSkipped(): string | null {
    const n = this.heldBack.size;
    if (!n) return null;
    const items = [...this.heldBack].slice(0, 5).map(([k, why]) => {
      const text = k.document.doc.text;
      const quote = text.slice(toUtf16Index(text, k.start), toUtf16Index(text, k.end));
      return `“${clip(quote)}” in “${clip(k.document.here ?? k.document.doc.name, 60)}”: “${this.codeNameByToken(this.token(k.code))}” by ${k.coder.name}, over “${why.other}” (${why.here ? 'here' : 'earlier in the file'})`;
    });
    const memos = this.heldBackMemos ? `, nor ${plural(this.heldBackMemos, 'memo')} on them` : '';
    return (
      `${plural(n, 'coding')} ${n === 1 ? 'was' : 'were'} not added${memos}: ${n === 1 ? 'it' : 'each'} would give a passage two values of an exclusive group ` +
      `(${[...new Set([...this.heldBack.values()].map((w) => `“${w.group}”`))].join(', ')}) by the same coder, and the value already there is kept — ${items.join('; ')}${n > 5 ? `; and ${n - 5} more` : ''}.`
    );
  }

  // -- Memos --------------------------------------------------------------------

  /** Notes attached through Links (NVivo's way) rather than NoteRefs. */
  private attachLinkedNotes(): void {
    for (const [a, b] of this.input.links) {
      for (const [note, other] of [
        [a, b],
        [b, a],
      ] as const) {
        if (!this.input.notes.has(note) || this.usedNotes.has(note)) continue;
        const coding = this.codingByGuid.get(other);
        const document = this.documentByGuid.get(other);
        const code = this.codeByGuid.get(other);
        if (coding && this.heldBack.has(coding)) {
          // A note on a coding that is not added is not added either, and is counted with it.
          this.heldBackMemos += this.notesFor([note], 'coding', coding).length;
        } else if (coding) this.addMemo('coding', coding, this.notesFor([note], 'coding', coding));
        else if (document) this.addMemo('document', document, this.notesFor([note], 'document', document));
        else if (code) this.addMemo('code', code, this.notesFor([note], 'code', code));
      }
    }
  }

  /**
   * The notes with these GUIDs, as memo parts of `of`; a note is used once.
   * A journal entry or free memo Quire wrote is not a memo of what it refers
   * to but a note of its own linked to it: it is kept for planFreeNotes.
   */
  private notesFor(guids: readonly string[], target: MemoTarget, of: DocumentStep | CodeStep | CodingStep): MemoPart[] {
    return guids.flatMap((g) => {
      const note = this.input.notes.get(g);
      if (!note) return [];
      if (note.kind) {
        this.freeNoteLinks.set(g, [...(this.freeNoteLinks.get(g) ?? []), { type: target, of }]);
        return [];
      }
      if (this.usedNotes.has(g)) return [];
      this.usedNotes.add(g);
      return [{ text: note.text, note, user: note.user }];
    });
  }

  /**
   * Notes that stand on their own: journal entries and free memos Quire wrote
   * (with the links it wrote as references), and a note of another program
   * attached to nothing (MAXQDA's free memos, ATLAS.ti's memos, NVivo's
   * memos without links). A note already here (by GUID) is not added again.
   */
  private planFreeNotes(): void {
    const added: string[] = [];
    let present = 0;
    for (const note of this.input.notes.values()) {
      if (!note.kind && (this.usedNotes.has(note.guid) || !note.text.trim())) continue;
      if (noteExists(this.db, note.guid)) {
        present++;
        continue;
      }
      const links = (this.freeNoteLinks.get(note.guid) ?? []).filter(
        (l) => !(l.type === 'coding' && this.heldBack.has(l.of as CodingStep)),
      );
      this.result.freeNotes.push({ note, kind: note.kind ?? 'memo', coder: this.coderOf(note.user), links });
      added.push(note.name);
    }
    if (added.length) {
      this.result.notes.push(
        `${plural(added.length, 'memo')} that stand${added.length === 1 ? 's' : ''} on ${added.length === 1 ? 'its' : 'their'} own (${quoted(added, 5)}) ${added.length === 1 ? 'is' : 'are'} added to the journal and memos.`,
      );
    }
    if (present)
      this.result.notes.push(
        `${plural(present, 'journal entry or memo', 'journal entries and memos')} of the file ${present === 1 ? 'is' : 'are'} here already and ${present === 1 ? 'was' : 'were'} left as ${present === 1 ? 'it is' : 'they are'}.`,
      );
  }

  private addMemo(
    target: MemoTarget,
    of: DocumentStep | CodeStep | CodingStep,
    parts: readonly (MemoPart | string)[],
    user: string | null = null,
  ): void {
    const list = parts
      .map((p) => (typeof p === 'string' ? { text: p, note: null, user } : p))
      .filter((p) => p.text.trim());
    if (!list.length) return;
    const entry = this.memoParts.get(of) ?? { target, parts: [] };
    entry.parts.push(...list);
    this.memoParts.set(of, entry);
  }

  /**
   * One memo per target and coder (each coder writes their own): the file's
   * texts by that coder joined, appended to the coder's memo here unless it
   * holds them already.
   */
  private planMemos(): void {
    for (const [of, { target, parts: all }] of this.memoParts) {
      const byCoder = new Map<CoderStep, MemoPart[]>();
      for (const p of all) {
        // A note on a coding that names no writer is the coding's own comment: its coder's.
        const coder = target === 'coding' && !p.user ? (of as CodingStep).coder : this.coderOf(p.user);
        byCoder.set(coder, [...(byCoder.get(coder) ?? []), p]);
      }
      for (const [coder, parts] of byCoder) this.planMemo(target, of, coder, parts);
    }
  }

  private planMemo(
    target: MemoTarget,
    of: DocumentStep | CodeStep | CodingStep,
    coder: CoderStep,
    parts: readonly MemoPart[],
  ): void {
    // One normalising of line breaks for every reader, so a text already here is recognised.
    const texts = [...new Set(parts.map((p) => p.text.replace(/\r\n?/g, '\n')))];
    const existing = of.id === null || coder.id === null ? undefined : memoOf(this.db).get(target, of.id, coder.id);
    const missing = existing ? texts.filter((t) => !existing.text.includes(t)) : texts;
    if (!missing.length) return;
    const users = [...new Set(parts.flatMap((p) => (p.user ? [p.user] : [])))];
    const authors = [
      ...new Set(
        users.flatMap(
          (u) => this.coderByGuid.get(u)?.name ?? this.input.users.find((x) => x.guid === u)?.name?.trim() ?? [],
        ),
      ),
    ];
    const created = parts.map((p) => p.note?.created).find(Boolean) ?? null;
    this.result.memos.push({
      target,
      of,
      texts: missing,
      existing: existing ?? null,
      coder,
      authors,
      guid: parts.length === 1 ? (parts[0]!.note?.guid ?? null) : null,
      created,
      modified: parts.map((p) => p.note?.modified).find(Boolean) ?? created,
      label: this.memoLabel(target, of),
    });
  }

  private memoLabel(target: MemoTarget, of: DocumentStep | CodeStep | CodingStep): string {
    if (target === 'document') {
      const d = of as DocumentStep;
      return `the document “${d.here ?? d.doc.name}”`;
    }
    if (target === 'code') return `the code “${(of as CodeStep).name}”`;
    const k = of as CodingStep;
    return `${k.coder.name}’s coding of “${clip(quoteOf(k))}”`;
  }

  // -- What the plan says, in words ------------------------------------------------

  /** Notes on what the lists of the summary do not show (mergeNotes in shared/merge-summary.ts says those in words). */
  private describe(): void {
    const { result } = this;
    const held = this.heldBackSkipped();
    if (held) result.skipped.push(held);
    if (this.unknownUsers)
      result.notes.push(
        `${plural(this.unknownUsers, 'coding or memo names', 'codings and memos name')} no known user; ${this.unknownUsers === 1 ? 'it is' : 'they are'} credited to you.`,
      );
    result.skipped.unshift(...this.input.skipped);
    result.notes.unshift(...this.input.info);
  }
}

/** The plan in plain counts and lists, taken before it is written (writing fills in the ids): what the preview shows, and what the merge does. */
export function summarise(plan: MergePlan): MergeSummary {
  const here = (s: CodeStep) => {
    const names: string[] = [];
    for (let c: CodeStep | null = s; c; c = c.parent) names.unshift(c.name);
    return names.join(' › ');
  };
  const byCoder = new Map<string, { coder: string; added: number; present: number }>();
  for (const k of plan.codings) {
    const row = byCoder.get(k.coder.name) ?? { coder: k.coder.name, added: 0, present: 0 };
    row[k.id === null ? 'added' : 'present']++;
    byCoder.set(k.coder.name, row);
  }
  return {
    file: plan.file,
    documents: {
      added: plan.documents.filter((d) => d.here === null).map((d) => d.doc.name),
      present: plan.documents.filter((d) => d.here !== null).map((d) => ({ name: d.doc.name, here: d.here! })),
    },
    codes: {
      merged: plan.codes
        .filter((c) => c.by)
        .map((c) => ({ name: c.path, here: here(c), by: c.by!, differs: c.differs })),
      added: plan.codes.filter((c) => !c.by && !c.renamed).map(here),
      renamed: plan.codes.filter((c) => c.renamed).map((c) => ({ name: c.path, as: here(c), why: c.renamed!.why })),
    },
    groups: {
      merged: plan.groups
        .filter((g) => g.by)
        .map((g) => ({ name: g.set.name, here: g.name, by: g.by!, differs: g.differs })),
      added: plan.groups.filter((g) => !g.by && !g.renamed).map((g) => g.name),
      renamed: plan.groups
        .filter((g) => g.renamed)
        .map((g) => ({ name: g.renamed!.from, as: g.name, why: g.renamed!.why })),
    },
    coders: {
      added: plan.coders.filter((c) => c.id === null).map((c) => c.name),
      matched: plan.coders.filter((c) => c.id !== null).map((c) => c.name),
    },
    codings: {
      added: [...byCoder.values()].reduce((n, r) => n + r.added, 0),
      present: [...byCoder.values()].reduce((n, r) => n + r.present, 0),
      byCoder: [...byCoder.values()],
    },
    memos: {
      added: plan.memos.filter((m) => !m.existing).length,
      appended: plan.memos.filter((m) => m.existing).map((m) => m.label),
    },
    notes: plan.notes,
    skipped: plan.skipped,
    uncertain: plan.uncertain.map(({ step: k, code }) => ({
      document: k.document.here ?? k.document.doc.name,
      code,
      coder: k.coder.name,
      ...placed(k),
    })),
  };
}

/** Where a coding step sits: the text it covers (cut to 100 characters) and 20 characters on either side, whitespace folded. */
function placed(k: CodingStep): { quote: string; before: string; after: string } {
  const text = k.document.doc.text;
  const at = (p: number) => toUtf16Index(text, p);
  const fold = (s: string) => s.replace(/\s+/g, ' ');
  return {
    quote: clip(quoteOf(k), 100),
    before: fold(text.slice(at(Math.max(0, k.start - 20)), at(k.start))).trimStart(),
    after: fold(text.slice(at(k.end), at(k.end + 20))).trimEnd(),
  };
}

/** The text a coding step covers. */
function quoteOf(k: CodingStep): string {
  const text = k.document.doc.text;
  return text.slice(toUtf16Index(text, k.start), toUtf16Index(text, k.end));
}
